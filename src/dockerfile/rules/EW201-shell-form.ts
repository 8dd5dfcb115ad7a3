import { jsonArray } from '../../shell/render/shell-quote.js';
import { setLaunch } from '../analyze/edits.js';
import { dockerfileRule } from '../analyze/model.js';
import { cmdThatWillReach, cmdWouldWakeUp, effectiveLaunches, PLAN_BLOCKERS, scriptRunsItsArguments } from './shared.js';

/** Shell-form CMD/ENTRYPOINT: `/bin/sh -c` is PID 1 and the program its child (dash keeps itself as the parent). */
export const EW201 = dockerfileRule({
  id: 'EW201',
  name: 'shell-form-launch',
  description: 'Shell-form CMD/ENTRYPOINT runs the program under `/bin/sh -c`, which stays PID 1 and never passes the stop signal on; use the exec form.',
  kinds: {
    'shell-form': {
      severity: 'error',
      fix: 'safe',
      fixTitle: 'Write the exec form',
      message: (d) => shellFormMessage(d),
    },
    // Signals already reach an exec'd program; converting is then a clean-up, not a fix of the stop.
    'already-exec': {
      severity: 'info',
      fix: 'safe',
      fixTitle: 'Write the exec form',
      message: (d) => shellFormMessage(d),
    },
    // The script ends in `exec "$@"`: in exec form the CMD, ignored today, starts to run.
    'cmd-will-run': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Write the exec form (the CMD will run)',
      message: (d) => shellFormMessage(d),
    },
  },
  check(df, report) {
    for (const li of effectiveLaunches(df)) {
      if (li.form.kind !== 'shell' || !li.plan) continue;
      const cmd = cmdThatWillReach(df, li);
      const plan = li.plan;
      const data: Record<string, string> = {
        keyword: li.keyword,
        shell: li.shell.join(' '),
        program: plan.kind === 'plain' ? plan.argv[0]! : plan.program ?? '',
        ...(cmd !== undefined ? { cmd } : {}),
      };
      if ((plan.kind === 'exec' && !plan.changed) || (plan.kind === 'plain' && plan.exec)) data.exec = 'yes';
      // bash -c and busybox sh -c (Alpine's /bin/sh) exec a single simple command themselves (measured: bash 5.2,
      // BusyBox 1.35); dash, Debian's /bin/sh, keeps itself as the parent.
      else if (plan.kind === 'plain' && execsSimpleCommand(li.shell[0] ?? '', df.packageManager)) data.exec = 'shell';
      // A start script ending in `exec "$@"` behind a shell-form ENTRYPOINT never runs the CMD today (the image
      // exits at once); the exec form makes it run the CMD, as its author meant: offered, as an unsafe fix.
      if (plan.kind !== 'blocked' && li.fixedArgv && cmdWouldWakeUp(df, li) && scriptRunsItsArguments(df, li)) {
        report({
          kind: 'cmd-will-run',
          start: li.instr.start,
          end: li.instr.end,
          data: { ...data, replacement: jsonArray(li.fixedArgv), cmdRuns: 'yes' },
          fix: { edits: [setLaunch(df, li, li.fixedArgv)], applicability: 'unsafe' },
        });
        continue;
      }
      if (plan.kind === 'blocked' || !li.fixedArgv || cmdWouldWakeUp(df, li)) {
        const blocker = plan.kind === 'blocked' ? plan.reason : !li.fixedArgv ? 'no-exec-fix' : 'dormant-cmd';
        report({ kind: 'shell-form', start: li.instr.start, end: li.instr.end, data: { ...data, blocker } });
        continue;
      }
      report({
        kind: data.exec !== undefined ? 'already-exec' : 'shell-form',
        start: li.instr.start,
        end: li.instr.end,
        data: { ...data, replacement: jsonArray(li.fixedArgv) },
        fix: { edits: [setLaunch(df, li, li.fixedArgv)] },
      });
    }
  },
});

function shellFormMessage(d: Record<string, string>): string {
  const what =
  d.exec === 'yes'
      ? `shell-form ${d.keyword} already \`exec\`s its program, but still goes through the shell`
      : d.exec === 'shell'
        ? `shell-form ${d.keyword} runs \`${d.program || 'the program'}\` through \`${d.shell}\`, which execs a single simple command itself, so the signal reaches it; the exec form says so without relying on the shell`
      : `shell-form ${d.keyword} makes \`${d.shell}\` PID 1 and \`${d.program || 'the program'}\` its child, which never receives SIGTERM`;
  const fix = d.blocker ? `; cannot be converted automatically: ${PLAN_BLOCKERS[d.blocker] ?? d.blocker}` : `; use the exec form \`${d.keyword} ${d.replacement}\``;
  if (d.cmdRuns) {
    return `${what}${fix} (an unsafe fix: the CMD will now run. The script ends in \`exec "$@"\`, and a shell-form ENTRYPOINT ignores CMD, so today \`exec\` gets no arguments and the container exits at once; in exec form it runs the CMD, \`${d.cmd}\`)`;
  }
  const cmd = d.cmd ? `. Note: a shell-form ENTRYPOINT ignores CMD; in exec form CMD (\`${d.cmd}\`) is passed to it as arguments` : '';
  return what + fix + cmd;
}

function execsSimpleCommand(shell: string, packageManager: string): boolean {
  const name = shell.split('/').pop();
  return name === 'bash' || name === 'ash' || (shell === '/bin/sh' && packageManager === 'apk');
}
