/**
 * The skip mechanism itself: the note format the end-of-run notice reads back, and that tests reach the PID 1
 * harness only through support.ts (whose runAsPid1 skips loudly when a shell or init is missing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { installCommand, lacksNote, namespacesNote, parseNote, programsNote, skipNotice } from './needs.js';
import { programsOfRun } from './support.js';

const TEST_ROOT = join(import.meta.dirname, '..');

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('skip notes and the notice', () => {
  test('a note names what is missing and reads back', () => {
    expect(programsNote(['busybox', 'tini'])).toBe('not verified: busybox, tini not installed');
    expect(parseNote(programsNote(['busybox', 'tini']))).toEqual({ programs: ['busybox', 'tini'] });
    expect(parseNote(namespacesNote('`unshare` not found in PATH'))).toEqual({ namespaces: '`unshare` not found in PATH' });
    expect(parseNote(lacksNote('root (to run the CLI as nobody)'))).toEqual({ lacks: 'root (to run the CLI as nobody)' });
    expect(parseNote('skipped for another reason')).toBeNull();
    expect(parseNote(undefined)).toBeNull();
  });

  test('the install command names the package of each program once', () => {
    expect(installCommand(['busybox', 'tini', 'dumb-init'])).toBe('apt-get install busybox tini dumb-init');
    expect(installCommand(['script', 'dash', 'busybox', 'busybox'])).toBe('apt-get install bsdutils dash busybox');
    expect(installCommand(['no-such-program'])).toBeNull();
  });

  test('the notice counts only our skips, per file, and is empty without them', () => {
    expect(skipNotice([])).toBe('');
    expect(skipNotice([{ file: 'test/a.test.ts', name: 'a > x', note: 'todo' }])).toBe('');
    const notice = skipNotice([
      { file: 'test/b.test.ts', name: 'b > one', note: programsNote(['tini']) },
      { file: 'test/a.test.ts', name: 'a > one', note: programsNote(['busybox']) },
      { file: 'test/a.test.ts', name: 'a > two', note: namespacesNote('not Linux (darwin)') },
      { file: 'test/a.test.ts', name: 'a > other', note: 'skipped for another reason' },
    ]).split('\n');
    expect(notice.slice(1, -1)).toEqual([
      '!! NOT VERIFIED on this machine: 3 test(s) were skipped because something they run is missing.',
      '!!   test/a.test.ts: 2 test(s) (lack busybox, PID 1 namespaces), e.g. "a > one"',
      '!!   test/b.test.ts: 1 test(s) (lack tini), e.g. "b > one"',
      '!! Programs missing: tini, busybox',
      '!! Install them (Debian/Ubuntu, as root): apt-get install tini busybox',
      '!! PID 1 namespaces unavailable: not Linux (darwin)',
      '!! Run the tests as root on Linux with unshare and overlayfs (a container needs --privileged).',
      '!! EXECWRAP_REQUIRE_PID1=1 (set in CI) turns these skips into failures.',
    ]);
    const withLacks = skipNotice([{ file: 'test/c.test.ts', name: 'c > one', note: lacksNote('chattr +i on this filesystem (Operation not supported)') }]).split('\n');
    expect(withLacks.slice(1, -1)).toEqual([
      '!! NOT VERIFIED on this machine: 1 test(s) were skipped because something they run is missing.',
      '!!   test/c.test.ts: 1 test(s) (lack chattr +i on this filesystem), e.g. "c > one"',
      '!! Also not available here: chattr +i on this filesystem (Operation not supported)',
      '!! EXECWRAP_REQUIRE_PID1=1 (set in CI) turns these skips into failures, except for what a machine may lack by nature (chattr +i on its filesystem, `npm install-scripts` in its npm, a SARIF Multitool binary for its platform) and a Docker engine (EXECWRAP_REQUIRE_ENGINE=1 requires that).',
    ]);
  });

  test('a PID 1 run needs its shell, its init and a known program it execs from the machine', () => {
    expect(programsOfRun({ shell: 'busybox', init: ['/usr/bin/tini', '--'] })).toEqual(['busybox', 'tini']);
    expect(programsOfRun({ command: ['/usr/bin/dumb-init', '--single-child', '/start.sh'] })).toEqual(['dumb-init']);
    expect(programsOfRun({ command: ['/start.sh'] })).toEqual([]);
  });
});

test('tests reach the PID 1 harness only through test/harness/support.ts (a missing shell or init skips loudly)', () => {
  const direct = testSources(TEST_ROOT)
    .filter((file) => !file.endsWith(join('harness', 'support.ts')))
    .filter((file) => /import\s*\{[^}]*\brunAsPid1\b[^}]*\}\s*from\s*'[./]*\/src\/app\/verify\/pid1\.js'/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(TEST_ROOT, file));
  expect(direct, 'import runAsPid1 from the harness (test/harness/support.ts) instead').toEqual([]);
});
