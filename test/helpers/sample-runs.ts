/**
 * Running samples as PID 1 (test/samples-pid1.test.ts, test/samples-lifetime.test.ts): each sample's original and
 * fixed script (and with --fail-fast) written to scratch files, the init its fixed Dockerfile puts in front, and the
 * expectations its sample.json states (how the script ends, with which status).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { isApplied } from '../../src/core/model.js';
import { scriptFileAnalyzer } from '../../src/app/files.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { decodeSource, encodeSource } from '../../src/core/source.js';
import { type Pid1Result, type Pid1Shell, type StandinConfig } from '../../src/app/verify/pid1.js';
import { runAsPid1 } from '../harness/support.js';
import { SAMPLES_DIR, type SampleLifetime, type SampleMeta } from './samples.js';

export const SHELLS: Record<'bash' | 'sh', Pid1Shell[]> = { bash: ['bash'], sh: ['dash', 'busybox', 'bash'] };
/** Exactly how the Dockerfile fix puts an init in front of the script. */
export const INITS: { label: string; argv: string[] }[] = [
  { label: 'tini --', argv: ['tini', '--'] },
  { label: 'dumb-init --single-child', argv: ['dumb-init', '--single-child'] },
];
export const SIGNAL_NUMBERS: Record<string, number> = { SIGTERM: 15, SIGINT: 2, SIGQUIT: 3, SIGHUP: 1 };

export interface Prepared {
  sample: SampleMeta;
  original: string;
  fixed: string;
  /** The fix with --fail-fast. */
  failFast: string;
  changed: boolean;
  /** The original already carries execwrap's wrapper (the fix only adds to it). */
  generatedBefore: boolean;
  /** The fixed script carries execwrap's wrapper. */
  wrapped: boolean;
  /** Stop signals the fixed script passes on: all four for the wrapper and an exec'd program, else its own traps'. */
  forwards: Set<string>;
  /** The init part of the fixed Dockerfile's ENTRYPOINT (`tini --`), as this fix writes it now. */
  dockerInit?: string[];
  /** The same, read from the reviewed golden `expected/docker-fixed.txt`: what the fix is meant to write. */
  goldenInit?: string[];
}

const scratch = mkdtempSync(join(tmpdir(), 'execwrap-samples-'));

/** `["/usr/bin/tini", "--", "/start.sh"]` → `tini --`; undefined when no init leads the ENTRYPOINT. */
function initOf(entrypoint: readonly string[]): string[] | undefined {
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

/** The exec-form ENTRYPOINT of the final stage of a Dockerfile text (the last ENTRYPOINT line). */
function entrypointOfText(text: string): string[] {
  const lines = text.split('\n').filter((l) => /^ENTRYPOINT\s+\[/.test(l));
  const last = lines[lines.length - 1];
  return last ? (JSON.parse(last.replace(/^ENTRYPOINT\s+/, '')) as string[]) : [];
}

export async function prepare(sample: SampleMeta): Promise<Prepared> {
  const path = join(sample.dir, sample.script);
  const source = decodeSource(relative(join(SAMPLES_DIR, '..'), path), readFileSync(path));
  const [safe, safeFailFast, before] = await Promise.all([fixScript(source), fixScript(source, { rules: {}, failFast: true }), analyzeScript(source)]);
  // A sample whose only fixes are unsafe is fixed with --unsafe-fixes: that is the fix a user would apply.
  const unsafeOnly = !safe.changed && safe.before.findings.some((f) => f.fix && !isApplied(f.fix, false));
  const [result, failFast] = unsafeOnly
    ? await Promise.all([fixScript(source, { rules: {}, unsafeFixes: true }), fixScript(source, { rules: {}, unsafeFixes: true, failFast: true })])
    : [safe, safeFailFast];
  const dir = mkdtempSync(join(scratch, `${sample.name}-`));
  const write = (name: string, text: Buffer) => {
    writeFileSync(join(dir, name), text, { mode: 0o755 });
    return join(dir, name);
  };
  const after = result.after.script;
  const forwards = new Set<string>();
  if (after.launch.generated || (after.launch.launcher === 'single' && after.launch.ok)) for (const s of ['TERM', 'INT', 'QUIT', 'HUP']) forwards.add(s);
  else for (const trap of after.launch.traps) for (const s of trap.signalWords) forwards.add(s.replace(/^SIG/, ''));
  // Files the script sources from its own folder go beside the copies.
  for (const file of sample.files ?? []) writeFileSync(join(dir, file), readFileSync(join(sample.dir, file)));
  const prepared: Prepared = {
    sample,
    original: write('original.sh', readFileSync(path)),
    fixed: write('fixed.sh', encodeSource(source, result.text)),
    failFast: write('fail-fast.sh', encodeSource(source, failFast.text)),
    changed: result.changed,
    generatedBefore: before.script.launch.generated,
    wrapped: after.launch.generated,
    forwards,
  };
  const dockerfile = join(sample.dir, 'Dockerfile');
  if (existsSync(dockerfile)) {
    const fixed = await fixDockerfile(decodeSource(dockerfile, readFileSync(dockerfile)), { context: sample.dir, init: 'tini', analyzeScript: scriptFileAnalyzer() });
    const init = initOf(fixed.after.entrypoint ?? []);
    if (init) prepared.dockerInit = init;
    const golden = join(sample.dir, 'expected', 'docker-fixed.txt');
    const goldenInit = existsSync(golden) ? initOf(entrypointOfText(readFileSync(golden, 'utf8'))) : undefined;
    if (goldenInit) prepared.goldenInit = goldenInit;
  }
  return prepared;
}

/** The programs a sample runs, by the name its stand-in reports (gosu-style wrappers left out). */
export function names(sample: SampleMeta): string[] {
  return [...new Set(sample.programs.map((p) => p.split('/').pop()!))].filter((n) => !sample.execWrappers?.includes(n));
}

/** The programs the sample waits for before the stop (and whose ends the lifetime tests try in turn). */
export function waited(sample: SampleMeta): string[] {
  return sample.waitFor ?? names(sample);
}

/** How a sample's script ends; a single-program script ends with its program. */
export function lifetimeOf(sample: SampleMeta): SampleLifetime {
  if (sample.lifetime) return sample.lifetime;
  if (sample.expect.launcher === 'single') return { ends: 'main' };
  throw new Error(`${sample.name}: sample.json has no "lifetime" (how the script ends: main, all, first or never)`);
}

/**
 * The script's status after stop signal `signal`, by the table: the main program's own status where there
 * is one (the stand-ins exit 0 after a graceful stop), else 128+n; a sample's own handler, loop or final `exit` may
 * say otherwise (sample.json).
 */
export function stopStatus(sample: SampleMeta, signal: string): number {
  const lifetime = lifetimeOf(sample);
  if (lifetime.exitStatus !== undefined) return lifetime.exitStatus;
  if (lifetime.stopStatus !== undefined) return lifetime.stopStatus;
  return lifetime.ends === 'main' ? 0 : 128 + SIGNAL_NUMBERS[signal]!;
}

/**
 * Stand-in behaviour for a run: the sample's own, plus staggered shutdown times (100 ms, 350 ms, 600 ms, … in the
 * order of `waited`), so that every program is still running (and logging signals) when the others end and when
 * repeated signals could be sent: a duplicate in reaction to either is always seen.
 */
export function standins(sample: SampleMeta, extra: Record<string, StandinConfig> = {}): Record<string, StandinConfig> {
  const config: Record<string, StandinConfig> = {};
  waited(sample).forEach((name, i) => (config[name] = { shutdownMs: 100 + 250 * i }));
  for (const [name, c] of Object.entries(sample.standins ?? {})) config[name] = { ...config[name], ...c };
  for (const [name, c] of Object.entries(extra)) config[name] = { ...config[name], ...c };
  return config;
}

/** The longest shutdown `standins` gives a program. */
export function longestShutdownMs(sample: SampleMeta): number {
  return 100 + 250 * Math.max(0, waited(sample).length - 1);
}

export function runSample(p: Prepared, file: string, shell: Pid1Shell, extra: Partial<Parameters<typeof runAsPid1>[0]> = {}): Promise<Pid1Result> {
  const execWrappers = p.sample.execWrappers ?? [];
  return runAsPid1({
    scriptFile: file,
    shell,
    programs: p.sample.programs.filter((prog) => !execWrappers.includes(prog)),
    execWrappers,
    waitFor: waited(p.sample),
    args: p.sample.args ?? [],
    stopDelayMs: 150,
    graceMs: 3000,
    config: standins(p.sample),
    ...extra,
  });
}
