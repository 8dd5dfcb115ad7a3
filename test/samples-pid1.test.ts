/**
 * The core promise, proven by running: every fixed sample that launches programs runs as PID 1 of a fresh PID
 * namespace under the shells its shebang allows, with stand-ins for its programs, and is stopped from outside
 * like `docker stop`. Each original that execwrap fixes must fail the same test, so the test can fail.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { scriptFileAnalyzer } from '../src/cli/files.js';
import { fixDockerfile } from '../src/fix/dockerfile-fixer.js';
import { fixScript } from '../src/fix/fixer.js';
import { decodeSource, encodeSource } from '../src/parse/source.js';
import { readFileSync } from 'node:fs';
import { describeRun, runAsPid1, type Pid1Result, type Pid1Shell, type StopSignal } from '../src/verify/pid1.js';
import { describePid1 } from './harness/support.js';
import { loadSamples, SAMPLES_DIR, type SampleMeta } from './helpers/samples.js';

const scratch = mkdtempSync(join(tmpdir(), 'execwrap-samples-'));
const runnable = loadSamples().filter(
  (s) => s.runnable && (s.expect.launcher === 'single' || s.expect.launcher === 'multi') && s.expect.status !== 'unfixable',
);

const SHELLS: Record<'bash' | 'sh', Pid1Shell[]> = { bash: ['bash'], sh: ['dash', 'busybox', 'bash'] };
/** Exactly how the Dockerfile patch puts an init in front of the script. */
const INITS: { label: string; argv: string[] }[] = [
  { label: 'tini --', argv: ['tini', '--'] },
  { label: 'dumb-init --single-child', argv: ['dumb-init', '--single-child'] },
];

interface Prepared {
  sample: SampleMeta;
  original: string;
  fixed: string;
  changed: boolean;
  launcher: string;
  /** The init the fixed Dockerfile puts in front (argv up to the script), when it puts one. */
  dockerInit?: string[];
}

/**
 * The init part of the fixed Dockerfile's ENTRYPOINT, exactly as it will run: `["/usr/bin/tini", "--", …]` gives
 * `tini --`, `["/usr/bin/dumb-init", "--single-child", …]` gives `dumb-init --single-child`. The binary is taken
 * from this machine's PATH (an Alpine image has tini at /sbin/tini), the flags are kept as written.
 */
async function dockerInit(sample: SampleMeta): Promise<string[] | undefined> {
  const path = join(sample.dir, 'Dockerfile');
  if (!existsSync(path)) return undefined;
  const options = {
    context: sample.dir,
    init: 'tini' as const,
    analyzeScript: scriptFileAnalyzer(),
  };
  const fixed = await fixDockerfile(decodeSource(path, readFileSync(path)), options);
  const entrypoint = fixed.after.entrypoint ?? [];
  const name = entrypoint[0]?.split('/').pop();
  if (name !== 'tini' && name !== 'dumb-init') return undefined;
  const flags: string[] = [];
  for (const arg of entrypoint.slice(1)) {
    if (!arg.startsWith('-')) break;
    flags.push(arg);
    if (arg === '--') break;
  }
  return [name, ...flags];
}

async function prepare(sample: SampleMeta): Promise<Prepared> {
  const path = join(sample.dir, sample.script);
  const source = decodeSource(relative(join(SAMPLES_DIR, '..'), path), readFileSync(path));
  const result = await fixScript(source);
  const dir = mkdtempSync(join(scratch, `${sample.name}-`));
  const original = join(dir, 'original.sh');
  const fixed = join(dir, 'fixed.sh');
  writeFileSync(original, readFileSync(path), { mode: 0o755 });
  writeFileSync(fixed, encodeSource(source, result.text), { mode: 0o755 });
  const init = await dockerInit(sample);
  return { sample, original, fixed, changed: result.changed, launcher: result.after.launcher, ...(init ? { dockerInit: init } : {}) };
}

function names(sample: SampleMeta): string[] {
  return [...new Set(sample.programs.map((p) => p.split('/').pop()!))].filter((n) => !sample.execWrappers?.includes(n));
}

function run(p: Prepared, file: string, shell: Pid1Shell, extra: Partial<Parameters<typeof runAsPid1>[0]> = {}): Promise<Pid1Result> {
  const execWrappers = p.sample.execWrappers ?? [];
  return runAsPid1({
    scriptFile: file,
    shell,
    programs: p.sample.programs.filter((prog) => !execWrappers.includes(prog)),
    execWrappers,
    waitFor: p.sample.waitFor ?? names(p.sample),
    args: p.sample.args ?? [],
    stopDelayMs: 150,
    graceMs: 3000,
    ...extra,
  });
}

/**
 * Every program got exactly one stop signal (one of `expected`) and ended by itself within 1 s of its shutdown.
 * INT and QUIT may arrive as TERM: `&` children start with them ignored, so the wrapper sends TERM to a program
 * that has no handler for them (docs/wrapper.md).
 */
function expectStopped(r: Pid1Result, sample: SampleMeta, ...expected: string[]): void {
  const info = describeRun(r);
  expect(r.notStarted, info).toEqual([]);
  expect(r.killed, `had to be SIGKILLed\n${info}`).toBe(false);
  expect(r.leftover, info).toEqual([]);
  expect(r.programs.length, `no program ran\n${info}`).toBeGreaterThan(0);
  for (const name of sample.waitFor ?? names(sample)) {
    const instances = r.programs.filter((x) => x.name === name);
    expect(instances.length, `${name} ran\n${info}`).toBeGreaterThan(0);
    for (const program of instances) {
      expect(program.signals.length, `${name} got one signal\n${info}`).toBe(1);
      expect(expected, `${name} signals\n${info}`).toContain(program.signals[0]!.sig);
      expect(program.exit, `${name} exited by itself\n${info}`).not.toBeNull();
      expect(program.exit!.ms - program.signals[0]!.ms, `${name} exit after its shutdown\n${info}`).toBeLessThan(100 + 1000);
    }
  }
}

/**
 * Status after stop signal n: 128+n when the wrapper ends the script, the program's own status (the stand-ins
 * exit 0) when it was exec'd, and undefined when the script's own cleanup lines run last and decide it.
 */
function expectedStatus(p: Prepared, signal: StopSignal): number | undefined {
  const numbers: Record<string, number> = { SIGTERM: 15, SIGINT: 2, SIGQUIT: 3, SIGHUP: 1 };
  if (!generatedWrapper(p)) return 0;
  return readFileSync(p.fixed, 'utf8').includes('exit "$_ew_status"') ? 128 + numbers[signal]! : undefined;
}

function expectStatus(r: Pid1Result, expected: number | undefined): void {
  if (expected !== undefined) expect(r.exitCode, describeRun(r)).toBe(expected);
}

function generatedWrapper(p: Prepared): boolean {
  return readFileSync(p.fixed, 'utf8').includes('# >>> execwrap prelude v1');
}

describePid1('samples stop gracefully as PID 1 once fixed', () => {
  for (const sample of runnable) {
    const shells = sample.runShells ?? SHELLS[sample.shell];
    const preparing = prepare(sample);

    for (const shell of shells) {
      test(`${sample.name}: fixed, ${shell}: TERM reaches every program once`, async () => {
        const p = await preparing;
        const r = await run(p, p.fixed, shell, { stopSignal: 'SIGTERM' });
        expectStopped(r, sample, 'TERM');
        expectStatus(r, expectedStatus(p, 'SIGTERM'));
      });
    }

    test(`${sample.name}: fixed, ${shells[0]}: fail fast when a program exits 3 by itself`, async () => {
      const p = await preparing;
      // Fail fast is a promise of execwrap's wrapper (and of exec); hand-written wrappers judged ok may lack it.
      if (!generatedWrapper(p) && p.launcher === 'multi') return;
      const first = (sample.waitFor ?? names(sample))[0]!;
      const r = await run(p, p.fixed, shells[0]!, { stopSignal: null, config: { [first]: { exitAfterMs: 400, exitCode: 3 } } });
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      if (expectedStatus(p, 'SIGTERM') !== undefined) expect(r.exitCode, info).toBe(3);
      for (const program of r.programs.filter((x) => x.name !== first && names(sample).includes(x.name))) {
        expect(program.signals.map((s) => s.sig), `${program.name}\n${info}`).toEqual(['TERM']);
      }
    });

    for (const init of INITS) {
      test(`${sample.name}: fixed, ${shells[0]} behind ${init.label}: TERM reaches every program once`, async () => {
        const p = await preparing;
        const r = await run(p, p.fixed, shells[0]!, { stopSignal: 'SIGTERM', init: init.argv });
        expectStopped(r, sample, 'TERM');
      });
    }

    test(`${sample.name}: fixed, behind the init the fixed Dockerfile names: TERM reaches every program once`, async () => {
      const p = await preparing;
      if (!p.dockerInit) return; // the fixed Dockerfile puts no init in front (a single exec'd program that handles TERM)
      const r = await run(p, p.fixed, shells[0]!, { stopSignal: 'SIGTERM', init: p.dockerInit });
      expectStopped(r, sample, 'TERM');
    });

    test(`${sample.name}: INT and QUIT are forwarded where the wrapper forwards them`, async () => {
      const p = await preparing;
      if (!generatedWrapper(p)) return; // an exec'd program receives INT/QUIT directly; nothing to forward
      for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
        const r = await run(p, p.fixed, shells[0]!, { stopSignal: signal });
        expectStopped(r, sample, signal.slice(3), 'TERM');
        expectStatus(r, expectedStatus(p, signal));
      }
    });

    if (sample.expect.status === 'fixable') {
      test(`${sample.name}: the unfixed original fails the same test`, async () => {
        const p = await preparing;
        expect(p.changed).toBe(true);
        const r = await run(p, p.original, shells[0]!, { stopSignal: 'SIGTERM', graceMs: 1500 });
        expect(() => expectStopped(r, sample, 'TERM'), `the original stopped gracefully, so the test proves nothing\n${describeRun(r)}`).toThrow();
      });
    }
  }
});
