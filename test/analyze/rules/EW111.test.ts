import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW111 daemonizing-launch', () => {
  testRule('EW111', {
    invalid: [
      {
        name: '`service nginx start; tail -f /dev/null`',
        shell: 'sh',
        code: script`
          service nginx start
          tail -f /dev/null
        `,
        findings: 1,
        line: 2,
        data: { command: 'service nginx start' },
        severity: 'error',
        fixable: false,
      },
      {
        name: '`/etc/init.d/x start` before `exec "$@"`',
        shell: 'sh',
        code: script`
          /etc/init.d/mysql start
          exec "$@"
        `,
        findings: 1,
        data: { command: '/etc/init.d/mysql start' },
      },
      { name: 'bare `nginx` (daemonizes by default)', shell: 'sh', code: script`
          envsubst < /tpl > /etc/nginx/nginx.conf
          nginx
        `, findings: 1, line: 3, data: { command: 'nginx' } },
      { name: '`php-fpm -D` then foreground nginx', shell: 'sh', code: script`
          php-fpm -D
          nginx -g 'daemon off;'
        `, findings: 1, line: 2, data: { command: 'php-fpm -D' } },
      { name: '`redis-server --daemonize yes`', code: script`
          redis-server --daemonize yes
          exec node server.js
        `, findings: 1, data: { command: 'redis-server --daemonize yes' } },
      { name: '`systemctl start`', code: script`
          systemctl start docker
          exec "$@"
        `, findings: 1 },
      { name: '`apachectl start`', code: script`
          apachectl start
          tail -f /var/log/apache2/access.log
        `, findings: 1, data: { command: 'apachectl start' } },
      { name: 'in an and-list', code: script`
          service cron start && service ssh start
          exec "$@"
        `, findings: 1, data: { command: 'service cron start' } },
      { name: 'two daemons, two findings', shell: 'sh', code: script`
          service nginx start
          service php7.4-fpm start
          tail -f /dev/null
        `, findings: 2 },
    ],
    valid: [
      { name: "`exec nginx -g 'daemon off;'`", code: "exec nginx -g 'daemon off;'\n" },
      { name: '`nginx -t` checks the config', code: script`
          nginx -t
          exec nginx -g 'daemon off;'
        ` },
      { name: '`nginx -s reload` signals a running nginx', code: script`
          nginx -s reload
          exec "$@"
        ` },
      { name: '`php-fpm -F`', code: 'exec php-fpm -F\n' },
      { name: '`service nginx status`', code: script`
          service nginx status
          exec "$@"
        ` },
    ],
  });
});
