import { scriptRule } from '../analyze/model.js';
import type { Fix } from '../../core/model.js';
import type { AnalyzedScript } from '../analyze/model.js';
import { evalMayExec, type UnknownLaunch } from '../analyze/launch.js';
import { commandArguments } from '../parse/nodes.js';

/**
 * What `eval "$CMD"` runs is only known at run time. As the script's last step, `eval exec "$CMD"` makes it PID 1,
 * which is right when the text is one program; but when it holds several commands (`migrate && serve`, `a; b`)
 * or a shell builtin, `exec` changes what runs. So the fix exists and is unsafe.
 */
export const EW112 = scriptRule({
  id: 'EW112',
  name: 'eval-launch',
  description: 'The main program comes from `eval`: what runs is only known at run time; `eval exec` is offered as an unsafe fix where eval is the last step.',
  kinds: {
    'eval-exec': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Write `eval exec`',
      message: (d) =>
        `the program is started by \`${d.command}\` as a child of the shell and never receives SIGTERM; \`eval exec …\` makes it PID 1, but if the text holds several commands (\`a && b\`, \`a; b\`) or a shell builtin, exec changes what runs: check it first`,
    },
    eval: {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `the program is started by \`${d.command}\`; what it runs is only known at run time. Write \`exec\` inside the evaluated command, or exec the program directly`,
    },
  },
  check(script, report) {
    for (const unknown of script.launch.unknown) {
      if (unknown.reason !== 'eval') continue;
      const fix = evalExecFix(script, unknown);
      report({
        kind: fix ? 'eval-exec' : 'eval',
        start: unknown.node.startIndex,
        end: unknown.node.endIndex,
        data: { command: unknown.node.text.split('\n')[0]!, ...(fix ? { fix: 'unsafe' } : {}) },
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * `eval exec …` for an `eval` that is the script's own last step: at the top level or as the last step of a branch
 * or of a function called last, with nothing after it that `exec` would skip (no `||` fallback, no cleanup lines,
 * not in a pipeline, subshell or loop), and whose text cannot already start with `exec`.
 */
function evalExecFix(script: AnalyzedScript, unknown: UnknownLaunch): Fix | undefined {
  const { launch } = script;
  if (launch.terminal.kind !== 'unknown' || !launch.terminal.launches.includes(unknown)) return undefined;
  if (unknown.blocked || unknown.external || launch.trailing.length > 0) return undefined;
  if (evalMayExec(unknown.node, script.scope.variables)) return undefined;
  const first = commandArguments(unknown.node)[0];
  if (!first) return undefined;
  return { edits: [{ start: first.startIndex, end: first.startIndex, text: 'exec ' }], applicability: 'unsafe' };
}
