import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW108 exec-redirect-only', () => {
  testRule('EW108', {
    invalid: [
      {
        name: '`exec >>log 2>&1` then the program without exec',
        code: script`
          exec >>/var/log/app.log 2>&1
          node server.js
        `,
        findings: 1,
        line: 2,
        data: { text: 'exec >>/var/log/app.log 2>&1', program: 'node', line: '3' },
        severity: 'info',
        fixable: false,
      },
      {
        name: 'two redirect-only execs, each reported',
        code: script`
          exec 2>&1
          exec >>/var/log/app.log
          cd /app
          node server.js
        `,
        findings: 2,
        line: 2,
        data: { text: 'exec 2>&1', line: '5' },
      },
      {
        name: 'as the last line, the program above it is the one meant',
        shell: 'sh',
        code: script`
          exec 2>&1
          nohup gunicorn app:wsgi
        `,
        findings: 1,
        data: { program: 'gunicorn' },
      },
    ],
    valid: [
      { name: 'redirect exec then `exec prog`', code: script`
          exec >>/var/log/app.log 2>&1
          exec node server.js
        ` },
      { name: 'redirect exec then `exec "$@"`', code: script`
          exec 3>&1
          exec "$@"
        ` },
      { name: 'program in a branch, not direct', code: script`
          exec 2>&1
          if [ -n "$DEBUG" ]; then node --inspect server.js; else exec node server.js; fi
        ` },
      { name: 'redirect exec in a multi launcher', code: script`
          exec 2>&1
          node a.js &
          node b.js &
          wait
        ` },
    ],
  });
});
