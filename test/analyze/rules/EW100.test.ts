import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW100 unknown-rule-in-ignore', () => {
  testRule('EW100', {
    invalid: [
      {
        name: '`# execwrap ignore=EW999`',
        shell: 'sh',
        code: script`
          # execwrap ignore=EW999
          exec "$@"
        `,
        findings: 1,
        line: 2,
        data: { id: 'EW999' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'one unknown ID among known ones',
        code: script`
          # execwrap ignore=EW101,EW99X
          node server.js
        `,
        findings: 1,
        data: { id: 'EW99X' },
      },
      {
        name: 'in ignore-file',
        code: script`
          # execwrap ignore-file=EW116,EW777
          exec "$@"
        `,
        findings: 1,
        data: { id: 'EW777' },
      },
      {
        name: 'two unknown IDs, two findings',
        code: script`
          # execwrap ignore=EW1O1 EW0
          exec "$@"
        `,
        findings: 2,
        data: { id: 'EW1O1' },
      },
      {
        name: 'the unknown ID is reported upper-cased',
        code: script`
          # execwrap ignore=ew998
          exec "$@"
        `,
        findings: 1,
        data: { id: 'EW998' },
      },
    ],
    valid: [
      { name: 'known IDs', code: script`
          # execwrap ignore=EW101,EW110
          npm start
        ` },
      { name: 'lower-case known ID', code: script`
          # execwrap ignore=ew101
          node server.js
        ` },
      { name: 'plain ignore without IDs', code: script`
          # execwrap ignore
          node server.js
        ` },
      { name: 'a comment that only mentions execwrap', code: script`
          # execwrap would flag EW999 here
          exec "$@"
        ` },
      { name: 'EW100 itself is a known ID', code: script`
          # execwrap ignore-file=EW100
          exec "$@"
        ` },
    ],
  });
});
