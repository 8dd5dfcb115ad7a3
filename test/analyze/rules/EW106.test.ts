import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW106 handler-does-not-wait', () => {
  testRule('EW106', {
    invalid: [
      {
        name: 'handler forwarding with `killall` and exiting, with background programs',
        code: script`
          trap 'killall -TERM php-fpm nginx; exit 0' TERM
          php-fpm -F &
          nginx -g 'daemon off;' &
          wait
        `,
        findings: 1,
        data: { handler: 'killall -TERM php-fpm nginx; exit 0' },
      },
      {
        name: 'inline handler: kill then exit',
        code: script`
          trap 'kill -TERM $pid; exit 0' TERM INT
          node server.js &
          pid=$!
          wait $pid
        `,
        findings: 1,
        line: 2,
        data: { handler: 'kill -TERM $pid; exit 0' },
        severity: 'error',
        fixable: false,
      },
      {
        name: 'handler function: kill then exit',
        code: script`
          _term() {
            echo "caught SIGTERM"
            kill -TERM "$child" 2>/dev/null
            exit 1
          }
          trap _term SIGTERM
          node server.js &
          child=$!
          wait "$child"
        `,
        findings: 1,
        line: 7,
        data: { handler: '_term' },
      },
      {
        name: '`kill $(jobs -p); exit`',
        code: script`
          trap 'kill $(jobs -p); exit' TERM
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait
        `,
        findings: 1,
        data: { handler: 'kill $(jobs -p); exit' },
      },
      {
        name: 'handler forwards without waiting and the one `wait` then ends the script',
        code: script`
          trap 'kill -TERM $pid' TERM INT
          node server.js &
          pid=$!
          wait $pid
        `,
        findings: 1,
        line: 2,
      },
    ],
    valid: [
      // Signal 0 only tests whether the PID is alive (trap-facts.ts): nothing is forwarded, so EW102 judges the script.
      { name: '`kill -s 0` in the handler does not forward', code: script`
          trap 'kill -s 0 $pid; exit 0' TERM
          gunicorn app &
          pid=$!
          celery worker &
          wait
        ` },
      { name: '`kill $$` in the handler signals the shell, not the children', code: script`
          trap 'kill $$' TERM
          gunicorn app &
          celery worker &
          wait
        ` },
      { name: 'handler that forwards with `pkill` and waits', code: script`
          stop() {
            pkill -TERM -P $$
            wait
            exit 143
          }
          trap stop TERM INT
          php-fpm -F &
          nginx -g 'daemon off;' &
          wait
        ` },
      { name: 'handler that kills a foreground program and exits: it only runs after the program ended (EW101 matters)', shell: 'sh', code: script`
          sigterm_handler() {
            kill -TERM $(pgrep sockd) 2>/dev/null
            exit 0
          }
          trap 'sigterm_handler' TERM
          wg-quick up /etc/wireguard/wg0.conf
          /usr/sbin/sockd
        ` },
      { name: 'idle loop whose handler kills its own sleep and exits', code: script`
          cleanup() {
            kill -s TERM $!
            exit 0
          }
          trap cleanup INT TERM
          while true; do
            sleep 60 &
            wait $!
          done
        ` },
      {
        name: 'handler forwards, waits, exits',
        code: script`
          trap 'kill -TERM $pid; wait $pid; exit 0' TERM
          node server.js &
          pid=$!
          wait $pid
        `,
      },
      {
        name: 'handler function that waits',
        code: script`
          term() { kill -TERM "$pid"; wait "$pid"; exit 0; }
          trap term TERM INT
          node server.js &
          pid=$!
          wait "$pid"
        `,
      },
      {
        name: 'forwarding trap plus a second wait after the trap is reset',
        code: script`
          trap 'kill -TERM $pid' TERM INT
          node server.js &
          pid=$!
          wait $pid
          trap - TERM INT
          wait $pid
        `,
      },
      { name: 'a trap that only exits (no forwarding)', code: script`
          trap 'exit 0' TERM
          exec node server.js
        ` },
    ],
  });
});
