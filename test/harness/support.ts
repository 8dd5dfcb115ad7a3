/**
 * vitest glue for what tests need from the machine: PID 1 namespaces (the harness in src/app/verify/pid1.ts), programs
 * (busybox, tini, dumb-init, dash, `script` …) and a few other things (root, a Docker engine). The one way a test
 * that cannot have them is skipped: with a note naming what is missing, which the notice at the end of the run
 * collects (skip-notice.ts), or, under EXECWRAP_REQUIRE_PID1=1 (CI), a failure. Never a silent pass.
 *
 * A whole suite: describePid1, describeNeeding, describeNeedingMachine (its tests are skipped and its hooks never
 * run). One test: needPrograms, needPid1, needMachine as its first line, or runAsPid1 from here, which looks at the
 * shell and init of each run.
 */
import { beforeEach, describe, type TestContext } from 'vitest';
import { getCurrentSuite, getCurrentTest } from 'vitest/suite';
import { pid1Support, runAsPid1 as runIsolated, type Pid1Result, type RunAsPid1Options } from '../../src/app/verify/pid1.js';
import { lacksNote, missingPrograms, namespacesNote, programsNote, REQUIRE_ENV, requiredMessage, SUITE_NOTE_META } from './needs.js';

export const REQUIRE_PID1 = process.env[REQUIRE_ENV] === '1';

export interface MachineOptions {
  /** false for what a CI machine may lack by nature (NOT_REQUIRED in needs.ts): a skip even under EXECWRAP_REQUIRE_PID1=1. */
  requiredInCi?: boolean;
  /** The variable that turns this skip into a failure, instead of EXECWRAP_REQUIRE_PID1. */
  requiredBy?: string;
}

/** The variable that makes this skip a failure now (set to 1), or undefined when it stays a skip. */
function requiredBy(options: MachineOptions): string | undefined {
  if (options.requiredBy !== undefined) return process.env[options.requiredBy] === '1' ? options.requiredBy : undefined;
  return REQUIRE_PID1 && (options.requiredInCi ?? true) ? REQUIRE_ENV : undefined;
}

/** Skips the running test with `note`, or fails it when CI requires it to run. */
function skipOrFail(context: TestContext, note: string, options: MachineOptions = {}): void {
  const variable = requiredBy(options);
  if (variable) throw new Error(requiredMessage(note, variable));
  context.skip(note);
}

function currentContext(what: string): TestContext {
  const test = getCurrentTest();
  if (!test) throw new Error(`${what}: call it inside a test (it skips the running test)`);
  return test.context as TestContext;
}

/**
 * A suite that cannot run here: skipped whole (its beforeAll hooks never run), with `note` on the suite for the
 * notice; when CI requires it, every test fails with the note instead.
 */
function describeUnavailable(name: string, fn: () => void, note: string, options: MachineOptions = {}): void {
  const variable = requiredBy(options);
  if (variable) {
    describe(name, () => {
      beforeEach(() => {
        throw new Error(requiredMessage(note, variable));
      });
      fn();
    });
    return;
  }
  describe.skip(name, () => {
    const suite = getCurrentSuite().suite;
    if (suite) (suite.meta as Record<string, unknown>)[SUITE_NOTE_META] = note;
    fn();
  });
}

/** Like describe(), for suites that run scripts as PID 1: skipped (or failing in CI) without namespaces. */
export function describePid1(name: string, fn: () => void): void {
  const support = pid1Support();
  if (support.ok) describe(name, fn);
  else describeUnavailable(name, fn, namespacesNote(support.reason));
}

/** Like describe(), for suites whose every test runs these programs (busybox, `script` …). */
export function describeNeeding(programs: string[], name: string, fn: () => void): void {
  const missing = missingPrograms(programs);
  if (missing.length === 0) describe(name, fn);
  else describeUnavailable(name, fn, programsNote(missing));
}

/** Like describe(), for a suite whose every test needs something else from the machine (see needMachine). */
export function describeNeedingMachine(ok: boolean, lack: string, name: string, fn: () => void, options: MachineOptions = {}): void {
  if (ok) describe(name, fn);
  else describeUnavailable(name, fn, lacksNote(lack), options);
}

/** First thing in a test that runs these programs: skips it (or fails it in CI) when one is not installed. */
export function needPrograms(...programs: string[]): void {
  const missing = missingPrograms(programs);
  if (missing.length) skipOrFail(currentContext('needPrograms'), programsNote(missing));
}

/**
 * First thing in a test that needs something else from the machine (`root`, `chattr +i on this filesystem`): skips
 * it unless `ok`, naming `lack`. `requiredInCi: false` for what a CI machine may lack by nature (see NOT_REQUIRED in
 * needs.ts): such a skip stays a skip under EXECWRAP_REQUIRE_PID1=1, still named in the notice.
 */
export function needMachine(ok: boolean, lack: string, options: MachineOptions = {}): void {
  if (!ok) skipOrFail(currentContext('needMachine'), lacksNote(lack), options);
}

/** First thing in a test that runs scripts as PID 1 outside describePid1. */
export function needPid1(): void {
  const support = pid1Support();
  if (!support.ok) skipOrFail(currentContext('needPid1'), namespacesNote(support.reason));
}

/** The programs a PID 1 run takes from this machine: its shell, its init, and a known init or shell it execs. */
export function programsOfRun(opts: Pick<RunAsPid1Options, 'shell' | 'init' | 'command'>): string[] {
  const known = new Set(['bash', 'dash', 'busybox', 'tini', 'dumb-init']);
  const name = (word: string | undefined) => word?.split('/').pop();
  return [opts.shell, name(opts.init?.[0]), name(opts.command?.[0])].filter((p): p is string => p !== undefined && known.has(p));
}

/**
 * runAsPid1 (src/app/verify/pid1.ts) for tests: skips the running test (or fails it in CI) when namespaces or the
 * shell, init or program the run takes from this machine are missing, instead of failing with "not found".
 */
export function runAsPid1(opts: RunAsPid1Options): Promise<Pid1Result> {
  needPid1();
  needPrograms(...programsOfRun(opts));
  return runIsolated(opts);
}
