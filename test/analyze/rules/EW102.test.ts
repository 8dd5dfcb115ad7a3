import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW102 unforwarded-background-jobs', () => {
  testRule('EW102', {
    invalid: [
      {
        name: '`a & b & wait`',
        code: script`
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait
        `,
        findings: 1,
        line: 2,
        data: { program: 'nginx', count: '2' },
        severity: 'error',
        outputContains: ['_ew_supervise', "nginx -g 'daemon off;' &\n_ew_started \"$!\"", 'php-fpm -F &\n_ew_started "$!"'],
      },
      {
        name: '`wait -n` does not forward either',
        code: script`
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait -n
        `,
        findings: 1,
        data: { count: '2' },
        outputContains: ['_ew_supervise'],
      },
      {
        name: 'one job + keep-alive',
        shell: 'sh',
        code: script`
          redis-server --appendonly yes &
          tail -f /dev/null
        `,
        findings: 1,
        data: { program: 'redis-server', count: '1' },
        outputContains: ['_ew_supervise', 'redis-server --appendonly yes &'],
      },
      {
        name: 'helpers in the background, the main program in the foreground',
        code: script`
          Xvfb :99 -screen 0 1280x800x24 &
          x11vnc -display :99 -forever &
          novnc_proxy --listen 6080
        `,
        findings: 1,
        line: 2,
        data: { program: 'Xvfb', count: '2' },
        outputContains: ['novnc_proxy --listen 6080 &', '_ew_supervise'],
      },
      {
        name: 'helper in the background, then `exec "$@"`: orphaned',
        code: script`
          dockerd --host=unix:///var/run/docker.sock &
          exec "$@"
        `,
        findings: 1,
        data: { program: 'dockerd', orphaned: 'true', main: '"$@"' },
        outputContains: ['"$@" &', '_ew_supervise'],
      },
      {
        name: 'background server used for setup and not killed, then exec: orphaned',
        code: script`
          redis-server --port 6380 &
          sleep 2
          redis-cli -p 6380 ping
          exec node server.js
        `,
        findings: 1,
        data: { program: 'redis-server', orphaned: 'true', main: 'node' },
        fixable: true,
      },
      {
        name: 'a forwarding trap does not help the job orphaned by a final exec',
        code: script`
          trap 'kill -TERM $pid; wait $pid' TERM
          app &
          pid=$!
          exec other
        `,
        findings: 1,
        data: { orphaned: 'true', main: 'other' },
      },
      {
        name: '`cd /srv && gunicorn &`: the job gets an inner exec so its PID is the program',
        code: script`
          cd /srv && gunicorn app:wsgi &
          celery -A proj worker &
          wait
        `,
        findings: 1,
        data: { program: 'gunicorn', count: '2' },
        outputContains: ['cd /srv && exec gunicorn app:wsgi &'],
      },
      {
        name: 'backslash-continued launch line: PIDs recorded inline',
        shell: 'sh',
        code: script`
          gunicorn app:wsgi & \
          celery -A proj worker & \
          nginx -g 'daemon off;'
        `,
        findings: 1,
        data: { count: '2' },
        outputContains: ['gunicorn app:wsgi & _ew_started "$!"; \\'],
      },
      {
        name: 'detached `( nohup dockerd & )`: reported, no fix',
        code: script`
          ( nohup dockerd > /var/log/dockerd.log 2>&1 & ) 2>/dev/null
          exec "$@"
        `,
        findings: 1,
        data: { detached: 'true' },
        fixable: false,
      },
      {
        name: 'job started inside a function, then exec: orphaned',
        code: script`
          start_redis() {
            redis-server --save '' &
          }
          start_redis
          exec node server.js
        `,
        findings: 1,
        data: { program: 'redis-server', orphaned: 'true' },
      },
      {
        name: 'a forwarding trap for HUP only does not forward the stop signal',
        code: script`
          node server.js &
          pid=$!
          trap 'kill -HUP $pid' HUP
          wait $pid
        `,
        findings: 1,
        line: 2,
        data: { program: 'node', count: '1' },
      },
    ],
    valid: [
      { name: 'single exec', code: 'exec node server.js\n' },
      { name: 'single program without exec (EW101 territory)', code: 'node server.js\n' },
      {
        name: 'hand-written wrapper that forwards and waits',
        code: script`
          term() { kill -TERM "$pid"; wait "$pid"; }
          trap term TERM INT
          node server.js &
          pid=$!
          wait "$pid"
        `,
      },
      {
        name: 'setup server killed via its PID before the final exec',
        shell: 'sh',
        code: script`
          mysqld --skip-networking &
          pid="$!"
          mysql -e 'CREATE DATABASE app'
          kill -s TERM "$pid"
          wait "$pid"
          exec mysqld
        `,
      },
      {
        name: 'setup server killed with `kill %1`',
        code: script`
          postgres -c listen_addresses='' &
          sleep 3
          psql -c 'CREATE DATABASE app'
          kill %1
          exec postgres
        `,
      },
      {
        name: 'a daemonizing launch makes it unknown (EW111 says why)',
        shell: 'sh',
        code: script`
          service nginx start
          php-fpm -F &
          wait
        `,
      },
      { name: 'short-lived background task', code: script`
          sleep 5 &
          exec node server.js
        ` },
    ],
  });
});
