/**
 * `execwrap verify --engine docker|podman`: the real engine instead of namespaces. Builds the image (and with
 * --compare execwrap's fix of it), runs it detached, waits until it is up (a fixed time or its HEALTHCHECK), stops
 * it with `docker stop -t GRACE` and reports how long the stop took, the exit code, whether the engine had to
 * SIGKILL it, and the last log lines. Everything runs through the engine's own CLI, as installed, so DOCKER_HOST
 * (CONTAINER_HOST for podman), contexts and credentials work as they do for the user. What it makes is labelled
 * and removed afterwards; `cleanupEngineRuns` does that synchronously from a signal handler (Ctrl-C).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { Variant } from './plan.js';

export const ENGINE_NAMES = ['docker', 'podman'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The label on every image and container verify makes; its value is the run's id. */
export const ENGINE_LABEL = 'io.execwrap.verify';

/** The engine cannot be used, or a build failed: exit 2. `output` is the engine's own output, shown in full. */
export class EngineError extends UsageError {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly output?: string,
  ) {
    super(message);
  }
}

export interface Engine {
  name: EngineName;
  /** The CLI found on PATH. */
  bin: string;
  /** The engine's (server's) version. */
  version: string;
  /** Where the CLI connects: DOCKER_HOST / CONTAINER_HOST, or undefined for the CLI's default. */
  host?: string;
}

/** What one variant runs: an image folder to build, or an image that is already there. */
export type EngineSource = { kind: 'build'; context: string; dockerfile: string } | { kind: 'image'; name: string };

export interface EngineVariant {
  variant: Variant;
  source: EngineSource;
}

export interface EngineOptions {
  graceSeconds: number;
  /** Stop this long after `run -d` returned; undefined: when the HEALTHCHECK says healthy, else after 5 s. */
  upAfterSeconds?: number;
  /** `--build-arg` values, `NAME=value` or `NAME`. */
  buildArgs: readonly string[];
  target?: string;
  /** `docker build --network`. */
  network?: string;
  /** The command after the image (`docker run IMAGE args…`), replacing its CMD. */
  args: readonly string[];
  /** Progress for a person (stderr): building, running, stopping. */
  progress?: (line: string) => void;
}

export interface EngineRun {
  variant: Variant;
  image: string;
  /** Built by this run (and removed after it), or given with --image. */
  built: boolean;
  /** ENTRYPOINT + CMD of the image (or the args given), as the engine runs them. */
  command: string[];
  /** The signal `stop` sends: the image's STOPSIGNAL, else SIGTERM. */
  stopSignal: string;
  /** How the run waited before the stop: a fixed time, or until the HEALTHCHECK said healthy. */
  up: { by: 'time' | 'healthcheck'; ms: number; health: string | null };
  /** The container ended by itself before the stop was sent (or never started: `startError`). */
  ended: { afterMs: number; exitCode: number } | null;
  startError: string | null;
  /** The stop: how long `stop -t GRACE` took, the exit code, and whether the engine SIGKILLed at the deadline. */
  stop: { ms: number; exitCode: number; killed: boolean } | null;
  /** The last lines the container wrote (stdout and stderr, in order). */
  logs: string[];
  passed: boolean;
  verdict: string;
  notes: string[];
}

const DEFAULT_UP_AFTER_MS = 5000;
/** How long to wait for a HEALTHCHECK to say healthy before stopping anyway. */
const HEALTH_TIMEOUT_MS = 120_000;
const POLL_MS = 200;
/** Log lines kept per run. */
export const LOG_LINES = 40;
/** A 137 this close to the end of the grace (or later) is the engine's SIGKILL. */
const DEADLINE_SLACK_MS = 250;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they arrived. */
  all: string;
  ms: number;
}

const children = new Set<ChildProcess>();
const sessions = new Set<Session>();

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, fsConstants.X_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function runCli(bin: string, args: readonly string[], timeoutMs?: number): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let all = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), (all += d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), (all += d)));
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    const done = (code: number | null, extra = '') => {
      if (timer) clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr: stderr + extra, all: all + extra, ms: performance.now() - started });
    };
    child.on('error', (error) => done(null, `${error.message}\n`));
    child.on('close', (code) => done(code));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hostOf(name: EngineName): string | undefined {
  return name === 'docker' ? process.env.DOCKER_HOST : process.env.CONTAINER_HOST;
}

function where(name: EngineName): string {
  const host = hostOf(name);
  return host ? ` at ${host} (${name === 'docker' ? 'DOCKER_HOST' : 'CONTAINER_HOST'})` : '';
}

/** Finds the engine's CLI and checks that it reaches an engine; EngineError (exit 2) saying why not. */
export async function connectEngine(name: EngineName): Promise<Engine> {
  const bin = findOnPath(name);
  if (!bin) {
    throw new EngineError(
      `\`${name}\` is not installed here (not on PATH): verify --engine ${name} runs the image with the ${name} CLI and an engine it can reach.\n` +
        'Without an engine, `execwrap verify IMAGE_DIR` (no --engine) runs the start script as PID 1 in Linux namespaces instead.',
    );
  }
  const probe = name === 'docker' ? ['version', '--format', '{{.Server.Version}}'] : ['info', '--format', '{{.Version.Version}}'];
  const r = await runCli(bin, probe, 30_000);
  const version = r.stdout.trim();
  if (r.code !== 0 || !version) {
    const why = (r.stderr.trim() || `\`${name} ${probe[0]}\` exited ${r.code ?? 'on a signal'}`).split('\n').slice(0, 3).join('\n  ');
    throw new EngineError(`cannot reach the ${name} engine${where(name)}:\n  ${why}\nStart it (or point ${name === 'docker' ? 'DOCKER_HOST' : 'CONTAINER_HOST'} at one) and run verify again.`);
  }
  const host = hostOf(name);
  return { name, bin, version, ...(host ? { host } : {}) };
}

/** One verify run on the engine: its id, what it made, and how to remove all of it. */
class Session {
  readonly id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly images: string[] = [];
  readonly containers: string[] = [];

  constructor(readonly engine: Engine) {}

  cli(args: readonly string[], timeoutMs?: number): Promise<Ran> {
    return runCli(this.engine.bin, args, timeoutMs);
  }

  /** Removes what this run made. Synchronous, so a signal handler can call it before the process exits. */
  cleanupSync(): void {
    const bin = this.engine.bin;
    const opts = { stdio: 'ignore' as const, timeout: 60_000 };
    // By label as well as by name: a container created while we were interrupted is found too.
    const listed = spawnSync(bin, ['ps', '-aq', '--filter', `label=${ENGINE_LABEL}=${this.id}`], { encoding: 'utf8', timeout: 30_000 });
    const containers = new Set([...this.containers, ...(listed.stdout ?? '').split('\n').filter(Boolean)]);
    if (containers.size > 0) spawnSync(bin, ['rm', '-f', ...containers], opts);
    if (this.images.length > 0) spawnSync(bin, ['rmi', '-f', ...this.images], opts);
    this.containers.length = 0;
    this.images.length = 0;
  }
}

/**
 * Ends the engine CLI processes a verify run started and removes its containers and images. For SIGINT/SIGTERM
 * handlers: synchronous, so it is done before the process exits.
 */
export function cleanupEngineRuns(): void {
  for (const child of children) child.kill('SIGTERM');
  for (const session of sessions) session.cleanupSync();
  sessions.clear();
}

interface ContainerState {
  Status: string;
  Running: boolean;
  ExitCode: number;
  Error?: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: { Status: string } | null;
  /** the same, as some podman versions spell it */
  Healthcheck?: { Status: string } | null;
}

interface ImageConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  StopSignal?: string;
  Healthcheck?: { Test?: string[] | null } | null;
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

async function build(session: Session, variant: EngineVariant & { source: { kind: 'build' } }, options: EngineOptions): Promise<string> {
  const { context, dockerfile } = variant.source;
  const tag = `execwrap-verify:${session.id}-${variant.variant}`;
  const args = ['build', '-f', dockerfile, '-t', tag, '--label', `${ENGINE_LABEL}=${session.id}`];
  for (const arg of options.buildArgs) args.push('--build-arg', arg);
  if (options.target) args.push('--target', options.target);
  if (options.network) args.push('--network', options.network);
  args.push(context);
  options.progress?.(`building the ${variant.variant} image (${session.engine.name} build ${context})`);
  session.images.push(tag);
  const r = await session.cli(args);
  if (r.code !== 0) {
    throw new EngineError(`${session.engine.name} build of the ${variant.variant} image failed (exit ${r.code ?? 'on a signal'}); nothing was run. Its output is above.`, r.all);
  }
  return tag;
}

async function imageConfig(session: Session, image: string): Promise<ImageConfig> {
  const r = await session.cli(['image', 'inspect', '--format', '{{json .Config}}', image], 60_000);
  if (r.code !== 0) throw new EngineError(`${session.engine.name} image inspect ${image} failed: ${lastLines(r.stderr, 3)}`);
  return JSON.parse(r.stdout) as ImageConfig;
}

async function containerState(session: Session, name: string): Promise<ContainerState | undefined> {
  const r = await session.cli(['inspect', '--format', '{{json .State}}', name], 60_000);
  if (r.code !== 0) return undefined;
  return JSON.parse(r.stdout) as ContainerState;
}

function healthOf(state: ContainerState): string | null {
  return state.Health?.Status ?? state.Healthcheck?.Status ?? null;
}

function lifetimeMs(state: ContainerState): number {
  const started = Date.parse(state.StartedAt);
  const finished = Date.parse(state.FinishedAt);
  return Number.isFinite(started) && Number.isFinite(finished) && finished >= started ? finished - started : 0;
}

/** `docker logs --timestamps`: stdout and stderr come on two pipes; the timestamps put them back in order. */
async function logsOf(session: Session, name: string): Promise<string[]> {
  const r = await session.cli(['logs', '--timestamps', '--tail', String(LOG_LINES), name], 60_000);
  const stamped = (text: string) =>
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const space = line.indexOf(' ');
        const stamp = space > 0 ? line.slice(0, space) : '';
        return /^\d{4}-\d\d-\d\dT/.test(stamp) ? { stamp, text: line.slice(space + 1) } : { stamp: '', text: line };
      });
  const merged = [...stamped(r.stdout), ...stamped(r.stderr)];
  // Equal-length RFC 3339 stamps sort as text; a stable sort keeps each pipe's own order.
  merged.sort((a, b) => (a.stamp.length === b.stamp.length ? (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0) : 0));
  return merged.map((l) => l.text).slice(-LOG_LINES);
}

/** Runs one image: `run -d`, wait until up, `stop -t GRACE`; the facts, not yet judged. */
async function runOne(session: Session, variant: Variant, image: string, built: boolean, options: EngineOptions): Promise<EngineRun> {
  const config = await imageConfig(session, image);
  const command = options.args.length > 0 ? [...(config.Entrypoint ?? []), ...options.args] : [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const stopSignal = config.StopSignal || 'SIGTERM';
  const hasHealthcheck = !!config.Healthcheck?.Test?.length && config.Healthcheck.Test[0] !== 'NONE';
  const byHealth = options.upAfterSeconds === undefined && hasHealthcheck;
  const name = `execwrap-verify-${session.id}-${variant}`;
  const run: EngineRun = {
    variant,
    image,
    built,
    command,
    stopSignal,
    up: { by: byHealth ? 'healthcheck' : 'time', ms: 0, health: null },
    ended: null,
    startError: null,
    stop: null,
    logs: [],
    passed: false,
    verdict: '',
    notes: [],
  };
  session.containers.push(name);
  const started = await session.cli(['run', '-d', '--label', `${ENGINE_LABEL}=${session.id}`, '--name', name, image, ...options.args], 120_000);
  const upFrom = performance.now();
  if (started.code !== 0) {
    run.startError = lastLines(started.stderr.trim() || started.stdout.trim(), 5);
    run.logs = await logsOf(session, name);
    return run;
  }
  const upAfterMs = options.upAfterSeconds !== undefined ? options.upAfterSeconds * 1000 : byHealth ? HEALTH_TIMEOUT_MS : DEFAULT_UP_AFTER_MS;
  for (;;) {
    const state = await containerState(session, name);
    const elapsed = performance.now() - upFrom;
    if (state && !state.Running) {
      run.up.ms = elapsed;
      run.ended = { afterMs: lifetimeMs(state), exitCode: state.ExitCode };
      if (state.Error) run.notes.push(`the engine says: ${state.Error}`);
      break;
    }
    const health = state ? healthOf(state) : null;
    run.up.health = health;
    if (byHealth && (health === 'healthy' || health === 'unhealthy')) {
      run.up.ms = elapsed;
      if (health === 'unhealthy') run.notes.push('the HEALTHCHECK said unhealthy; stopped it anyway');
      break;
    }
    if (elapsed >= upAfterMs) {
      run.up.ms = elapsed;
      if (byHealth) run.notes.push(`the HEALTHCHECK did not say healthy within ${upAfterMs / 1000} s; stopped it anyway`);
      break;
    }
    await sleep(Math.min(POLL_MS, upAfterMs - elapsed));
  }
  if (!run.ended) {
    options.progress?.(`stopping the ${variant} container (${session.engine.name} stop -t ${options.graceSeconds}, ${stopSignal})`);
    const stop = await session.cli(['stop', '-t', String(options.graceSeconds), name]);
    const ms = Math.round(stop.ms);
    if (stop.code !== 0) run.notes.push(`${session.engine.name} stop exited ${stop.code}: ${lastLines(stop.stderr, 3)}`);
    const state = await containerState(session, name);
    const exitCode = state?.ExitCode ?? -1;
    run.stop = { ms, exitCode, killed: exitCode === 137 && ms >= options.graceSeconds * 1000 - DEADLINE_SLACK_MS };
    if (exitCode === 137 && !run.stop.killed) run.notes.push('exit 137 before the grace ended: something in the container was SIGKILLed');
  }
  run.logs = await logsOf(session, name);
  return run;
}

function secs(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? s.toFixed(0) : s.toFixed(1).replace(/\.0$/, '')} s`;
}

function judge(run: EngineRun, graceSeconds: number, upAfterSeconds: number | undefined): void {
  if (run.startError) {
    run.verdict = `the container did not start: ${run.startError.split('\n')[0]}`;
    return;
  }
  if (run.ended) {
    const hint = upAfterSeconds === undefined || upAfterSeconds * 1000 > run.ended.afterMs ? ' (a shorter --up-after stops it before that)' : '';
    run.verdict = `it ended by itself after ${secs(run.ended.afterMs)} (exit ${run.ended.exitCode}) before the stop signal was sent: the stop was not tested${hint}`;
    return;
  }
  const stop = run.stop!;
  if (stop.killed) {
    run.verdict = `SIGKILLed at the end of the ${graceSeconds} s grace (exit 137): ${run.stopSignal} did not stop it`;
    return;
  }
  run.passed = stop.ms <= graceSeconds * 1000;
  run.verdict = run.passed
    ? `stopped ${secs(stop.ms)} after ${run.stopSignal} (exit ${stop.exitCode}), within the ${graceSeconds} s grace, without SIGKILL`
    : `stopped after ${secs(stop.ms)} (exit ${stop.exitCode}), later than the ${graceSeconds} s grace`;
}

/** A fix must not change when the container ends by itself, nor its status: the fixed run against the original. */
function judgeLifetime(original: EngineRun, fixed: EngineRun): void {
  if (original.startError || fixed.startError) return;
  const lifetime = (r: EngineRun) => (r.ended ? `ended by itself after ${secs(r.ended.afterMs)} (exit ${r.ended.exitCode})` : `was still running after ${secs(r.up.ms)}`);
  let changed: string | undefined;
  if (!original.ended && fixed.ended) changed = `the fix shortened the container's life: it ${lifetime(fixed)}, while the original ${lifetime(original)}`;
  else if (original.ended && !fixed.ended) changed = `the fix changed when the container ends: the original ${lifetime(original)}, the fixed one ${lifetime(fixed)}`;
  else if (original.ended && fixed.ended) {
    if (original.ended.exitCode !== fixed.ended.exitCode) changed = `the fix changed the exit status: the original ${lifetime(original)}, the fixed one ${lifetime(fixed)}`;
    else if (Math.abs(original.ended.afterMs - fixed.ended.afterMs) > Math.max(1000, original.ended.afterMs * 0.25)) {
      changed = `the fix changed when the container ends: the original ${lifetime(original)}, the fixed one ${lifetime(fixed)}`;
    } else fixed.notes.push(`ended as the original did (${secs(original.ended.afterMs)}, exit ${original.ended.exitCode})`);
  }
  if (changed) {
    fixed.passed = false;
    fixed.verdict = fixed.stop ? `${changed}; ${fixed.verdict}` : changed;
  }
}

export interface EngineReport {
  version: 1;
  engine: Engine;
  /** The label (`name=value`) on every image and container this run made; all of them are removed after it. */
  label: string;
  target: string | null;
  dockerfile: string | null;
  graceSeconds: number;
  upAfterSeconds: number | null;
  /** One run, or with --compare the original and the fixed version, in that order. */
  runs: EngineRun[];
  /** What --compare's fix changed (paths in the image folder), and what it could not do. */
  fix: { changed: string[]; notes: string[] } | null;
  /** The verdict the exit code follows: the only run, or the fixed version with --compare. */
  passed: boolean;
}

export interface EngineRunPlan {
  target: string | null;
  dockerfile: string | null;
  variants: EngineVariant[];
  fix: { changed: string[]; notes: string[] } | null;
}

/**
 * Builds and runs each variant on the engine (the runs side by side, so a comparison sees the same moment), and
 * removes what it made. Throws EngineError (exit 2) when a build fails.
 */
export async function verifyOnEngine(engine: Engine, plan: EngineRunPlan, options: EngineOptions): Promise<EngineReport> {
  const session = new Session(engine);
  sessions.add(session);
  try {
    const images: { variant: Variant; image: string; built: boolean }[] = [];
    for (const v of plan.variants) {
      if (v.source.kind === 'image') images.push({ variant: v.variant, image: v.source.name, built: false });
      else images.push({ variant: v.variant, image: await build(session, v as EngineVariant & { source: { kind: 'build' } }, options), built: true });
    }
    options.progress?.(`running ${images.map((i) => i.variant).join(' and ')}; the stop comes ${options.upAfterSeconds !== undefined ? `after ${options.upAfterSeconds} s` : 'when the HEALTHCHECK says healthy, else after 5 s'}`);
    // Settled, not Promise.all: when one run fails, the other must be over before its container is removed.
    const settled = await Promise.allSettled(images.map((i) => runOne(session, i.variant, i.image, i.built, options)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const runs = settled.map((s) => (s as PromiseFulfilledResult<EngineRun>).value);
    for (const run of runs) judge(run, options.graceSeconds, options.upAfterSeconds);
    if (runs.length === 2) judgeLifetime(runs[0]!, runs[1]!);
    return {
      version: 1,
      engine,
      label: `${ENGINE_LABEL}=${session.id}`,
      target: plan.target,
      dockerfile: plan.dockerfile,
      graceSeconds: options.graceSeconds,
      upAfterSeconds: options.upAfterSeconds ?? null,
      runs,
      fix: plan.fix,
      passed: runs[runs.length - 1]!.passed,
    };
  } finally {
    session.cleanupSync();
    sessions.delete(session);
  }
}
