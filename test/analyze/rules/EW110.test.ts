import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW110 script-runner-launch', () => {
  testRule('EW110', {
    invalid: [
      {
        name: '`npm start` without exec',
        code: script`
          cd /app
          npm start
        `,
        findings: 1,
        line: 3,
        data: { command: 'npm start', runner: 'npm', script: 'start' },
        severity: 'warning',
        fixable: false,
      },
      { name: '`exec npm run serve`', code: 'exec npm run serve\n', findings: 1, data: { command: 'npm run serve', runner: 'npm', script: 'serve' } },
      { name: '`npm run-script prod`', code: 'exec npm run-script prod\n', findings: 1, data: { script: 'prod' } },
      { name: '`yarn start`', shell: 'sh', code: 'exec yarn start\n', findings: 1, data: { runner: 'yarn', script: 'start' } },
      { name: '`pnpm run dev`', code: 'exec pnpm run dev\n', findings: 1, data: { runner: 'pnpm', script: 'dev' } },
      { name: '`exec gosu node npm start`', code: 'exec gosu node npm start\n', findings: 1, data: { runner: 'npm', script: 'start' } },
      {
        name: 'as a background job',
        code: script`
          npm run worker &
          exec node server.js
        `,
        findings: 1,
        line: 2,
        data: { script: 'worker' },
      },
    ],
    valid: [
      { name: '`exec node server.js`', code: 'exec node server.js\n' },
      { name: '`npm ci` during setup', code: script`
          cd /app && npm ci
          exec node server.js
        ` },
      { name: 'bare `yarn` names no script', code: 'exec yarn\n' },
      { name: '`npm run build` during setup', code: script`
          npm run build
          exec node dist/server.js
        ` },
    ],
  });
});
