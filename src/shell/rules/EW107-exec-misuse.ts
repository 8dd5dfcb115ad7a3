import type { ScriptRule } from '../analyze/model.js';
import { commandName, unwrapRedirects } from '../parse/nodes.js';
import { CLEANUP } from '../analyze/commands.js';
import { wrapperFix } from '../fixes/launch-fixes.js';

/**
 * `exec` that does not do what it looks like: in a background job it replaces only the job's subshell;
 * after a foreground program that never returns it is never reached.
 */
export const EW107: ScriptRule = {
  id: 'EW107',
  name: 'exec-misuse',
  severity: 'error',
  description: '`exec` in a background job replaces only the job, `exec` after a program that never returns is never reached, and lines after a top-level `exec` never run.',
  fixable: true,
  message: (d) =>
    d.kind === 'dead-code'
      ? `${d.from === d.to ? `line ${d.from} never runs` : `lines ${d.from}–${d.to} never run`}: \`${d.ender}\` on line ${d.line} ${d.ender.startsWith('exit') ? 'ends the script' : 'replaces the shell'} before ${d.from === d.to ? 'it' : 'them'}; move it after them if they should run`
      : d.kind === 'background'
      ? `\`exec ${d.program} &\` replaces only the background job, not the shell: the shell stays PID 1 and does not forward signals`
      : `\`exec\` on line ${d.line} is never reached: \`${d.program}\` on line ${d.blockerLine} runs in the foreground and does not return`,
  check(script, report) {
    const { launch } = script;
    for (const job of launch.background) {
      const command = unwrapRedirects(job.statement.node);
      if (command.type === 'command' && commandName(command) === 'exec' && !launch.ok && launch.daemons.length === 0) {
        const fix = wrapperFix(script);
        report({ start: command.startIndex, end: job.statement.end, data: { kind: 'background', program: job.site.programName ?? '' }, ...(fix ? { fix } : {}) });
      }
    }
    const dead = script.unreachable;
    if (dead && dead.statements.some((s) => s.node.type !== 'function_definition' && !CLEANUP.has(commandName(unwrapRedirects(s.node)) ?? ''))) {
      const { lines } = script;
      report({
        start: dead.ender.startIndex,
        end: dead.ender.endIndex,
        severity: 'warning',
        data: {
          kind: 'dead-code',
          ender: dead.ender.text.split('\n')[0]!,
          line: String(lines.position(dead.ender.startIndex).line),
          from: String(lines.position(dead.from).line),
          to: String(lines.position(dead.statements[dead.statements.length - 1]!.end).line),
        },
      });
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
