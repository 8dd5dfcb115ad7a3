/**
 * Controls for wrapper-pid1.test.ts: the same checks FAIL on unfixed scripts (so the tests can fail), and
 * dumb-init without --single-child doubles TERM.
 */
import { expect, test } from 'vitest';
import { describeRun, runAsPid1 } from '../../src/verify/pid1.js';
import { describePid1 } from '../harness/support.js';
import { expectGraceful, run, signalsOf, wrapped, type Variant } from './wrapper-helpers.js';

describePid1('controls: the same assertions fail without the wrapper', () => {
  for (const shell of ['dash', 'busybox', 'bash'] as const) {
    test(`naive "nginx & php-fpm & wait" under ${shell}: no program gets TERM, SIGKILL at the deadline`, async () => {
      const r = await runAsPid1({
        script: "#!/bin/sh\nnginx -g 'daemon off;' &\nphp-fpm -F &\nwait\n",
        shell,
        programs: ['nginx', 'php-fpm'],
        waitFor: ['nginx', 'php-fpm'],
        graceMs: 1000,
      });
      const info = describeRun(r);
      expect(signalsOf(r, 'nginx'), info).toEqual([]);
      expect(signalsOf(r, 'php-fpm'), info).toEqual([]);
      expect(r.killed, info).toBe(true);
      expect(r.exitCode).toBe(137);
      // ... so the graceful-stop assertion above would fail:
      expect(() => expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] })).toThrow();
      expect(r.leftover).toEqual([]);
    });
  }

  test('naive script behind tini: only the shell gets TERM, the programs are killed (SHELL-FACTS 16)', async () => {
    const r = await runAsPid1({
      script: "#!/bin/sh\nnginx -g 'daemon off;' &\nphp-fpm -F &\nwait\n",
      shell: 'dash',
      init: ['tini', '--'],
      programs: ['nginx', 'php-fpm'],
      waitFor: ['nginx', 'php-fpm'],
      graceMs: 1000,
    });
    const info = describeRun(r);
    expect(signalsOf(r, 'nginx'), info).toEqual([]);
    expect(signalsOf(r, 'php-fpm'), info).toEqual([]);
    expect(r.programs.every((p) => p.exit === null), info).toBe(true);
  });

  test('dumb-init WITHOUT --single-child beside the wrapper delivers TERM twice (why we use --single-child)', async () => {
    // dumb-init signals the whole process group (the & children are in it) and the wrapper forwards too
    // (SHELL-FACTS 17). Two TERMs that land before the program runs its handler merge into one pending signal, so
    // a single program does not always show both: use four programs and up to three runs.
    const v: Variant = { label: 'dumb-init', dialect: 'sh', shell: 'dash', set: 'set -eu', init: ['dumb-init', '--'] };
    const launches = ['nginx', 'php-fpm', 'celery', 'gunicorn'].map((command) => ({ command }));
    const counts: number[] = [];
    for (let attempt = 0; attempt < 3 && !counts.includes(2); attempt++) {
      const r = await run(v, { script: wrapped(v, { launches }), programs: launches.map((l) => l.command), waitFor: launches.map((l) => l.command) });
      const info = describeRun(r);
      for (const l of launches) {
        const sigs = signalsOf(r, l.command);
        expect(sigs.every((s) => s === 'TERM'), info).toBe(true);
        expect(sigs.length, info).toBeGreaterThanOrEqual(1);
        counts.push(sigs.length);
      }
    }
    expect(counts).toContain(2);
  });
});
