import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { testRule } from '../../helpers/rule-tester.js';
import { OLDER_PRELUDES, renderPrelude } from '../../../src/shell/render/wrapper.js';
import { findPreludes } from '../../../src/shell/analyze/preludes.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const sample = readFileSync(join(ROOT, 'samples', 'prelude-v2-upgrade', 'start.sh'), 'utf8');
/** A prelude v2 exactly as execwrap wrote it (the sample's), and the current one. */
const v2 = sample.slice(sample.indexOf('# >>> execwrap prelude v2'), sample.indexOf('# <<< execwrap prelude') + '# <<< execwrap prelude'.length);
const v3 = renderPrelude({ shell: 'sh' }).trimEnd();
const launch = 'api --port 8080 &\n_ew_started "$!"\nworker &\n_ew_started "$!"\n_ew_wait all  # execwrap: waits as `wait` did\n';
const script = (prelude: string, eol = '\n') => `#!/bin/sh\nset -e\n${prelude}\nmkdir -p /srv/run\n${launch}`.replace(/\n/g, eol);

describe('EW119 outdated-prelude', () => {
  testRule('EW119', {
    invalid: [
      {
        name: 'a prelude v2 execwrap wrote: replaced with the current one, nothing else changes',
        code: script(v2),
        findings: 1,
        line: 3,
        kind: 'prelude-outdated',
        severity: 'error',
        data: { version: 'v2' },
        output: script(v3),
      },
      {
        name: 'in a CRLF file: the new prelude is written with CRLF too',
        raw: true,
        code: script(v2, '\r\n'),
        findings: 1,
        kind: 'prelude-outdated',
        output: script(v3, '\r\n'),
      },
      {
        name: 'a prelude edited by hand: replaced only with --unsafe-fixes (the edits are dropped)',
        code: script(v3.replace('kill "$_ew_sleeper" || :  # wakes', 'logger stopping; kill "$_ew_sleeper" || :  # wakes')),
        findings: 1,
        kind: 'prelude-edited',
        severity: 'warning',
        unsafe: true,
        output: script(v3),
      },
      {
        name: 'a prelude cut short (no end marker): reported, not changed',
        code: `#!/bin/sh\n# >>> execwrap prelude v2\n_ew_started() { :; }\n_ew_wait() { :; }\n${launch}`,
        findings: 1,
        kind: 'prelude-edited',
        data: { unterminated: 'true' },
        fixable: false,
      },
      {
        name: "execwrap 0.1's prelude v1: reported, no fix (its launch block replaced the script's own lines)",
        code: '#!/bin/sh\n# >>> execwrap prelude v1\n_ew_started() { :; }\n_ew_supervise() { :; }\n# <<< execwrap prelude\n# >>> execwrap launch v1\napi &\n_ew_started "$!"\n_ew_supervise\nexit "$_ew_status"\n# <<< execwrap launch\n',
        findings: 1,
        line: 2,
        kind: 'prelude-v1',
        fixable: false,
      },
    ],
    valid: [
      { name: 'the current prelude', code: script(v3) },
      { name: 'the current prelude in a CRLF file', raw: true, code: script(v3, '\r\n') },
      { name: 'no prelude', code: 'nginx -g "daemon off;" &\nexec php-fpm -F\n' },
      { name: 'the marker quoted inside a line, not at its start', code: 'echo "# >>> execwrap prelude v2"\nexec php-fpm -F\n' },
    ],
  });
});

describe('the prelude versions execwrap knows', () => {
  test('the sample is a v2 execwrap wrote, by its hash', () => {
    const [block] = findPreludes(sample);
    expect(block).toMatchObject({ state: 'older', knownVersion: 'v2', version: 'v2', line: 5 });
    expect(OLDER_PRELUDES.v2).toHaveLength(4);
  });

  test('the current prelude is none of the older ones, and a script fixed now has only it', () => {
    const [block] = findPreludes(script(v3));
    expect(block).toMatchObject({ state: 'current', version: 'v3' });
  });
});
