import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW111 daemonizing-launch', () => {
  testRule('EW111', {
    invalid: [
      {
        name: '`service nginx start; tail -f /dev/null`: nginx in the foreground as a job (unsafe), then the wrapper takes the keep-alive',
        shell: 'sh',
        code: script`
          service nginx start
          tail -f /dev/null
        `,
        findings: 1,
        line: 2,
        data: { command: 'service nginx start', service: 'nginx', foreground: "nginx -g 'daemon off;'", keepalive: 'true' },
        severity: 'error',
        unsafe: true,
        outputContains: ["nginx -g 'daemon off;' &\n_ew_started \"$!\"\n_ew_wait"],
      },
      {
        name: '`/etc/init.d/mysql start` before `exec "$@"`: the run directory first, then mysqld as a job',
        shell: 'sh',
        code: script`
          /etc/init.d/mysql start
          exec "$@"
        `,
        findings: 1,
        data: { command: '/etc/init.d/mysql start', foreground: 'mysqld --user=mysql' },
        unsafe: true,
        outputContains: ['install -m 755 -o mysql -g root -d /run/mysqld\nmysqld --user=mysql &\n_ew_started "$!"\n"$@" &\n_ew_started "$!"\n_ew_wait'],
      },
      {
        name: 'bare `nginx` (daemonizes by default): `-g \'daemon off;\'` added',
        shell: 'sh',
        code: script`
          envsubst < /tpl > /etc/nginx/nginx.conf
          nginx
        `,
        findings: 1,
        line: 3,
        data: { command: 'nginx' },
        unsafe: true,
        outputContains: ["nginx -g 'daemon off;' &\n_ew_started \"$!\"\n_ew_wait"],
      },
      {
        name: '`php-fpm -D` then foreground nginx: `--nodaemonize`',
        shell: 'sh',
        code: script`
          php-fpm -D
          nginx -g 'daemon off;'
        `,
        findings: 1,
        line: 2,
        data: { command: 'php-fpm -D', foreground: 'php-fpm --nodaemonize' },
        unsafe: true,
        outputContains: ['php-fpm --nodaemonize &\n_ew_started "$!"', "nginx -g 'daemon off;' &\n_ew_started \"$!\"\n_ew_wait"],
      },
      {
        name: '`redis-server --daemonize yes` before `exec node`',
        code: script`
          redis-server --daemonize yes
          exec node server.js
        `,
        findings: 1,
        data: { command: 'redis-server --daemonize yes', foreground: 'redis-server --daemonize no' },
        unsafe: true,
        outputContains: ['redis-server --daemonize no &\n_ew_started "$!"\nnode server.js &'],
      },
      {
        name: '`apachectl start`: apache2 with its envvars, exec\'d in a subshell job',
        code: script`
          apachectl start
          tail -f /var/log/apache2/access.log
        `,
        findings: 1,
        data: { command: 'apachectl start' },
        unsafe: true,
        outputContains: ['(. /etc/apache2/envvars && mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" && exec apache2 -DFOREGROUND) &\n_ew_started "$!"'],
      },
      {
        name: 'first step of an `&&` chain: the job, then the rest of the chain on the next line',
        code: script`
          /etc/init.d/apache2 start && sleep 5
          echo "apache started"
          tail -f /dev/null
        `,
        findings: 1,
        unsafe: true,
        outputContains: ['exec apache2 -DFOREGROUND) &\n_ew_started "$!"\nsleep 5\necho "apache started"'],
      },
      {
        name: 'two daemons in an and-list: the first becomes a job, the second in the next pass',
        code: script`
          service cron start && service ssh start
          exec "$@"
        `,
        findings: 1,
        data: { command: 'service cron start' },
        unsafe: true,
        outputContains: ['cron -f &\n_ew_started "$!"\nmkdir -p /run/sshd && chmod 0755 /run/sshd\n/usr/sbin/sshd -D &\n_ew_started "$!"\n"$@" &'],
      },
      {
        name: 'two daemons, two findings, one fix each',
        shell: 'sh',
        code: script`
          service nginx start
          service php7.4-fpm start
          tail -f /dev/null
        `,
        findings: 2,
        unsafe: true,
        outputContains: ['mkdir -p /run/php && chown www-data:www-data /run/php\nphp-fpm7.4 --nodaemonize --fpm-config /etc/php/7.4/fpm/php-fpm.conf &'],
      },
      {
        name: 'bare `cron` and `/usr/sbin/sshd` detach too: `-f`, `-D` (with the privilege separation directory)',
        code: script`
          cron
          /usr/sbin/sshd
          tail -f /var/log/cron.log
        `,
        findings: 2,
        unsafe: true,
        outputContains: ['cron -f &', 'mkdir -p /run/sshd && chmod 0755 /run/sshd\n/usr/sbin/sshd -D &'],
      },
      {
        name: 'a service execwrap has no foreground form for: no fix, the launch is unknown',
        code: script`
          service postgresql start
          tail -f /var/log/postgresql/postgresql.log
        `,
        findings: 1,
        data: { service: 'postgresql' },
        fixable: false,
      },
      {
        name: 'an unknown service beside a known one: no fix for either',
        code: script`
          service nginx start
          /etc/init.d/elasticsearch start
          tail -f /dev/null
        `,
        findings: 2,
        fixable: false,
      },
      {
        name: '`supervisord -c tasks.conf` before `exec uwsgi`: it returned, so it detached; `-n` keeps it as a job',
        shell: 'bash',
        code: script`
          supervisord -c supervisord-tasks.conf
          exec uwsgi --http :9090 uwsgi.ini
        `,
        findings: 1,
        line: 2,
        data: { command: 'supervisord -c supervisord-tasks.conf', service: 'supervisord', foreground: 'supervisord -c supervisord-tasks.conf -n' },
        unsafe: true,
        outputContains: ['supervisord -c supervisord-tasks.conf -n &\n_ew_started "$!"\nuwsgi --http :9090 uwsgi.ini &\n_ew_started "$!"\n_ew_wait main "$!"'],
      },
      {
        name: 'a daemon start in a branch before the final `exec` (linkding): found there, and the wrapper goes into that branch',
        shell: 'bash',
        code: script`
          if [ "$ALL" = True ]; then
            exec supervisord -c all.conf
          else
            if [ "$TASKS" != False ]; then
              supervisord -c tasks.conf
            fi
            exec uwsgi uwsgi.ini
          fi
        `,
        findings: 1,
        line: 6,
        data: { command: 'supervisord -c tasks.conf' },
        unsafe: true,
        outputContains: ['    supervisord -c tasks.conf -n &\n    _ew_started "$!"\n  fi\n  uwsgi uwsgi.ini &\n  _ew_started "$!"\n  _ew_wait main "$!"', '  exec supervisord -c all.conf\n'],
      },
      {
        name: '`service nginx start` in a `case` branch before `exec "$@"`',
        shell: 'sh',
        code: script`
          case "$1" in
            web) service nginx start ;;
          esac
          exec "$@"
        `,
        findings: 1,
        data: { command: 'service nginx start', foreground: "nginx -g 'daemon off;'" },
        unsafe: true,
      },
      { name: '`systemctl start`: not a service manager in a container, no fix', code: script`
          systemctl start docker
          exec "$@"
        `, findings: 1, fixable: false },
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
      { name: '`cron -f` and `sshd -D` stay in the foreground', code: 'cron -f &\n/usr/sbin/sshd -D &\nwait\n' },
      { name: '`service nginx status`', code: script`
          service nginx status
          exec "$@"
        ` },
      { name: '`exec supervisord -c conf` as the final program (its configuration says nodaemon=true)', code: 'exec supervisord -c /etc/supervisor/supervisord.conf\n' },
      { name: '`supervisord -c conf` as the last line, without exec: the final program, not a daemon start', code: script`
          mkdir -p /var/log/supervisor
          supervisord -c /etc/supervisor/supervisord.conf
        ` },
      { name: '`supervisord -n -c conf &` stays in the foreground (a job)', code: script`
          supervisord -n -c tasks.conf &
          exec uwsgi uwsgi.ini
        ` },
      { name: '`supervisorctl` after it is a client, not a start', code: script`
          supervisorctl -c tasks.conf reread
          exec uwsgi uwsgi.ini
        ` },
      { name: '`/etc/init.d/nginx stop` is not a start', code: script`
          /etc/init.d/nginx stop
          exec nginx -g 'daemon off;'
        ` },
    ],
  });
});
