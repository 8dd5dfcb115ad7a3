/**
 * The core promise, proven by running: every fixed sample that launches programs runs as PID 1 of a fresh PID
 * namespace under the shells its shebang allows, with stand-ins for its programs, and is stopped from outside like
 * `docker stop`: each program gets the signal once and ends by itself, and the script ends with the status the
 * lifetime rule gives (sample.json `lifetime`). Each original that execwrap fixes fails the same run for the reason
 * it is broken (a program never got the signal and was killed), under every shell and init the fixed one runs with.
 * How the fixed scripts end when a program ends by itself: test/samples-lifetime.test.ts.
 */
import { expect, test } from 'vitest';
import { describeRun, type Pid1Result } from '../src/app/verify/pid1.js';
import { describePid1 } from './harness/support.js';
import { INITS, SHELLS, longestShutdownMs, prepare, runSample, standins, stopStatus, waited, type Prepared } from './helpers/sample-runs.js';
import { loadSamples, type SampleMeta } from './helpers/samples.js';

const runnable = loadSamples().filter(
  // An `unknown` launch that has a fix (EW112's `eval exec`) becomes a known one once fixed: it is run too.
  (s) => s.runnable && (s.expect.launcher === 'single' || s.expect.launcher === 'multi' || s.expect.status === 'fixable') && s.expect.status !== 'unfixable',
);
// Decided before the tests are generated, so that a case that does not apply is not a test at all.
const prepared = await Promise.all(runnable.map(prepare));

/**
 * Every program got exactly one stop signal (one of `expected`) and ended by itself within 1 s of its own
 * shutdown; what the sample says must run after the stop did; the script ended with `status`.
 * INT and QUIT may arrive as TERM: `&` children start with them ignored, so the wrapper sends TERM to a program
 * that has no handler for them (docs/wrapper.md).
 */
function expectStopped(r: Pid1Result, p: Prepared, status: number, ...expected: string[]): void {
  const { sample } = p;
  const info = describeRun(r);
  expect(r.notStarted, info).toEqual([]);
  expect(r.killed, `had to be SIGKILLed\n${info}`).toBe(false);
  expect(r.leftover, info).toEqual([]);
  for (const name of waited(sample)) {
    const instances = r.programs.filter((x) => x.name === name && !x.daemon);
    expect(instances.length, `${name} ran\n${info}`).toBeGreaterThan(0);
    for (const program of instances) {
      if (program.exit && program.signals.length === 0 && program.exit.ms < 0) continue; // a one-shot that had ended before the stop
      expect(program.signals.map((s) => s.sig), `${name} got one signal\n${info}`).toHaveLength(1);
      expect(expected, `${name} signals\n${info}`).toContain(program.signals[0]!.sig);
      expect(program.exit, `${name} exited by itself\n${info}`).not.toBeNull();
      expect(program.exit!.ms - program.signals[0]!.ms, `${name} exit after its shutdown\n${info}`).toBeLessThan(longestShutdownMs(sample) + 1000);
    }
  }
  for (const name of sample.lifetime?.afterStop ?? []) {
    const ran = r.programs.find((x) => x.name === name);
    expect(ran?.startedMs, `${name} ran after the stop\n${info}`).toBeGreaterThan(0);
  }
  expect(r.exitCode, `exit status\n${info}`).toBe(status);
}

/**
 * Why an unfixed original fails: its programs started, and at least one never received the stop signal and never
 * ended by itself (it was SIGKILLed at the deadline, or killed with PID 1 when that exited).
 */
function expectBrokenOriginal(r: Pid1Result, sample: SampleMeta): void {
  const info = describeRun(r);
  expect(r.notStarted, `the original's programs did not all start, so this run proves nothing\n${info}`).toEqual([]);
  // A daemon copy is out of reach of both versions, unless the fix keeps that program in the foreground (its stand-in
  // has foreground flags, as `supervisord -n`): then the copy the original left is what the fix brings into reach.
  const reachableOnceFixed = (name: string) => (sample.standins?.[name]?.foregroundFlags?.length ?? 0) > 0;
  const unreached = r.programs.filter((x) => waited(sample).includes(x.name) && (!x.daemon || reachableOnceFixed(x.name)) && x.exit === null && x.signals.length === 0);
  expect(unreached.map((x) => x.name), `no program was left without the stop signal: the original stopped gracefully\n${info}`).not.toEqual([]);
}

describePid1('samples stop gracefully as PID 1 once fixed', () => {
  for (const p of prepared) {
    const { sample } = p;
    const shells = sample.runShells ?? SHELLS[sample.shell];

    for (const shell of shells) {
      test(`${sample.name}: fixed, ${shell}: TERM reaches every program once; exit ${stopStatus(sample, 'SIGTERM')}`, async () => {
        const r = await runSample(p, p.fixed, shell, { stopSignal: 'SIGTERM' });
        expectStopped(r, p, stopStatus(sample, 'SIGTERM'), 'TERM');
      });
    }

    for (const init of INITS) {
      test(`${sample.name}: fixed, ${shells[0]} behind ${init.label}: TERM reaches every program once; exit ${stopStatus(sample, 'SIGTERM')}`, async () => {
        const r = await runSample(p, p.fixed, shells[0]!, { stopSignal: 'SIGTERM', init: init.argv });
        expectStopped(r, p, stopStatus(sample, 'SIGTERM'), 'TERM');
      });
    }

    // The reviewed golden fixed Dockerfile says which init goes in front; the fix must still put it there.
    if (p.goldenInit) {
      test(`${sample.name}: fixed, behind the init its fixed Dockerfile puts in ENTRYPOINT (${p.goldenInit.join(' ')})`, async () => {
        expect(p.dockerInit, 'the fixed Dockerfile puts this init in front in ENTRYPOINT').toEqual(p.goldenInit);
        const r = await runSample(p, p.fixed, shells[0]!, { stopSignal: 'SIGTERM', init: p.dockerInit! });
        expectStopped(r, p, stopStatus(sample, 'SIGTERM'), 'TERM');
      });
    }

    for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
      if (!p.forwards.has(signal.slice(3))) continue; // a hand-written wrapper that does not trap it: EW205 territory
      test(`${sample.name}: fixed, ${shells[0]}: ${signal.slice(3)} reaches every program once (as itself or as TERM); exit ${stopStatus(sample, signal)}`, async () => {
        const r = await runSample(p, p.fixed, shells[0]!, { stopSignal: signal });
        expectStopped(r, p, stopStatus(sample, signal), signal.slice(3), 'TERM');
      });
    }

    const control = sample.control;
    if (sample.expect.status === 'fixable' && typeof control !== 'string') {
      const runs = [...shells.map((shell) => ({ shell, init: undefined, label: shell })), ...INITS.map((init) => ({ shell: shells[0]!, init: init.argv, label: `${shells[0]} behind ${init.label}` }))];
      // Where the original works (sample.json `control` says why), the control is not generated.
      for (const run of runs.filter((r) => !control?.[r.shell])) {
        test(`${sample.name}: the unfixed original, ${run.label}: a program never gets TERM and is killed`, async () => {
          expect(p.changed, 'the fix changes the script').toBe(true);
          const r = await runSample(p, p.original, run.shell, { stopSignal: 'SIGTERM', graceMs: 1500, config: standins(sample), ...(run.init ? { init: run.init } : {}) });
          expectBrokenOriginal(r, sample);
        });
      }
    }
  }
});
