/**
 * The Docker end-to-end suite: each image in test/e2e/images, as written and as execwrap fixes it, built and
 * stopped on a real engine with `execwrap verify --engine docker --compare` (`docker stop -t 3`). The stand-in
 * programs in the images (test/e2e/images/standin.sh) log every signal they get, so `docker logs` says who got
 * what: the assertions read those lines, the exit codes and the stop times the engine reports.
 *
 * Needs a reachable engine with debian:bookworm-slim (test/e2e/engine.sh makes both on a machine without a
 * registry); skipped loudly otherwise, and a failure with EXECWRAP_REQUIRE_ENGINE=1 (`npm run test:e2e`, CI).
 * Measurements go to EXECWRAP_E2E_RESULTS (default: the temp folder) for `npm run e2e:table`.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineReport, EngineRun } from '../../src/app/verify/engine.js';
import { describeEngine } from '../harness/engine.js';
import { E2E_CASES, type E2eCase, type E2eResult, resultsFile } from './cases.js';
import { cli, imageContexts, leftovers } from './support.js';

/** `docker stop -t` in every run: short, so the suite stays fast; originals that drop TERM take all of it. */
const GRACE_S = 3;
/** The stand-ins' own shutdown after a stop signal (standin.sh's default drain). */
const DRAIN_MS = 1000;
/**
 * A fixed image ends within this long after its programs' own shutdown: usually 0.1 s (the engine's stop and wait;
 * as PID 1 of a namespace the wrapper ends 20-80 ms after the last drain under dash, bash and busybox ash). A
 * program's end the wrapper misses shows as one tick of its 1 s clock (once 2.06 s for a 1 s drain behind tini,
 * under dash: the end came between its look at /proc and its wait; test/render/wrapper-rounds.test.ts now proves
 * no end is missed), so the allowance stays below a tick.
 */
const AFTER_SHUTDOWN_MS = 800;

interface Verified {
  status: number | null;
  report: EngineReport;
  stdout: string;
  stderr: string;
}

let contexts = '';
const results: E2eResult[] = [];
let engine = '';

/** The case's folder with the stand-in beside it: the build context verify is given. */
function context(c: E2eCase): string {
  return join(contexts, c.dir);
}

async function verify(c: E2eCase, extra: string[]): Promise<Verified> {
  const r = await cli(['verify', '--engine', 'docker', '--compare', '--format', 'json', '--network', 'host', '--grace', String(GRACE_S), ...extra, context(c)]);
  let report: EngineReport;
  try {
    report = JSON.parse(r.stdout) as EngineReport;
  } catch {
    throw new Error(`verify did not print a JSON report (exit ${r.status}):\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { status: r.status, report, stdout: r.stdout, stderr: r.stderr };
}

function show(run: EngineRun | undefined): string {
  return JSON.stringify(run, null, 2);
}

/** What a stand-in logged: the signals it got, whether it drained and ended, and as which user it ran. */
function program(run: EngineRun, name: string): { started: boolean; user?: string; signals: string[]; drained: boolean; endedBySelf: boolean } {
  const mine = run.logs.filter((l) => l.startsWith(`standin ${name}: `));
  const start = mine.map((l) => /: started pid \d+ as (\S+)/.exec(l)).find(Boolean);
  return {
    started: !!start,
    ...(start ? { user: start[1]! } : {}),
    signals: mine.map((l) => /: got (\w+)$/.exec(l)?.[1]).filter((s): s is string => !!s),
    drained: mine.some((l) => / exit 0 after a \d+ s drain$/.test(l)),
    endedBySelf: mine.some((l) => / ends by itself after /.test(l)),
  };
}

function summary(run: EngineRun | undefined): E2eResult['original'] {
  if (!run) return null;
  return {
    stopMs: run.stop?.ms ?? null,
    exitCode: run.stop?.exitCode ?? run.ended?.exitCode ?? null,
    killed: run.stop?.killed ?? false,
    endedAfterMs: run.ended?.afterMs ?? null,
    programsGotSignal: run.logs.some((l) => / got TERM$/.test(l)),
  };
}

describeEngine('Docker end-to-end: original and fixed images under docker stop', () => {
  beforeAll(() => {
    contexts = imageContexts(E2E_CASES.map((c) => c.dir));
  });
  afterAll(() => {
    if (contexts) rmSync(contexts, { recursive: true, force: true });
    if (results.length > 0) writeFileSync(resultsFile(), `${JSON.stringify({ engine, graceSeconds: GRACE_S, measuredAt: new Date().toISOString(), results }, null, 2)}\n`);
  });

  for (const c of E2E_CASES) {
    describe(c.title, () => {
      let stop: Verified;
      let lifetime: Verified | undefined;
      beforeAll(async () => {
        stop = await verify(c, ['--up-after', String(c.stopUpAfter ?? 2), ...(c.stopBuildArgs ?? []).flatMap((a) => ['--build-arg', a])]);
        engine ||= `${stop.report.engine.name} ${stop.report.engine.version}`;
        if (c.lifetime) lifetime = await verify(c, ['--up-after', String(c.lifetime.upAfter), ...c.lifetime.buildArgs.flatMap((a) => ['--build-arg', a])]);
        results.push({
          dir: c.dir,
          title: c.title,
          original: summary(stop.report.runs[0]),
          fixed: summary(stop.report.runs[1]),
          ...(lifetime ? { lifetime: { title: c.lifetime!.title, upAfterSeconds: c.lifetime!.upAfter, original: summary(lifetime.report.runs[0]), fixed: summary(lifetime.report.runs[1]) } } : {}),
        });
      }, 300_000);

      test('execwrap changes the image (there is a fixed version to compare); verify leaves nothing on the engine', () => {
        expect(stop.report.fix?.changed.length, stop.stderr).toBeGreaterThan(0);
        expect(stop.report.runs.map((r) => r.variant)).toEqual(['original', 'fixed']);
        for (const r of [stop, lifetime]) if (r) expect(leftovers(r.report.label)).toEqual([]);
      });

      test(`original: ${c.originalExpectation}`, () => {
        const run = stop.report.runs[0]!;
        expect(run.ended, `${show(run)}\nit must still run when the stop comes`).toBeNull();
        for (const name of c.programs) expect(program(run, name).started, `${name} started\n${show(run)}`).toBe(true);
        if (c.original === 'sigkill') {
          // PID 1 drops SIGTERM: nothing happens until the engine SIGKILLs everything at the end of the grace.
          expect(run.stop!.killed, show(run)).toBe(true);
          expect(run.stop!.exitCode).toBe(137);
          expect(run.stop!.ms).toBeGreaterThanOrEqual(GRACE_S * 1000 - 250);
          for (const name of c.programs) expect(program(run, name).signals, `${name} got no signal\n${show(run)}`).toEqual([]);
        } else if (c.original === 'init-kills-programs') {
          // tini passes TERM to the shell only; the shell dies of it, tini exits, and the kernel kills the
          // programs with the container: a quick stop, no SIGKILL from the engine, and no program heard of it.
          expect(run.stop!.killed, show(run)).toBe(false);
          expect(run.stop!.exitCode).toBe(143);
          expect(run.stop!.ms).toBeLessThan(DRAIN_MS);
          for (const name of c.programs) {
            expect(program(run, name).signals, `${name} got no signal\n${show(run)}`).toEqual([]);
            expect(program(run, name).drained).toBe(false);
          }
        } else {
          // `exec` made the program PID 1: it gets TERM itself.
          expect(run.stop!.killed, show(run)).toBe(false);
          expect(run.stop!.exitCode).toBe(0);
          for (const name of c.programs) expect(program(run, name).signals, show(run)).toEqual(['TERM']);
        }
      });

      test(`fixed: every program gets TERM once and drains; the container stops within ${AFTER_SHUTDOWN_MS / 1000} s of that, never 137`, () => {
        const run = stop.report.runs[1]!;
        expect(run.ended, `${show(run)}\nthe fixed container must still run when the stop comes, as the original does`).toBeNull();
        expect(run.stop!.killed, show(run)).toBe(false);
        expect(run.stop!.exitCode).not.toBe(137);
        expect(run.stop!.ms, show(run)).toBeGreaterThanOrEqual(DRAIN_MS - 100);
        expect(run.stop!.ms, show(run)).toBeLessThan(DRAIN_MS + AFTER_SHUTDOWN_MS);
        for (const name of c.programs) {
          const p = program(run, name);
          expect(p.started, `${name} started\n${show(run)}`).toBe(true);
          expect(p.signals, `${name} got TERM exactly once\n${show(run)}`).toEqual(['TERM']);
          expect(p.drained, `${name} finished its drain\n${show(run)}`).toBe(true);
        }
        expect(stop.report.passed).toBe(true);
        expect(stop.status, stop.stderr).toBe(0);
      });

      test(`fixed: after the stop it exits ${c.fixedStopExit.status} (${c.fixedStopExit.why})`, () => {
        const run = stop.report.runs[1]!;
        expect(run.stop?.exitCode, show(run)).toBe(c.fixedStopExit.status);
      });

      if (c.user) {
        test(`both run their programs as ${c.user}`, () => {
          for (const run of stop.report.runs) for (const name of c.programs) expect(program(run, name).user, show(run)).toBe(c.user);
        });
      }

      if (c.lifetime) {
        const l = c.lifetime;
        test(`not stopped: ${l.title}; the fixed one ends when the original does (after stopping the others gracefully), with its status`, () => {
          const [original, fixed] = lifetime!.report.runs;
          if (l.expect === 'running') {
            expect(original!.ended, show(original)).toBeNull();
            expect(fixed!.ended, `${show(fixed)}\nthe fix must not shorten the container's life`).toBeNull();
          } else {
            expect(original!.ended, show(original)).toEqual({ afterMs: expect.any(Number), exitCode: l.expect.exitCode });
            expect(Math.abs(original!.ended!.afterMs - l.expect.afterMs), show(original)).toBeLessThan(1000);
            expect(fixed!.ended, show(fixed)).toEqual({ afterMs: expect.any(Number), exitCode: l.expect.exitCode });
            // It ends when the original does, plus the graceful stop of the programs still running then: the original's
            // end takes them down with SIGKILL, the fixed one sends them TERM and waits for their drain (1 s here).
            const late = fixed!.ended!.afterMs - original!.ended!.afterMs;
            expect(late, show(fixed)).toBeGreaterThanOrEqual(DRAIN_MS - 100);
            expect(late, show(fixed)).toBeLessThan(DRAIN_MS + AFTER_SHUTDOWN_MS);
            for (const name of c.programs.filter((n) => !program(original!, n).endedBySelf)) {
              expect(program(original!, name).signals, `original: ${name} is killed unwarned\n${show(original)}`).toEqual([]);
              expect(program(fixed!, name), `fixed: ${name} gets TERM once and drains\n${show(fixed)}`).toMatchObject({ signals: ['TERM'], drained: true });
            }
          }
        });
      }
    });
  }
});
