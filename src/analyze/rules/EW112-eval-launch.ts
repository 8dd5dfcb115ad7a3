import type { Rule } from '../model.js';

/** What `eval "$CMD"` runs is only known at run time, so no fix can be proven safe. */
export const EW112: Rule = {
  id: 'EW112',
  name: 'eval-launch',
  severity: 'error',
  description: 'The main program comes from `eval`: what runs is only known at run time, so execwrap does not rewrite it.',
  fixable: false,
  message: (d) => `the program is started by \`${d.command}\`; what it runs is only known at run time. Write \`exec\` inside the evaluated command, or exec the program directly`,
  check(script, report) {
    for (const unknown of script.launch.unknown) {
      if (unknown.reason !== 'eval') continue;
      report({ start: unknown.node.startIndex, end: unknown.node.endIndex, data: { command: unknown.node.text.split('\n')[0]! } });
    }
  },
};
