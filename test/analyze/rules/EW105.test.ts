import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW105 trap-after-children', () => {
  testRule('EW105', {
    invalid: [
      {
        name: 'trap set after the `&` job',
        code: script`
          node server.js &
          pid=$!
          trap 'kill -TERM $pid' TERM INT
          wait $pid
          trap - TERM INT
          wait $pid
        `,
        findings: 1,
        line: 4,
        data: { signals: 'TERM INT', program: 'node', childLine: '2' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'SIGTERM spelled with SIG (bash)',
        code: script`
          node server.js &
          pid=$!
          trap 'kill -TERM $pid; wait $pid' SIGTERM
          wait $pid
        `,
        findings: 1,
        data: { signals: 'SIGTERM' },
      },
      {
        name: 'signal number 15',
        code: script`
          mkdir -p /run/app
          gunicorn app:wsgi &
          pid=$!
          trap 'kill -TERM $pid; wait $pid' 15
          wait $pid
        `,
        findings: 1,
        data: { signals: '15', program: 'gunicorn', childLine: '3' },
      },
      {
        name: 'the childLine is the first job that is not temporary',
        code: script`
          redis-server --port 6380 &
          tmp=$!
          redis-cli -p 6380 ping
          kill $tmp
          node server.js &
          pid=$!
          trap 'kill -TERM $pid; wait $pid' TERM
          wait $pid
        `,
        findings: 1,
        line: 8,
        data: { program: 'node', childLine: '6' },
      },
      {
        name: 'a function that starts the job, called before the trap: the line is the call',
        code: script`
          start_process() {
            "$@" &
            CHILD=$!
          }
          start_process node server.js
          trap 'kill -TERM "$CHILD"; wait "$CHILD"' TERM
          wait "$CHILD"
        `,
        findings: 1,
        data: { childLine: '6' },
      },
    ],
    valid: [
      {
        // ONLYOFFICE's run-document-server.sh: the function is written above the trap and called only below it.
        name: 'a function that starts the job, written before the trap and called after it',
        code: script`
          start_process() {
            "$@" &
            CHILD=$!; wait "$CHILD"; CHILD=""
          }
          clean_exit() { [ -z "$CHILD" ] || kill -s TERM "$CHILD"; exit; }
          trap clean_exit TERM INT
          start_process bash -c 'tail -F /var/log/app/*.log'
        `,
      },
      {
        name: 'trap before the job',
        code: script`
          trap 'kill -TERM $pid; wait $pid' TERM INT
          node server.js &
          pid=$!
          wait $pid
        `,
      },
      {
        name: 'a trap that does not forward (cleanup on TERM)',
        code: script`
          node server.js &
          trap 'rm -f /run/app.pid' TERM
          wait
        `,
      },
      {
        name: 'a forwarding trap for HUP only is not a stop-signal trap',
        code: script`
          node server.js &
          pid=$!
          trap 'kill -HUP $pid' HUP
          wait $pid
        `,
      },
      { name: 'no background jobs', code: script`
          trap 'echo bye' TERM
          exec node server.js
        ` },
    ],
  });
});
