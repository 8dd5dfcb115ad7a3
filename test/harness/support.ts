/**
 * vitest glue for what tests need from the machine: PID 1 namespaces (the harness in src/verify/pid1.ts) and
 * programs (busybox, tini, dumb-init, dash, `script` …). The one way a test that cannot have them is skipped: with
 * a note naming what is missing, which the notice at the end of the run collects (skip-notice.ts), or, under
 * EXECWRAP_REQUIRE_PID1=1 (CI), a failure. Never a silent pass.
 */
import { beforeEach, describe, type TestContext } from 'vitest';
import { getCurrentTest } from 'vitest/suite';
import { pid1Support, runAsPid1 as runIsolated, type Pid1Result, type RunAsPid1Options } from '../../src/verify/pid1.js';
import { lacksNote, missingPrograms, namespacesNote, programsNote, REQUIRE_ENV, requiredMessage } from './needs.js';

export const REQUIRE_PID1 = process.env[REQUIRE_ENV] === '1';

/** Skips the running test with `note`, or fails it when CI requires everything to run (and `required`). */
function skipOrFail(context: TestContext, note: string, required = true): void {
  if (REQUIRE_PID1 && required) throw new Error(requiredMessage(note));
  context.skip(note);
}

function currentContext(what: string): TestContext {
  const test = getCurrentTest();
  if (!test) throw new Error(`${what}: call it inside a test (it skips the running test)`);
  return test.context as TestContext;
}

/** Like describe(), for suites that run scripts as PID 1: each test is skipped (or fails in CI) without namespaces. */
export function describePid1(name: string, fn: () => void): void {
  const support = pid1Support();
  if (support.ok) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    beforeEach((context) => skipOrFail(context, namespacesNote(support.reason)));
    fn();
  });
}

/** Like describe(), for suites whose every test runs these programs (busybox, `script` …). */
export function describeNeeding(programs: string[], name: string, fn: () => void): void {
  describe(name, () => {
    beforeEach((context) => {
      const missing = missingPrograms(programs);
      if (missing.length) skipOrFail(context, programsNote(missing));
    });
    fn();
  });
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
export function needMachine(ok: boolean, lack: string, options: { requiredInCi?: boolean } = {}): void {
  if (!ok) skipOrFail(currentContext('needMachine'), lacksNote(lack), options.requiredInCi ?? true);
}

/** Like describe(), for a suite whose every test needs something else from the machine (see needMachine). */
export function describeNeedingMachine(ok: boolean, lack: string, name: string, fn: () => void, options: { requiredInCi?: boolean } = {}): void {
  describe(name, () => {
    beforeEach((context) => {
      if (!ok) skipOrFail(context, lacksNote(lack), options.requiredInCi ?? true);
    });
    fn();
  });
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
 * runAsPid1 (src/verify/pid1.ts) for tests: skips the running test (or fails it in CI) when namespaces or the
 * shell, init or program the run takes from this machine are missing, instead of failing with "not found".
 */
export function runAsPid1(opts: RunAsPid1Options): Promise<Pid1Result> {
  needPid1();
  needPrograms(...programsOfRun(opts));
  return runIsolated(opts);
}
