import { scriptRule } from '../analyze/model.js';
import { leadsTo, trackFix, wrapperFix } from '../fixes/launch-fixes.js';

/** Background programs that nobody forwards the stop signal to: they are SIGKILLed at the deadline. */
export const EW102 = scriptRule({
  id: 'EW102',
  name: 'unforwarded-background-jobs',
  description: 'Programs started with `&` never receive the stop signal: nothing forwards it to them.',
  kinds: {
    jobs: {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs",
      message: (d) => jobsMessage(d),
    },
    // An interactive shell holds the container (EW103 says why replacing it is unsafe).
    'jobs-under-interactive-shell': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs in place of the interactive shell",
      message: (d) => jobsMessage(d),
    },
    orphaned: {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs",
      message: (d) => `\`${d.program}\` is started in the background and \`exec ${d.main}\` then replaces the shell: it is orphaned and never receives the stop signal`,
    },
    'ends-at-once': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: "Put execwrap's forwarding wrapper around the programs and wait for them",
      message: (d) =>
        `${d.count} program(s) started with \`&\` (first: \`${d.program}\`) never receive the stop signal, and the script ends right after starting them, so the container stops at once; a wait for them (an unsafe fix: it changes when the container ends, and fits only a script run as the entrypoint) keeps it running until they end`,
    },
    detached: {
      severity: 'error',
      fix: 'none',
      message: (d) => `\`${d.program}\` is started in a throwaway subshell; its PID is lost, so no signal can be forwarded to it`,
    },
    untracked: {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Hand the job's PID to the wrapper",
      message: (d) =>
        `\`${d.program}\` is started with \`&\` but its PID is not handed to execwrap's wrapper (\`_ew_started "$!"\` on the next line): it never receives the stop signal and is not waited for`,
    },
  },
  check(script, report) {
    const { launch } = script;
    for (const node of launch.detached) {
      report({ start: node.startIndex, end: node.endIndex, kind: 'detached', data: { program: node.text.split('\n')[0]!, detached: 'true' } });
    }
    if (launch.generated) {
      // A program added below execwrap's wrapper without the line that hands its PID over.
      for (const statement of launch.untracked) {
        report({ kind: 'untracked', start: statement.node.startIndex, end: statement.end, data: { program: statement.node.text.split('\n')[0]!, untracked: 'true' }, fix: trackFix(script, statement) });
      }
      return;
    }
    // With daemons to turn into jobs first (EW111), the wrapper comes in the pass after that.
    if (launch.ok || launch.launcher === 'unknown' || launch.detached.length > 0 || launch.daemons.length > 0) return;
    const jobs = launch.background.filter((j) => !j.temporary);
    if (jobs.length === 0) return;
    const first = jobs[0]!;
    // The `exec` the first job is orphaned by: the one it leads to (`if …; then exec a; else job & exec b; fi`: b).
    const execs = launch.terminal.kind === 'programs' ? launch.terminal.sites.filter((s) => s.exec) : [];
    const finalExec = execs.find((s) => leadsTo(first.statement.node, s.command)) ?? execs[0];
    if (launch.forwardingTrap && !finalExec) return; // a hand-written wrapper: EW105/EW106 judge it
    const fix = wrapperFix(script);
    report({
      kind:
        launch.terminal.kind === 'nothing'
          ? 'ends-at-once'
          : finalExec
            ? 'orphaned'
            : launch.terminal.kind === 'keepalive' && launch.terminal.interactive
              ? 'jobs-under-interactive-shell'
              : 'jobs',
      start: first.statement.node.startIndex,
      end: first.statement.end,
      data: {
        program: first.site.programName ?? first.site.command.text,
        count: String(jobs.length),
        ...(jobs.some((j) => j.inLoop) ? { loop: 'true' } : {}),
        ...(finalExec ? { orphaned: 'true', main: finalExec.programName ?? finalExec.programWord?.text ?? '' } : {}),
        ...(launch.terminal.kind === 'nothing' ? { endsAtOnce: 'true' } : {}),
      },
      ...(fix ? { fix } : {}),
    });
  },
});

function jobsMessage(d: Record<string, string>): string {
  return d.loop
    ? `programs started with \`&\` in a loop (first: \`${d.program}\`) never receive the stop signal: the shell does not forward it`
    : `${d.count} program(s) started with \`&\` (first: \`${d.program}\`) never receive the stop signal: the shell does not forward it`;
}
