/**
 * Fixes keep the script's lifetime, proven by running both: for every sample whose fix puts in execwrap's wrapper,
 * the original and the fixed script run as PID 1 with no stop signal while each program in turn ends by itself,
 * with status 0 and then 3. The fixed script must end when the original does (within the time the programs it
 * then stops take to shut down), with the same status, under every shell the shebang allows; where the original
 * never ends (a keep-alive) the fixed one ends once every program has, with 0 (README, "What a fix keeps").
 * With --fail-fast the first program to end ends the script, with its status.
 */
import { expect, test } from 'vitest';
import { describeRun, type Pid1Result } from '../src/app/verify/pid1.js';
import { describePid1 } from './harness/support.js';
import { SHELLS, lifetimeOf, longestShutdownMs, prepare, runSample, standins, waited, type Prepared } from './helpers/sample-runs.js';
import { loadSamples, type SampleMeta } from './helpers/samples.js';

const candidates = loadSamples().filter(
  (s) => s.runnable && (s.expect.launcher === 'single' || s.expect.launcher === 'multi') && s.expect.status !== 'unfixable',
);
// Only fixes that put in the wrapper can change when a script ends (`exec` keeps it by construction).
const prepared = (await Promise.all(candidates.map(prepare))).filter((p) => p.changed && p.wrapped);

/** A program ends by itself this long after it started. */
const EXIT_AFTER_MS = 600;
/** How long a run is watched after its programs are up: a script that should keep running must still run then. */
const WATCH_MS = 2000;
/**
 * How much later than the program that decides it the fixed script may end: the original's PID 1 exits at once and
 * the kernel SIGKILLs the rest; the fixed one first sends them TERM and waits for their shutdown (the stand-ins'
 * staggered 100–850 ms, longestShutdownMs), plus the stand-ins' own exit and scheduling on a loaded two-core machine
 * (measured alone, the wrapper ends 3–30 ms after the last program; under the whole suite, up to ~400 ms later).
 * It can never end before the program that decides it: that bound is exact.
 */
const SLACK_MS = 1000;

interface Expected {
  ends: boolean;
  status?: number;
}

/** By the lifetime rule: does the script end when `program` ends with `status`, and with which status? */
function expected(sample: SampleMeta, program: string, status: number): Expected {
  const lifetime = lifetimeOf(sample);
  const programs = waited(sample);
  // A daemonizing stand-in's own process exits 0 at once, whatever the scenario says.
  const actual = sample.standins?.[program]?.daemonize ? 0 : status;
  const own = lifetime.exitStatus;
  switch (lifetime.ends) {
    case 'main':
      return program === lifetime.main || (lifetime.main === undefined && programs.length === 1) ? { ends: true, status: own ?? actual } : { ends: false };
    case 'first':
      return { ends: true, status: own ?? actual };
    case 'all':
    case 'never':
      return programs.length === 1 ? { ends: true, status: own ?? 0 } : { ends: false };
  }
}

function endOf(r: Pid1Result, program: string): number {
  const ends = r.programs.filter((p) => p.name === program && !p.daemon && p.exit).map((p) => p.exit!.ms);
  expect(ends.length, `${program} ended by itself\n${describeRun(r)}`).toBeGreaterThan(0);
  return Math.max(...ends);
}

function check(label: string, r: Pid1Result, program: string, want: Expected, sample: SampleMeta): number | undefined {
  const info = `${label}\n${describeRun(r)}`;
  const ended = endOf(r, program);
  if (!want.ends) {
    expect(r.killed, `${label} ended when ${program} did; it must keep running\n${info}`).toBe(true);
    // Nothing was stopped either: a program ending by itself does not stop the others.
    for (const other of r.programs.filter((p) => p.name !== program)) expect(other.signals, `${other.name} got no signal\n${info}`).toEqual([]);
    return undefined;
  }
  expect(r.killed, `${label} kept running after ${program} ended\n${info}`).toBe(false);
  expect(r.exitCode, `${label} exit status\n${info}`).toBe(want.status);
  const after = r.exitMs - ended;
  expect(after, `${label} ended ${-after} ms before ${program} did\n${info}`).toBeGreaterThanOrEqual(0);
  expect(after, `${label} ended ${after} ms after ${program}\n${info}`).toBeLessThan(longestShutdownMs(sample) + SLACK_MS);
  return after;
}

function describeExpected(p: Prepared, program: string, status: number): string {
  const want = expected(p.sample, program, status);
  return want.ends ? `the script ends, status ${want.status}` : 'the script keeps running';
}

describePid1('fixes keep the lifetime of the script', () => {
  for (const p of prepared) {
    const { sample } = p;
    const shells = sample.runShells ?? SHELLS[sample.shell];
    const lifetime = lifetimeOf(sample);
    for (const program of waited(sample)) {
      for (const status of [0, 3]) {
        test(`${sample.name}: ${program} ends by itself with ${status}: ${describeExpected(p, program, status)}, original and fixed (${shells.join(', ')})`, async () => {
          const want = expected(sample, program, status);
          const options = { stopSignal: null, graceMs: WATCH_MS, config: standins(sample, { [program]: { exitAfterMs: EXIT_AFTER_MS, exitCode: status } }) };
          let originalAfter: number | undefined;
          if (!lifetime.original) {
            const original = await runSample(p, p.original, shells[0]!, options);
            // The original is the oracle; sample.json's rule must describe it (a keep-alive never ends by itself).
            originalAfter = check('the original', original, program, lifetime.ends === 'never' ? { ends: false } : want, sample);
          }
          for (const shell of shells) {
            const fixed = await runSample(p, p.fixed, shell, options);
            const after = check(`the fixed script under ${shell}`, fixed, program, want, sample);
            if (after !== undefined && originalAfter !== undefined) {
              expect(after - originalAfter, `fixed under ${shell} ended ${after - originalAfter} ms after the original\n${describeRun(fixed)}`).toBeLessThan(longestShutdownMs(sample) + SLACK_MS);
            }
          }
        });
      }
    }

    // A script that already carries the wrapper keeps its own wait: --fail-fast changes what execwrap writes, not that.
    if (!p.generatedBefore) {
      for (const program of waited(sample)) {
        test(`${sample.name}: --fail-fast, ${shells[0]}: ${program} ending with 3 (or whichever program ends first) ends the script with its status and stops the others`, async () => {
          const r = await runSample(p, p.failFast, shells[0]!, { stopSignal: null, graceMs: WATCH_MS, config: standins(sample, { [program]: { exitAfterMs: EXIT_AFTER_MS, exitCode: 3 } }) });
          const info = describeRun(r);
          // The first program to end: this one, unless another ends sooner by design (a helper that daemonizes).
          const ended = r.programs.filter((x) => waited(sample).includes(x.name) && !x.daemon && x.exit && x.signals.length === 0);
          ended.sort((a, b) => a.exit!.ms - b.exit!.ms);
          const first = ended[0];
          expect(first, `a program ended by itself\n${info}`).toBeDefined();
          const after = check('the --fail-fast script', r, first!.name, { ends: true, status: lifetime.exitStatus ?? first!.exit!.code }, sample);
          expect(after).toBeDefined();
          for (const other of r.programs.filter((x) => x.pid !== first!.pid && waited(sample).includes(x.name) && !x.daemon && x.startedAt < first!.exit!.t)) {
            // Another instance of the same program (`celery beat`, `celery worker`) ends by itself, as configured.
            if (other.name === first!.name && other.exit && other.signals.length === 0) continue;
            expect(other.signals.map((s) => s.sig), `${other.name} got TERM once\n${info}`).toEqual(['TERM']);
          }
        });
      }
    }
  }
});
