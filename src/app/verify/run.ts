/**
 * Runs a verify plan as PID 1 of isolated namespaces (src/verify/pid1.ts), stops it like `docker stop`, and judges
 * the result against the grace period.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAsPid1, type Pid1Result, type StandinConfig } from './pid1.js';
import type { SignalSource, Variant, VariantPlan } from './plan.js';

export interface VerifyRunOptions {
  /** Run the real programs instead of stand-ins. */
  real: boolean;
  graceSeconds: number;
  /** How long to wait for the programs to start (ms). */
  startTimeoutMs: number;
  /** Wait out the whole grace period even when PID 1 has no handler for the signal (the kernel drops it). */
  fullGrace: boolean;
  /**
   * `--exit`: stand-ins that end by themselves (after `afterMs` from their start, with `status`). No stop signal is
   * sent then: the run shows when and how the script ends by itself.
   */
  exits?: ProgramExit[];
}

export interface ProgramExit {
  name: string;
  status: number;
  afterMs: number;
}

/** How long a lifetime run (`--exit`) is watched after the last program was told to end. */
export const LIFETIME_WATCH_MS = 2000;

export interface ProgramOutcome {
  name: string;
  /** As the script names it (`nginx`, `/usr/sbin/nginx`). */
  path: string;
  started: boolean;
  /** ms relative to the stop signal (negative: before it). */
  startedMs: number | null;
  /** Signals it received, ms after the stop signal; null with --real (not observable). */
  signals: { signal: string; ms: number }[] | null;
  /**
   * exited: ended by itself; killed: still running at the deadline, SIGKILLed; gone: ended when PID 1 ended, without
   * the signal; running: still running when a lifetime run (`--exit`) stopped watching; not-started.
   */
  end: 'exited' | 'killed' | 'gone' | 'running' | 'not-started';
  exitCode: number | null;
  endedMs: number | null;
  ok: boolean;
  problem?: string;
}

export interface VariantResult {
  variant: Variant;
  command: string[];
  init: string | null;
  signal: string;
  signalSource: SignalSource;
  programs: ProgramOutcome[];
  pid1: { exitCode: number; killed: boolean; signalDropped: boolean };
  /** ms from the stop signal until PID 1 was gone; the grace period when it had to be killed. */
  stopMs: number;
  /** The run was cut short because PID 1 dropped the signal: stopMs is the grace period it would have waited. */
  projected: boolean;
  passed: boolean;
  verdict: string;
  notes: string[];
  /** Host pids found in the namespace after PID 1 ended (always empty: the kernel kills them with it). */
  leftover: number[];
  /**
   * A lifetime run (`--exit`): whether the script ended by itself while watched, when, with which status. Its times
   * (and the programs') count from when the first program told to end did.
   */
  lifetime?: { ended: boolean; endedMs: number | null; exitCode: number | null };
  stdout: string;
  stderr: string;
}

const DROPPED_CUTOFF_MS = 2000;
const SETTLE_MS = 1000;
const STOP_DELAY_MS = 200;

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? s.toFixed(0) : s.toFixed(1).replace(/\.0$/, '')} s`;
}

export async function runVariant(plan: VariantPlan, options: VerifyRunOptions): Promise<VariantResult> {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-verify-'));
  try {
    const place = plan.place.map((f, i) => {
      if ('file' in f) return { path: f.path, source: f.file };
      const source = join(dir, `placed-${i}`);
      writeFileSync(source, f.content, { mode: 0o755 });
      return { path: f.path, source };
    });
    const graceMs = options.graceSeconds * 1000;
    const names = [...new Set(plan.programs.map((p) => p.name))];
    const exits = options.exits ?? [];
    const lifetime = exits.length > 0 ? { stopSignal: null, graceMs: Math.max(...exits.map((e) => e.afterMs)) + LIFETIME_WATCH_MS } : {};
    // `--exit`: on top of which calls are launches, the programs told to end by themselves.
    const config = standinConfig(plan.programs, plan.stubs);
    for (const e of exits) config[e.name] = { ...config[e.name], exitAfterMs: e.afterMs, exitCode: e.status };
    const r = await runAsPid1({
      command: plan.command,
      place,
      cwd: plan.cwd,
      ...(options.real
        ? { watch: names, programs: plan.stubs, config: standinConfig([], plan.stubs) }
        : {
            programs: [...plan.programs.map((p) => p.path), ...plan.stubs],
            execWrappers: plan.execWrappers,
            config,
            waitFor: names,
          }),
      settleMs: SETTLE_MS,
      startTimeoutMs: options.startTimeoutMs,
      stopDelayMs: STOP_DELAY_MS,
      stopSignal: plan.signal,
      graceMs,
      ...(options.fullGrace ? {} : { droppedSignalCutoffMs: DROPPED_CUTOFF_MS }),
      ...lifetime,
    });
    return judge(plan, r, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Per stand-in name, which calls are launches: the programs' launch argument patterns (every call, when one of its
 * launches is not known), and none for --stub names, whose every call is a setup step ending at once with 0.
 */
function standinConfig(programs: VariantPlan['programs'], stubs: readonly string[]): Record<string, StandinConfig> {
  const config: Record<string, StandinConfig> = {};
  const everyCall = new Set<string>();
  for (const program of programs) {
    if (!program.launches) everyCall.add(program.name);
    else (config[program.name] ??= { launches: [] }).launches!.push(...program.launches);
  }
  for (const name of everyCall) delete config[name];
  for (const stub of stubs) config[stub.split('/').pop()!] ??= { launches: [] };
  return config;
}

function outcomes(plan: VariantPlan, r: Pid1Result, real: boolean, lifetime: boolean): ProgramOutcome[] {
  const out: ProgramOutcome[] = [];
  for (const program of plan.programs) {
    if (out.some((o) => o.name === program.name)) continue;
    const base = { name: program.name, path: program.path };
    if (real) {
      const seen = r.observed.filter((o) => o.name === program.name);
      for (const o of seen) {
        const end: ProgramOutcome['end'] = o.killed ? 'killed' : 'exited';
        out.push({ ...base, started: true, startedMs: o.firstSeenMs, signals: null, end, exitCode: null, endedMs: o.goneMs, ok: !o.killed });
      }
      if (seen.length === 0) out.push({ ...base, started: false, startedMs: null, signals: null, end: 'not-started', exitCode: null, endedMs: null, ok: true });
      continue;
    }
    const seen = r.programs.filter((p) => p.name === program.name);
    for (const p of seen) {
      const signals = p.signals.map((s) => ({ signal: `SIG${s.sig}`, ms: s.ms }));
      const end: ProgramOutcome['end'] = p.exit ? 'exited' : r.killed ? (lifetime ? 'running' : 'killed') : 'gone';
      out.push({ ...base, started: true, startedMs: p.startedMs, signals, end, exitCode: p.exit?.code ?? null, endedMs: p.exit?.ms ?? (end === 'gone' ? r.exitMs : null), ok: lifetime || (signals.length > 0 && p.exit !== null) });
    }
    if (seen.length === 0) out.push({ ...base, started: false, startedMs: null, signals: [], end: 'not-started', exitCode: null, endedMs: null, ok: true });
  }
  for (const o of out) if (!o.ok) o.problem = problemOf(o, plan.signal, r);
  return out;
}

/** A lifetime run: how the script ended by itself (or that it kept running while watched). */
function judgeLifetime(plan: VariantPlan, r: Pid1Result, options: VerifyRunOptions, programs: ProgramOutcome[]): VariantResult {
  const ended = !r.killed;
  // Times count from when the first program told to end did: programs start at slightly different moments in each
  // run, so only times after that end compare across runs.
  const told = new Set((options.exits ?? []).map((e) => e.name));
  const ends = programs.filter((p) => told.has(p.name) && p.end === 'exited').map((p) => p.endedMs!);
  const reference = ends.length > 0 ? Math.min(...ends) : 0;
  for (const p of programs) {
    if (p.startedMs !== null) p.startedMs -= reference;
    if (p.endedMs !== null) p.endedMs -= reference;
    for (const s of p.signals ?? []) s.ms -= reference;
  }
  const endedMs = r.exitMs - reference;
  const verdict = ended
    ? `the script ended by itself ${endedMs} ms after ${ends.length > 0 ? 'the program told to end' : 'the programs were up'}, with status ${r.exitCode}`
    : `the script was still running ${seconds(r.exitMs)} after the programs were up`;
  return variantResult(plan, r, programs, {
    pid1: { exitCode: r.exitCode, killed: r.killed, signalDropped: false },
    stopMs: endedMs,
    projected: false,
    passed: true,
    verdict,
    notes: [...plan.notes, ...(options.real ? ['real programs: --exit applies to stand-ins only'] : [])],
    lifetime: { ended, endedMs: ended ? endedMs : null, exitCode: ended ? r.exitCode : null },
  });
}

/** A verdict with what every verdict reports the same way (the variant run, its programs, what PID 1 printed and left), in the report's key order. */
function variantResult(
  plan: VariantPlan,
  r: Pid1Result,
  programs: ProgramOutcome[],
  judged: Pick<VariantResult, 'pid1' | 'stopMs' | 'projected' | 'passed' | 'verdict' | 'notes' | 'lifetime'>,
): VariantResult {
  const { lifetime, ...verdict } = judged;
  return {
    variant: plan.variant,
    command: plan.command,
    init: plan.init ?? null,
    signal: plan.signal,
    signalSource: plan.signalSource,
    programs,
    ...verdict,
    leftover: r.leftover,
    stdout: r.stdout,
    stderr: r.stderr,
    ...(lifetime ? { lifetime } : {}),
  };
}

function problemOf(o: ProgramOutcome, signal: string, r: Pid1Result): string {
  const got = o.signals && o.signals.length > 0;
  if (o.signals && !got) return o.end === 'killed' ? `never received ${signal}; SIGKILLed at the deadline` : `never received ${signal}; killed when PID 1 ended`;
  if (o.end === 'killed') return got ? `received ${o.signals![0]!.signal} after ${o.signals![0]!.ms} ms but was still running at the deadline` : 'still running at the deadline; SIGKILLed';
  if (o.end === 'gone') return `received ${o.signals![0]!.signal} but was killed when PID 1 exited (exit ${r.exitCode}) before it finished`;
  return 'did not stop';
}

function judge(plan: VariantPlan, r: Pid1Result, options: VerifyRunOptions): VariantResult {
  const graceMs = options.graceSeconds * 1000;
  const lifetime = (options.exits ?? []).length > 0;
  const programs = outcomes(plan, r, options.real, lifetime);
  if (lifetime) return judgeLifetime(plan, r, options, programs);
  const started = programs.filter((p) => p.started);
  const stopMs = r.killed ? graceMs : r.exitMs;
  const notes = [...plan.notes];
  if (r.signalDropped) notes.push(`PID 1 has no handler for ${plan.signal}: the kernel drops it`);
  if (r.cutShort) notes.push(`cut short ${seconds(DROPPED_CUTOFF_MS)} after the signal (nothing could come of it); a runtime would wait the full ${seconds(graceMs)} and then SIGKILL (--full-grace waits it out)`);
  if (options.real) notes.push('real programs: which signals they received cannot be observed, only when they ended');

  const grace = seconds(graceMs);
  let verdict: string;
  let passed = false;
  if (r.stopSentAt === null) {
    verdict = `the script ended by itself (exit ${r.exitCode}) before the stop signal was sent${started.length === 0 ? ', no program started' : ''}`;
    // dash: "php: not found"; bash: "php: command not found"
    const missing = [...new Set([...r.stderr.matchAll(/: ([\w.+-]+): (?:command )?not found$/gm)].map((m) => m[1]!))];
    if (missing.length > 0) notes.push(`not on this machine: ${missing.map((m) => `\`${m}\``).join(', ')}; \`${missing.map((m) => `--stub ${m}`).join(' ')}\` stands in for a setup command with one that ends at once with 0`);
  } else if (started.length === 0) {
    verdict = `no program started before the stop signal (waited ${seconds(options.startTimeoutMs)}); nothing was verified`;
  } else {
    const failed = started.filter((p) => !p.ok);
    const deaf = options.real ? [] : started.filter((p) => p.signals!.length === 0);
    if (failed.length === 0 && !r.killed && stopMs <= graceMs) {
      passed = true;
      verdict = options.real
        ? `every program stopped after ${plan.signal}; the container stopped after ${seconds(stopMs)} (grace ${grace})`
        : `every program received ${plan.signal} and stopped; the container stopped after ${seconds(stopMs)} (grace ${grace})`;
    } else {
      const end = r.killed ? `the container would be killed after ${grace}` : `PID 1 exited after ${seconds(stopMs)} (status ${r.exitCode}) and the kernel killed the programs with it`;
      const unique = (list: ProgramOutcome[]) => [...new Set(list.map((p) => p.name))].join(', ');
      if (failed.length === 0) verdict = `every program stopped, but PID 1 did not exit in time; ${end}`;
      else if (deaf.length === started.length) verdict = `no program received ${plan.signal}; ${end}`;
      else if (deaf.length > 0) verdict = `${unique(deaf)} never received ${plan.signal}; ${end}`;
      else verdict = `${unique(failed)} did not finish stopping; ${end}`;
    }
  }
  return variantResult(plan, r, programs, { pid1: { exitCode: r.exitCode, killed: r.killed, signalDropped: r.signalDropped }, stopMs, projected: r.cutShort, passed, verdict, notes });
}
