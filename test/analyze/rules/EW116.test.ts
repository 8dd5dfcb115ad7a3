import { describe } from 'vitest';
import { testRule } from '../../helpers/rule-tester.js';

describe('EW116 shebang', () => {
  testRule('EW116', {
    invalid: [
      {
        name: 'no shebang',
        raw: true,
        code: 'set -e\nexec "$@"\n',
        findings: 1,
        line: 1,
        data: { problem: 'missing' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'comment before any shebang',
        raw: true,
        code: '# entrypoint for the app\nexec "$@"\n',
        findings: 1,
        data: { problem: 'missing' },
      },
      {
        name: 'blank line before the shebang',
        raw: true,
        code: '\n#!/bin/bash\nexec "$@"\n',
        findings: 1,
        line: 2,
        data: { problem: 'not-first' },
      },
      {
        name: 'indented shebang',
        raw: true,
        code: '  #!/bin/sh\nexec "$@"\n',
        findings: 1,
        line: 1,
        data: { problem: 'not-first' },
      },
      {
        name: '`#!/bin bash` (space instead of slash)',
        raw: true,
        code: '#!/bin bash\nexec "$@"\n',
        findings: 1,
        line: 1,
        data: { problem: 'malformed' },
      },
      {
        name: 'init in the shebang: info',
        raw: true,
        code: '#!/usr/bin/dumb-init /bin/sh\nexec "$@"\n',
        findings: 1,
        data: { problem: 'init-in-shebang' },
        severity: 'info',
      },
      {
        name: 'tini in the shebang',
        raw: true,
        code: '#!/sbin/tini -- /bin/bash\nexec "$@"\n',
        findings: 1,
        data: { problem: 'init-in-shebang' },
      },
      {
        name: 'blank line and a malformed shebang: both problems',
        raw: true,
        code: '\n#!/bin bash\nexec "$@"\n',
        findings: 2,
        line: 2,
      },
    ],
    valid: [
      { name: '`#!/bin/sh`', raw: true, code: '#!/bin/sh\nexec "$@"\n' },
      { name: '`#!/bin/bash`', raw: true, code: '#!/bin/bash\nexec "$@"\n' },
      { name: '`#!/usr/bin/env bash`', raw: true, code: '#!/usr/bin/env bash\nexec "$@"\n' },
      { name: '`#! /usr/bin/env bash` (space after #!)', raw: true, code: '#! /usr/bin/env bash\nexec "$@"\n' },
      { name: '`#!/usr/bin/env -S bash -e`', raw: true, code: '#!/usr/bin/env -S bash -e\nexec "$@"\n' },
      { name: '`#!/bin/ash`', raw: true, code: '#!/bin/ash\nexec "$@"\n' },
      { name: '`#!/bin/dash`', raw: true, code: '#!/bin/dash\nexec "$@"\n' },
      { name: 'CRLF shebang is EW115, not EW116', raw: true, code: '#!/bin/sh\r\nexec "$@"\r\n' },
    ],
  });
});
