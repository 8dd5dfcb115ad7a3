import type { Rule } from '../model.js';

/** A daemon started by a service manager leaves nothing for the script to forward to or wait on. */
export const EW111: Rule = {
  id: 'EW111',
  name: 'daemonizing-launch',
  severity: 'error',
  description: 'A program is started as a daemon (`service x start`, `/etc/init.d/x start`, `nginx` without `daemon off`): the script cannot track it.',
  fixable: false,
  message: (d) => `\`${d.command}\` starts a daemon that detaches from the script, so no signal can be forwarded to it; run the program in the foreground (e.g. \`nginx -g 'daemon off;'\`, \`php-fpm -F\`, \`httpd -DFOREGROUND\`)`,
  check(script, report) {
    for (const unknown of script.launch.unknown) {
      if (unknown.reason !== 'daemon') continue;
      report({ start: unknown.node.startIndex, end: unknown.node.endIndex, data: { command: unknown.node.text.split('\n')[0]! } });
    }
  },
};
