import type { Rule } from '../model.js';
import { commandArguments } from '../../parse/nodes.js';
import { PRIVILEGE_FORKERS } from '../commands.js';

/**
 * su, runuser and doas stay between the stop signal and the program even under `exec`: measured as PID 1, they end
 * the program 2 s after the signal with SIGKILL and exit 143 (with `-c`, the program under a shell gets no signal).
 */
export const EW109: Rule = {
  id: 'EW109',
  name: 'privilege-fork',
  severity: 'error',
  description: 'The main program is started through `su`, `runuser` or `doas`, which end it 2 s after the stop signal (SIGKILL, status 143): use `exec setpriv`, `exec su-exec`, `exec gosu` or `exec sudo` instead.',
  fixable: false,
  message: (d) =>
    `\`${d.via}\` stays between the stop signal and the program${d.exec ? '' : ' (now a child of the shell, which drops the signal; adding `exec` does not help)'}: under \`exec\` it ends the session 2 s after the signal with SIGKILL and exits 143 whatever the program did${d.shell ? ', and the program, run under a shell, gets no signal at all' : ''}; switch user with \`exec setpriv --reuid=USER --regid=GROUP --init-groups prog\` (util-linux, Debian), \`exec su-exec USER prog\` (Alpine), \`exec gosu USER prog\` or \`exec sudo -u USER prog\`, which let the program get the signal and stop in its own time`,
  check(script, report) {
    for (const site of script.launch.programs) {
      if (!site.programName || !PRIVILEGE_FORKERS.has(site.programName)) continue;
      // `su … -c 'cmd'` (also `-lc`, `--command=`): the program runs under the user's shell.
      const shell = site.programName !== 'doas' && commandArguments(site.command).some((a) => /^-[a-z]*c$/.test(a.text) || a.text.startsWith('--command'));
      report({ start: site.command.startIndex, end: site.command.endIndex, data: { via: site.programName, ...(site.exec ? { exec: 'true' } : {}), ...(shell ? { shell: 'true' } : {}) } });
    }
  },
};
