import { scriptRule } from '../analyze/model.js';
import { daemonFix, foregroundText } from '../fixes/launch-fixes.js';
import { foregroundForm, isNoForm } from '../analyze/daemons.js';

/**
 * A daemon started by a service manager (or a program that detaches by itself) leaves nothing for the script to
 * forward to or wait on. Where every such start has a foreground form (daemons.ts), the unsafe fix runs each as a job
 * in the foreground; the wrapper (EW102/EW103) then forwards the stop signal to them and the keep-alive goes.
 */
export const EW111 = scriptRule({
  id: 'EW111',
  name: 'daemonizing-launch',
  description: 'A program is started as a daemon (`service x start`, `/etc/init.d/x start`, `nginx` without `daemon off`): the script cannot track it; an unsafe fix runs it in the foreground under the wrapper where execwrap knows how.',
  kinds: {
    daemon: {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Run the daemon in the foreground as a job',
      message: (d) =>
        `\`${d.command}\` starts ${d.service} as a daemon that detaches from the script, so no signal can be forwarded to it; \`${d.foreground} &\` runs it in the foreground as a job, which execwrap's wrapper then passes the stop signal to and waits for${d.keepalive ? ' (and the keep-alive goes)' : ''}. An unsafe fix: ${d.changes} (foreground form from ${d.source})`,
    },
    'no-foreground-form': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `\`${d.command}\` starts a daemon that detaches from the script, so no signal can be forwarded to it; run the program in the foreground (e.g. \`nginx -g 'daemon off;'\`, \`php-fpm -F\`, \`httpd -DFOREGROUND\`)${d.why ? `; execwrap has no foreground form for ${d.service}: ${d.why}` : ''}`,
    },
  },
  check(script, report) {
    const { launch } = script;
    const keepalive = launch.terminal.kind === 'keepalive' || launch.unreachableKeepalive !== undefined;
    for (const start of launch.daemons) {
      report({
        kind: 'daemon',
        start: start.command.startIndex,
        end: start.command.endIndex,
        data: {
          command: start.command.text.split('\n')[0]!,
          service: start.form.service,
          foreground: foregroundText(start),
          changes: start.form.changes,
          source: start.form.source,
          ...(keepalive ? { keepalive: 'true' } : {}),
        },
        fix: daemonFix(script, start),
      });
    }
    for (const unknown of launch.unknown) {
      if (unknown.reason !== 'daemon') continue;
      const form = foregroundForm(unknown.node);
      report({
        kind: 'no-foreground-form',
        start: unknown.node.startIndex,
        end: unknown.node.endIndex,
        data: { command: unknown.node.text.split('\n')[0]!, ...(form && isNoForm(form) ? { service: form.service, why: form.why } : {}) },
      });
    }
  },
});
