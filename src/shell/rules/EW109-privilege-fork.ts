import { scriptRule } from '../analyze/model.js';
import { commandArguments } from '../parse/nodes.js';
import { PRIVILEGE_FORKERS } from '../analyze/programs.js';
import { switchUserFix } from '../fixes/launch-fixes.js';

/**
 * su, runuser and doas stay between the stop signal and the program even under `exec`: measured as PID 1, they end
 * the program 2 s after the signal with SIGKILL and exit 143 (with `-c`, the program under a shell gets no signal).
 */
export const EW109 = scriptRule({
  id: 'EW109',
  name: 'privilege-fork',
  description: 'The main program is started through `su`, `runuser` or `doas`, which end it 2 s after the stop signal (SIGKILL, status 143): use `exec setpriv`, `exec su-exec`, `exec gosu` or `exec sudo` instead (an unsafe fix writes `exec setpriv`).',
  kinds: {
    'setpriv': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Switch user with `exec setpriv`',
      message: (d) =>
        `\`${d.via}\` stays between the stop signal and the program: under \`exec\` it ends the session 2 s after the signal with SIGKILL and exits 143 whatever the program did${d.shell ? ', and the program, run under a shell, gets no signal at all' : ''}. \`exec setpriv --reuid=${d.user} …\` switches user and execs the program, so it gets the signal and stops in its own time (measured). An unsafe fix: setpriv keeps the script's environment where ${d.via} would set HOME, USER, LOGNAME and SHELL for ${d.user}${d.login ? ' (and start a login shell in its home with a clean environment)' : ''}; a command string runs under \`sh\`, not ${d.user}'s login shell; setpriv comes with util-linux (Debian, Ubuntu, RHEL family), on Alpine use \`su-exec ${d.user}\` (\`apk add su-exec\`)`,
    },
    'privilege-fork': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `\`${d.via}\` stays between the stop signal and the program${d.exec ? '' : ' (now a child of the shell, which drops the signal; adding `exec` does not help)'}: under \`exec\` it ends the session 2 s after the signal with SIGKILL and exits 143 whatever the program did${d.shell ? ', and the program, run under a shell, gets no signal at all' : ''}; switch user with \`exec setpriv --reuid=USER --regid=GROUP --init-groups prog\` (util-linux, Debian), \`exec su-exec USER prog\` (Alpine), \`exec gosu USER prog\` or \`exec sudo -u USER prog\`, which let the program get the signal and stop in its own time`,
    },
  },
  check(script, report) {
    const { launch } = script;
    const finals = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
    for (const site of launch.programs) {
      if (!site.programName || !PRIVILEGE_FORKERS.has(site.programName)) continue;
      // The final program can be switched to with setpriv (an unsafe fix); a job or a setup step is left alone.
      const alternative = finals.includes(site) && site.programName !== 'doas' ? switchUserFix(script, site) : undefined;
      // `su … -c 'cmd'` (also `-lc`, `--command=`): the program runs under the user's shell.
      const shell = site.programName !== 'doas' && commandArguments(site.command).some((a) => /^-[a-z]*c$/.test(a.text) || a.text.startsWith('--command'));
      report({
        kind: alternative ? 'setpriv' : 'privilege-fork',
        start: site.command.startIndex,
        end: site.command.endIndex,
        data: {
          via: site.programName,
          ...(site.exec ? { exec: 'true' } : {}),
          ...(shell ? { shell: 'true' } : {}),
          ...(alternative ? { fix: 'unsafe', user: alternative.user, ...(alternative.login ? { login: 'true' } : {}) } : {}),
        },
        ...(alternative ? { fix: alternative.fix } : {}),
      });
    }
  },
});
