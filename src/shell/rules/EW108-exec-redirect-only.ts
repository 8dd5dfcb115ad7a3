import { scriptRule } from '../analyze/model.js';
import { isRedirectOnlyExec } from '../analyze/launch.js';

/** `exec >>log 2>&1` only redirects the shell's output; the program after it still runs as a child. */
export const EW108 = scriptRule({
  id: 'EW108',
  name: 'exec-redirect-only',
  description: '`exec` with only redirections changes where output goes; it does not make the next program PID 1.',
  kinds: {
    'redirect-only': {
      severity: 'info',
      fix: 'none',
      message: (d) => `\`${d.text}\` only redirects the shell's output; \`${d.program}\` on line ${d.line} still needs its own \`exec\``,
    },
  },
  check(script, report) {
    const { launch } = script;
    if (launch.terminal.kind !== 'programs') return;
    const site = launch.terminal.sites.find((s) => !s.exec && s.contexts.includes('direct'));
    if (!site) return;
    for (const statement of launch.statements.slice(0, launch.terminalIndex)) {
      if (!isRedirectOnlyExec(statement.node)) continue;
      report({
        kind: 'redirect-only',
        start: statement.node.startIndex,
        end: statement.node.endIndex,
        data: { text: statement.node.text, program: site.programName ?? '', line: String(script.lines.position(site.command.startIndex).line) },
      });
    }
  },
});
