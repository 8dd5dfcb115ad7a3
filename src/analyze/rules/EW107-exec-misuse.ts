import type { Rule } from '../model.js';
import { commandName, unwrapRedirects } from '../../parse/nodes.js';
import { wrapperFix } from '../../fix/launch-fixes.js';

/**
 * `exec` that does not do what it looks like: in a background job it replaces only the job's subshell;
 * after a foreground program that never returns it is never reached.
 */
export const EW107: Rule = {
  id: 'EW107',
  name: 'exec-misuse',
  severity: 'error',
  description: '`exec` in a background job replaces only the job, and `exec` after a program that never returns is never reached.',
  fixable: true,
  message: (d) =>
    d.kind === 'background'
      ? `\`exec ${d.program} &\` replaces only the background job, not the shell: the shell stays PID 1 and does not forward signals`
      : `\`exec\` on line ${d.line} is never reached: \`${d.program}\` on line ${d.blockerLine} runs in the foreground and does not return`,
  check(script, report) {
    const { launch } = script;
    for (const job of launch.background) {
      const command = unwrapRedirects(job.statement.node);
      if (command.type === 'command' && commandName(command) === 'exec' && !launch.ok) {
        const fix = wrapperFix(script);
        report({ start: command.startIndex, end: job.statement.end, data: { kind: 'background', program: job.site.programName ?? '' }, ...(fix ? { fix } : {}) });
      }
    }
    const unreachable = launch.unreachableExec;
    if (!unreachable || launch.terminal.kind !== 'programs') return;
    const blocking = launch.terminal.sites[0]!;
    report({
      start: unreachable.command.startIndex,
      end: unreachable.command.endIndex,
      severity: 'warning',
      data: {
        kind: 'unreachable',
        program: blocking.programName ?? '',
        line: String(script.lines.position(unreachable.command.startIndex).line),
        blockerLine: String(script.lines.position(blocking.command.startIndex).line),
      },
    });
  },
};
