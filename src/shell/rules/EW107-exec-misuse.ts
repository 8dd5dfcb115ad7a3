import { scriptRule } from '../analyze/model.js';
import { commandName, unwrapRedirects } from '../parse/nodes.js';
import { CLEANUP } from '../analyze/commands.js';
import { wrapperFix } from '../fixes/launch-fixes.js';

/**
 * `exec` that does not do what it looks like: in a background job it replaces only the job's subshell;
 * after a foreground program that never returns it is never reached.
 */
export const EW107 = scriptRule({
  id: 'EW107',
  name: 'exec-misuse',
  description: '`exec` in a background job replaces only the job, `exec` after a program that never returns is never reached, and lines after a top-level `exec` never run.',
  kinds: {
    background: {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs",
      message: (d) => backgroundMessage(d),
    },
    // The script ends right after starting it: the wrapper's wait changes when the container ends (EW102 says so).
    'background-then-ends': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs and wait for them",
      message: (d) => backgroundMessage(d),
    },
    unreachable: {
      severity: 'warning',
      fix: 'none',
      message: (d) => `\`exec\` on line ${d.line} is never reached: \`${d.program}\` on line ${d.blockerLine} runs in the foreground and does not return`,
    },
    'dead-code': {
      severity: 'warning',
      fix: 'none',
      message: (d) =>
        `${d.from === d.to ? `line ${d.from} never runs` : `lines ${d.from}–${d.to} never run`}: \`${d.ender}\` on line ${d.line} ${d.ender!.startsWith('exit') ? 'ends the script' : 'replaces the shell'} before ${d.from === d.to ? 'it' : 'them'}; move it after them if they should run`,
    },
  },
  check(script, report) {
    const { launch } = script;
    for (const job of launch.background) {
      const command = unwrapRedirects(job.statement.node);
      if (command.type === 'command' && commandName(command) === 'exec' && !launch.ok && launch.daemons.length === 0) {
        const fix = wrapperFix(script);
        report({ kind: fix?.applicability === 'unsafe' ? 'background-then-ends' : 'background', start: command.startIndex, end: job.statement.end, data: { kind: 'background', program: job.site.programName ?? '' }, ...(fix ? { fix } : {}) });
      }
    }
    const dead = script.unreachable;
    if (dead && dead.statements.some((s) => s.node.type !== 'function_definition' && !CLEANUP.has(commandName(unwrapRedirects(s.node)) ?? ''))) {
      const { lines } = script;
      report({
        kind: 'dead-code',
        start: dead.ender.startIndex,
        end: dead.ender.endIndex,
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
      kind: 'unreachable',
      start: unreachable.command.startIndex,
      end: unreachable.command.endIndex,
      data: {
        kind: 'unreachable',
        program: blocking.programName ?? '',
        line: String(script.lines.position(unreachable.command.startIndex).line),
        blockerLine: String(script.lines.position(blocking.command.startIndex).line),
      },
    });
  },
});

function backgroundMessage(d: Record<string, string>): string {
  return `\`exec ${d.program} &\` replaces only the background job, not the shell: the shell stays PID 1 and does not forward signals`;
}
