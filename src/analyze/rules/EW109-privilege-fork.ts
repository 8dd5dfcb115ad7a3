import type { Rule } from '../model.js';
import { PRIVILEGE_FORKERS } from '../commands.js';

/** su, sudo and runuser fork: the program is their child and never sees the stop signal. */
export const EW109: Rule = {
  id: 'EW109',
  name: 'privilege-fork',
  severity: 'error',
  description: 'The main program is started through `su`/`sudo`/`runuser`, which fork: use `exec gosu`, `exec su-exec` or `exec setpriv` instead.',
  fixable: false,
  message: (d) =>
    `\`${d.via}\` runs the program as its child, so the program does not get SIGTERM${d.exec ? ' (with exec, su forwards it but SIGKILLs the program after 2 s)' : ''}; use \`exec gosu USER prog\`, \`exec su-exec USER prog\` or \`exec setpriv --reuid=USER --regid=USER --init-groups prog\``,
  check(script, report) {
    for (const site of script.launch.programs) {
      if (!site.programName || !PRIVILEGE_FORKERS.has(site.programName)) continue;
      report({ start: site.command.startIndex, end: site.command.endIndex, data: { via: site.programName, ...(site.exec ? { exec: 'true' } : {}) } });
    }
  },
};
