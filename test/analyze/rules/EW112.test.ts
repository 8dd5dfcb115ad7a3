import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW112 eval-launch', () => {
  testRule('EW112', {
    invalid: [
      {
        name: '`eval "$CMD"` as the launch',
        code: script`
          CMD="gunicorn app:wsgi --workers $WORKERS"
          eval "$CMD"
        `,
        findings: 1,
        line: 3,
        data: { command: 'eval "$CMD"', fix: 'unsafe' },
        severity: 'error',
        unsafe: true,
        output: script`
          CMD="gunicorn app:wsgi --workers $WORKERS"
          eval exec "$CMD"
        `,
      },
      {
        name: 'unquoted `eval $RUN_CMD` last, under sh',
        shell: 'sh',
        code: 'cd /srv\neval $RUN_CMD\n',
        findings: 1,
        unsafe: true,
        output: 'cd /srv\neval exec $RUN_CMD\n',
      },
      {
        name: 'eval followed by cleanup: no fix (exec would skip it)',
        code: script`
          eval "$START_CMD"
          rm -f /tmp/app.pid
        `,
        findings: 1,
        fixable: false,
      },
      { name: 'eval in the last branch', shell: 'sh', code: script`
          if [ -n "$RUN_CMD" ]; then
            eval $RUN_CMD
          else
            exec node server.js
          fi
        `, findings: 1, line: 3 },
      { name: 'eval in the function called last', code: script`
          run() {
            eval "$@"
          }
          run "$START"
        `, findings: 1, line: 3 },
    ],
    valid: [
      { name: 'eval during setup', code: script`
          eval "$(ssh-agent -s)"
          exec node server.js
        ` },
      { name: 'no eval', code: 'exec "$@"\n' },
      { name: '`eval exec "$CMD"` already replaces the shell', code: 'eval exec "$START_CMD"\n' },
      { name: '`eval "exec $CMD"` already replaces the shell', code: 'eval "exec $START_CMD"\n' },
    ],
  });
});
