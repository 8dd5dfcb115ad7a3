import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW113 restart-loop', () => {
  testRule('EW113', {
    invalid: [
      {
        name: '`while true; do prog; done`',
        code: 'while true; do node server.js; done\n',
        findings: 1,
        line: 2,
        data: {},
        severity: 'error',
        fixable: false,
      },
      {
        name: 'restart loop with a message',
        code: script`
          while :; do
            node server.js
            echo "crashed, restarting"
          done
        `,
        findings: 1,
        line: 2,
      },
      {
        name: 'restart loop with a pause before restarting',
        code: script`
          while true; do
            node server.js
            sleep 1
          done
        `,
        findings: 1,
        line: 2,
      },
      {
        name: '`until` loop around the program',
        shell: 'sh',
        code: script`
          until false; do
            gunicorn app:wsgi
          done
        `,
        findings: 1,
      },
    ],
    valid: [
      { name: 'sleep loop (keep-alive, EW103)', code: 'app &\nwhile true; do sleep 60; done\n' },
      { name: 'wait-for-database loop', code: script`
          until pg_isready -h db; do sleep 1; done
          exec "$@"
        ` },
      { name: 'for loop over init scripts', code: script`
          for f in /docker-entrypoint.d/*.sh; do . "$f"; done
          exec "$@"
        ` },
      { name: 'for loop over workers started in the background', code: script`
          for i in 1 2; do worker --id "$i" & done
          exec node server.js
        ` },
    ],
  });
});
