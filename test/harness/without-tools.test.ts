/**
 * The suite on a fresh machine: busybox, tini and dumb-init hidden the way a machine without them lacks them
 * (without-programs.sh: whiteouts in an overlay, in a private mount namespace), a few test files that need them run
 * in a child vitest. They must pass, skipping what needs the missing programs, and the notice at the end must name
 * those tests, the programs and the install command; without namespaces too; and with EXECWRAP_REQUIRE_PID1=1 the
 * same runs must fail.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describePid1, needPrograms } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const HIDE = join(import.meta.dirname, 'without-programs.sh');
const HIDDEN = ['busybox', 'tini', 'dumb-init'];
/** Cheap files that need each hidden program one way or another (a shell to spawn, a PID 1 shell or init). */
const FILES = ['test/render/shell-quote.test.ts', 'test/render/wrapper.test.ts', 'test/render/wrapper-pid1-controls.test.ts'];

interface Run {
  status: number | null;
  output: string;
}

function vitestWithoutTools(env: Record<string, string>): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
  // The child is a vitest of its own, not one of this run's workers; and it decides REQUIRE from `env` alone.
  for (const name of Object.keys(childEnv)) if (name.startsWith('VITEST') || name === 'EXECWRAP_REQUIRE_PID1') delete childEnv[name];
  Object.assign(childEnv, env);
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync('sh', [HIDE, ...HIDDEN, '--', process.execPath, vitest, 'run', ...FILES], { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** The notice's lines (between its two bars of `!`), or [] when there is none. */
function notice(output: string): string[] {
  const lines = output.split('\n');
  const first = lines.findIndex((l) => /^!{20,}$/.test(l));
  if (first < 0) return [];
  const last = lines.findIndex((l, i) => i > first && /^!{20,}$/.test(l));
  return lines.slice(first + 1, last);
}

const show = (r: Run) => `exit ${r.status}\n${r.output}`;

describePid1('the suite without busybox, tini and dumb-init', () => {
  test('passes, skipping what needs them; the notice names the tests, the programs and the install command', () => {
    needPrograms('unshare');
    const r = vitestWithoutTools({});
    expect(r.status, show(r)).toBe(0);
    const skipped = Number(/Tests\s+\d+ passed \| (\d+) skipped/.exec(r.output)?.[1]);
    expect(skipped, show(r)).toBeGreaterThan(0);
    // Tests that need only dash or bash still ran, as PID 1 too.
    expect(r.output).toMatch(/Tests\s+\d+ passed/);
    expect(notice(r.output), show(r)).toEqual([
      `!! NOT VERIFIED on this machine: ${skipped} test(s) were skipped because something they run is missing.`,
      '!!   test/render/shell-quote.test.ts: 1 test(s) (lack busybox), e.g. "shellQuote > round-trips every word through busybox ash"',
      '!!   test/render/wrapper-pid1-controls.test.ts: 6 test(s) (lack busybox, tini, dumb-init), e.g. "controls: the same assertions fail without the wrapper > naive "nginx & php-fpm & wait", busybox ash / set -euf, IFS=:: no program gets TERM; SIGKILL at the deadline"',
      '!!   test/render/wrapper.test.ts: 1 test(s) (lack busybox), e.g. "the prelude a reviewer reads > busybox ash -n accepts a whole wrapped script"',
      '!! Programs missing: busybox, tini, dumb-init',
      '!! Install them (Debian/Ubuntu, as root): apt-get install busybox tini dumb-init',
      '!! EXECWRAP_REQUIRE_PID1=1 (set in CI) turns these skips into failures.',
    ]);
    expect(skipped).toBe(8);
  });

  test('without namespaces as well: passes, and the notice adds the PID 1 tests and why', () => {
    needPrograms('unshare');
    const r = vitestWithoutTools({ EXECWRAP_PID1_FORCE_UNAVAILABLE: '1' });
    expect(r.status, show(r)).toBe(0);
    const lines = notice(r.output);
    expect(lines, show(r)).toContain('!!   test/render/wrapper-pid1-controls.test.ts: 9 test(s) (lack PID 1 namespaces), e.g. "controls: the same assertions fail without the wrapper > naive "nginx & php-fpm & wait", dash / set -eu: no program gets TERM; SIGKILL at the deadline"');
    expect(lines).toContain('!! PID 1 namespaces unavailable: EXECWRAP_PID1_FORCE_UNAVAILABLE is set');
    expect(lines).toContain('!! Install them (Debian/Ubuntu, as root): apt-get install busybox');
  });

  test('with EXECWRAP_REQUIRE_PID1=1 the same run fails, naming what is missing, and prints no notice', () => {
    needPrograms('unshare');
    const r = vitestWithoutTools({ EXECWRAP_PID1_FORCE_UNAVAILABLE: '1', EXECWRAP_REQUIRE_PID1: '1' });
    expect(r.status, show(r)).toBe(1);
    expect(r.output).toContain('Error: EXECWRAP_REQUIRE_PID1=1, so this test may not be skipped: busybox not installed');
    expect(r.output).toContain('Error: EXECWRAP_REQUIRE_PID1=1, so this test may not be skipped: no PID 1 namespaces (EXECWRAP_PID1_FORCE_UNAVAILABLE is set)');
    expect(r.output).toMatch(/Tests\s+11 failed \| \d+ passed/);
    expect(r.output).not.toMatch(/Tests\s.*skipped/);
    expect(notice(r.output)).toEqual([]);
  });
});
