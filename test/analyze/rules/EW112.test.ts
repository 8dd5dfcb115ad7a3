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
        data: { command: 'eval "$CMD"' },
        severity: 'error',
        fixable: false,
      },
      { name: '`eval exec "$CMD"`', code: 'eval exec "$START_CMD"\n', findings: 1, data: { command: 'eval exec "$START_CMD"' } },
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
    ],
  });
});
