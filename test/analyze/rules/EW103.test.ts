import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW103 keep-alive', () => {
  testRule('EW103', {
    invalid: [
      {
        name: 'a bare `bash` last, holding background programs: an interactive keep-alive, replaced only as an unsafe fix',
        code: script`
          redis-server --save '' &
          node worker.js &
          bash
        `,
        findings: 1,
        line: 4,
        data: { command: 'bash', interactive: 'true', fix: 'unsafe' },
        unsafe: true,
        outputContains: ['node worker.js &\n_ew_started "$!"\n_ew_wait'],
      },
      {
        name: '`/bin/sh` last under sh',
        shell: 'sh',
        code: 'crond -f &\n/bin/sh\n',
        findings: 1,
        data: { command: '/bin/sh', interactive: 'true' },
        unsafe: true,
        outputContains: ['_ew_wait'],
      },
      {
        name: 'an idle loop that sleeps in the background without a trap: the stop signal is still dropped',
        code: script`
          while true; do
            sleep 60 &
            wait $!
          done
        `,
        findings: 1,
        fixable: false,
      },
      {
        name: 'a keep-alive at the end of an `&&` chain: the step before it stays, the wait takes the keep-alive\'s place',
        shell: 'sh',
        code: script`
          queue-worker --concurrency 4 &
          touch /tmp/ready && tail -f /dev/null
        `,
        findings: 1,
        line: 3,
        data: { command: 'tail -f /dev/null' },
        outputContains: ['queue-worker --concurrency 4 &\n_ew_started "$!"\ntouch /tmp/ready && _ew_wait all'],
      },
      {
        name: 'a keep-alive chain followed by cleanup lines: the cleanup still runs after the wait',
        code: script`
          node worker.js & node api.js & sleep 2 && tail -f /dev/null
          echo "stopped"
          rm -f /tmp/app.pid
        `,
        findings: 1,
        outputContains: ['node worker.js & _ew_started "$!"; node api.js & _ew_started "$!"; sleep 2 && _ew_wait', 'echo "stopped"\nrm -f /tmp/app.pid\n'],
      },
      {
        name: '`app & tail -f /dev/null`',
        code: script`
          redis-server &
          tail -f /dev/null
        `,
        findings: 1,
        line: 3,
        data: { command: 'tail -f /dev/null' },
        severity: 'error',
        outputContains: ['_ew_wait', 'redis-server &'],
      },
      {
        name: '`sleep infinity`',
        shell: 'sh',
        code: script`
          crond -f &
          sleep infinity
        `,
        findings: 1,
        data: { command: 'sleep infinity' },
        fixable: true,
      },
      {
        name: '`sleep 1d` and a large number of seconds',
        code: script`
          crond -f &
          sleep 1d
        `,
        findings: 1,
        data: { command: 'sleep 1d' },
        fixable: true,
      },
      {
        name: '`sleep 86400`',
        code: script`
          crond -f &
          sleep 86400
        `,
        findings: 1,
        data: { command: 'sleep 86400' },
      },
      {
        name: '`while true; do sleep 60; done`',
        shell: 'sh',
        code: script`
          crond -f &
          while true; do sleep 60; done
        `,
        findings: 1,
        data: { command: 'while true; do sleep 60; done' },
        outputContains: ['_ew_wait'],
      },
      {
        name: 'multi-line sleep loop: data is its first line',
        code: script`
          node worker.js &
          while :; do
            sleep 1000
          done
        `,
        findings: 1,
        line: 3,
        data: { command: 'while :; do' },
      },
      {
        name: 'after a service without a foreground form: reported, no fix (the daemon cannot be tracked)',
        shell: 'sh',
        code: script`
          service postgresql start
          tail -f /dev/null
        `,
        findings: 1,
        fixable: false,
      },
      {
        name: 'after a foreground server: reached only once it died; the wrapper takes it away',
        shell: 'sh',
        code: script`
          nginx -g 'daemon off;' &
          php-fpm -F
          tail -f /dev/null
        `,
        findings: 1,
        line: 4,
        data: { command: 'tail -f /dev/null', unreachable: 'true' },
        outputContains: ['php-fpm -F &\n_ew_started "$!"\n_ew_wait'],
      },
    ],
    valid: [
      { name: 'after a daemon start execwrap converts: EW111 carries the fix, this finding comes once the daemon is a job', code: script`
          cron
          tail -f /var/log/cron.log
        ` },
      { name: 'a shell that runs a script is a program, not a keep-alive', code: 'redis-server &\nbash /app/run.sh\n' },
      { name: 'a shell reading a script from a file', code: 'redis-server &\nbash < /app/run.sh\n' },
      { name: '`sh -c "…"`', shell: 'sh', code: 'crond -f &\nsh -c "exec node server.js"\n' },
      { name: 'a responsive idle loop: trapped TERM cuts `wait` short and the handler exits', code: script`
          cleanup() {
            kill -s SIGTERM $!
            exit 0
          }
          trap cleanup SIGINT SIGTERM
          while true
          do
            sleep 60 &
            wait $!
          done
        ` },
      { name: 'a responsive idle loop under sh', shell: 'sh', code: script`
          trap 'exit 0' TERM INT
          while :; do sleep 3600 & wait $!; done
        ` },
      { name: 'jobs + wait', code: script`
          a &
          b &
          wait
        ` },
      { name: '`sleep 5` is a pause, not a keep-alive', code: script`
          sleep 5
          exec node server.js
        ` },
      { name: '`tail -n 100` prints and ends', code: script`
          tail -n 100 /var/log/app.log
          exec node server.js
        ` },
      {
        name: 'keep-alive behind a forwarding trap (a hand-written wrapper)',
        code: script`
          term() { kill -TERM "$pid"; wait "$pid"; exit 0; }
          trap term TERM INT
          node server.js &
          pid=$!
          while true; do sleep 1 & wait $!; done
        `,
      },
      { name: 'a wait-for loop ends when its condition holds (an init container\'s whole job)', shell: 'sh', code: script`
          until nslookup db; do sleep 2; done
        ` },
      { name: '`while ! nc -z …; do sleep 1; done` waits, then the program starts', shell: 'sh', code: script`
          while ! nc -z db 5432; do sleep 1; done
        ` },
      // `tail -f` of a real log file forwards it to `docker logs`: a program the wrapper keeps, not a keep-alive.
      { name: '`tail -F` of a log file', code: script`
          node server.js >> /var/log/app.log 2>&1 &
          tail -F /var/log/app.log
        ` },
      { name: '`tail -f` of a log after a self-daemonizing program', code: script`
          touch /var/log/cron.log
          cron
          tail -f /var/log/cron.log
        ` },
      { name: 'sleep loop in a for loop that ends', code: script`
          for i in 1 2 3; do sleep 1; done
          exec node server.js
        ` },
    ],
  });
});
