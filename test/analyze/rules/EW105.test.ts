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
    ],
    valid: [
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
