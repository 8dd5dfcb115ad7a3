import { describe } from 'vitest';
import { testRule } from '../../helpers/rule-tester.js';

const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

describe('EW115 crlf-line-endings', () => {
  testRule('EW115', {
    invalid: [
      {
        name: 'every line CRLF',
        raw: true,
        code: crlf(['#!/bin/sh', 'set -e', 'exec "$@"']),
        findings: 1,
        line: 1,
        data: { kind: 'CRLF (Windows)' },
        severity: 'error',
        fixable: false,
      },
      {
        name: 'mixed CRLF and LF',
        raw: true,
        code: '#!/bin/sh\r\nset -e\nexec "$@"\r\n',
        findings: 1,
        line: 1,
        data: { kind: 'mixed CRLF and LF' },
      },
      {
        name: 'mostly LF, one CRLF line: mixed, reported at that line',
        raw: true,
        code: '#!/bin/bash\nset -e\ncd /app\r\nexec node server.js\n',
        findings: 1,
        line: 3,
        data: { kind: 'mixed CRLF and LF' },
      },
      {
        name: 'CRLF with a program to fix: one EW115 finding only',
        raw: true,
        code: crlf(['#!/bin/sh', 'node server.js']),
        findings: 1,
      },
    ],
    valid: [
      { name: 'LF only', code: 'set -e\nexec "$@"\n' },
      { name: 'LF only, no final newline', raw: true, code: '#!/bin/sh\nexec "$@"' },
      { name: 'a lone \\r at the very end is not a line ending', raw: true, code: '#!/bin/sh\nexec "$@"\r' },
      { name: 'a \\r inside a quoted string', code: "printf 'a\\rb\\n'\nexec \"$@\"\n" },
    ],
  });
});
