/**
 * PID 1 harness: run a start script as PID 1 of fresh, isolated namespaces, stop it from outside like
 * `docker stop`, and report what every stand-in program saw.
 *
 * One implementation for `execwrap verify` and the test suites (which add only their vitest glue, test/harness/).
 *
 * Isolation (all inside namespaces created with `unshare --pid --fork --mount --net --propagation private`):
 *   - a tmpfs scratch mount holds the upper/work dirs of an overlay whose lower layer is the real `/` (and one
 *     overlay per other writable real mount, e.g. a separate /tmp or /work); the script runs chrooted into it,
 *     so everything it writes, chowns or deletes lands in the tmpfs and disappears with the namespace;
 *   - fresh /proc (the namespace's pids), the real /dev bound in with a private /dev/shm, read-only sysfs;
 *   - a private network namespace (loopback only, down);
 *   - exactly one real directory is bound in writable: the run's out/ dir where stand-ins write their log.
 * If any of that fails the run throws Pid1IsolationError; the script never runs unisolated.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { templatePath } from '../../core/templates.js';
import { activeRuns, track } from './pid1/active-runs.js';
import { readEvents, standinReports } from './pid1/events.js';
import { pid1Support, Pid1IsolationError, q, setupScript, shellArgv } from './pid1/isolation.js';
import { childrenOf, exeBase, exeNameOf, nsOf, pidsInNamespace, ppidOf, processIs, receivesSignal } from './pid1/procfs.js';
import type { ObservedProcess, Pid1Result, RunAsPid1Options } from './pid1/types.js';

export type { ObservedProcess, Pid1Result, Pid1Shell, RunAsPid1Options, SignalEvent, StandinConfig, StandinReport, StopSignal } from './pid1/types.js';
export { Pid1IsolationError, pid1Support } from './pid1/isolation.js';
export { killActiveRuns } from './pid1/active-runs.js';
export { receivesSignal } from './pid1/procfs.js';

/** The stand-in program (templates/standin.mjs: shipped in the npm package, found from src/ and dist/ alike). */
export const STANDIN_SCRIPT = templatePath('standin.mjs');

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A run's directory: the stand-ins on PATH (or placed at absolute paths), their log, the setup script. */
interface PreparedRun {
  runDir: string;
  logFile: string;
  marker: string;
  /** Stand-ins put at absolute paths inside the namespace: target → file. */
  placed: Map<string, string>;
  /** What PID 1 runs after the setup: [init...] entry. */
  entry: string[];
  argv: string[];
  env: Record<string, string>;
}

function prepareRun(opts: RunAsPid1Options): PreparedRun {
  const runDir = mkdtempSync(join(tmpdir(), 'execwrap-pid1-'));
  // Traversable by all: a program that switches user (setpriv, su, gosu) still reaches the stand-ins and their log.
  chmodSync(runDir, 0o711);
  const binDir = join(runDir, 'bin');
  const outDir = join(runDir, 'out');
  const scratch = join(runDir, 'ns');
  for (const d of [binDir, outDir, scratch]) mkdirSync(d);
  const logFile = join(outDir, 'events.log');
  const marker = join(outDir, 'isolated');
  writeFileSync(logFile, '');
  chmodSync(outDir, 0o777);
  chmodSync(logFile, 0o666);

  const scriptFile = opts.command ? undefined : opts.scriptFile ?? join(runDir, 'script.sh');
  if (opts.script !== undefined) writeFileSync(scriptFile!, opts.script, { mode: 0o755 });

  const node = process.execPath;
  const absStandins: [string, string][] = [];
  for (const f of opts.place ?? []) absStandins.push([f.path, f.source]);
  const install = (prog: string, body: string): void => {
    const base = prog.split('/').pop()!;
    const file = prog.startsWith('/') ? join(runDir, 'abs', prog.replace(/\//g, '_')) : join(binDir, base);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body, { mode: 0o755 });
    if (prog.startsWith('/')) absStandins.push([prog, file]);
  };
  for (const prog of opts.programs ?? []) {
    const base = prog.split('/').pop()!;
    install(prog, `#!/bin/sh\nEXECWRAP_STANDIN_NAME=${q(base)} exec ${q(node)} ${q(STANDIN_SCRIPT)} "$@"\n`);
  }
  for (const prog of opts.execWrappers ?? []) install(prog, '#!/bin/sh\n# gosu/su-exec stand-in: drop the user, exec the program.\nshift\nexec "$@"\n');

  const setupFile = join(runDir, 'setup.sh');
  writeFileSync(setupFile, setupScript({ scratch, outDir, marker, absStandins, ...(opts.cwd ? { cwd: opts.cwd } : {}) }));

  const env: Record<string, string> = {
    PATH: `${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: '/root',
    LANG: 'C.UTF-8',
    EXECWRAP_STANDIN_LOG: logFile,
    EXECWRAP_STANDIN_CONFIG: JSON.stringify(opts.config ?? {}),
    ...(opts.env ?? {}),
  };
  const entry = opts.command ?? [...(opts.shell ? shellArgv(opts.shell) : []), scriptFile!, ...(opts.args ?? [])];
  const argv = [
    '--pid', '--fork', '--kill-child', '--mount', '--net', '--propagation', 'private',
    '/bin/sh', setupFile,
    ...(opts.init ?? []),
    ...entry,
  ];
  return { runDir, logFile, marker, placed: new Map(absStandins), entry, argv, env };
}

/** `unshare` and what it printed; `pid1` is the namespace's PID 1 (its only child) once found. */
class IsolatedRun {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stdout = '';
  stderr = '';
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly closed: Promise<void>;
  pid1 = 0;

  constructor(prepared: PreparedRun) {
    this.child = spawn('unshare', prepared.argv, { env: prepared.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (this.child.pid) track(this.child.pid);
    this.child.stdout.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.closed = new Promise<void>((resolve) => {
      this.child.on('close', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
    });
  }

  isDone(): boolean {
    return this.exited !== null;
  }

  /** Sends a signal to PID 1; one that is already gone is not an error. */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(this.pid1, signal);
    } catch {
      /* already gone */
    }
  }

  untrack(): void {
    if (this.child.pid) activeRuns.delete(this.child.pid);
    if (this.pid1) activeRuns.delete(this.pid1);
  }
}

/**
 * Phase 1: the namespace's PID 1 (unshare's only child), once it has exec'd past the isolation setup. Returns the
 * PID namespace (to find what outlives PID 1); throws Pid1IsolationError when the setup did not complete.
 */
async function waitForIsolation(run: IsolatedRun, prepared: PreparedRun, opts: RunAsPid1Options): Promise<string | null> {
  const { marker } = prepared;
  const setupDeadline = Date.now() + 10_000;
  let ns: string | null = null;
  const entryExe = exeNameOf(opts.init?.[0] ?? prepared.entry[0], prepared.placed);
  let markerSeen = 0;
  while (Date.now() < setupDeadline && !run.isDone()) {
    if (!markerSeen && existsSync(marker)) markerSeen = Date.now();
    // The entry's executable could not be told beforehand, or looks different (an init we did not foresee): once
    // isolation is done, half a second is plenty for the exec chain.
    if (markerSeen && Date.now() - markerSeen > 500 && run.pid1 && exeBase(run.pid1) !== 'chroot') {
      ns = nsOf(run.pid1);
      break;
    }
    if (!run.pid1) {
      run.pid1 = childrenOf(run.child.pid!)[0] ?? 0;
      if (run.pid1) track(run.pid1);
    }
    if (run.pid1 && existsSync(marker) && (entryExe === undefined ? exeBase(run.pid1) !== 'chroot' : exeBase(run.pid1) === entryExe)) {
      ns = nsOf(run.pid1);
      break;
    }
    await sleep(2);
  }
  if (!existsSync(marker)) {
    if (!run.isDone()) run.child.kill('SIGKILL');
    await run.closed;
    run.untrack();
    if (!opts.keep) rmSync(prepared.runDir, { recursive: true, force: true });
    throw new Pid1IsolationError(`setup did not complete: ${run.stderr.trim().slice(0, 500) || 'timeout'}`);
  }
  if (!ns && run.pid1) ns = nsOf(run.pid1);
  return ns;
}

/** Real processes to observe (option `watch`): polled from the start until PID 1 is gone. */
class ProcessWatcher {
  private readonly observed = new Map<number, ObservedProcess & { seenAt: number; lastAt: number }>();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ns: string | null,
    readonly names: readonly string[],
  ) {
    this.timer = names.length > 0 ? setInterval(() => this.poll(), 20) : undefined;
  }

  poll(): void {
    if (!this.ns || this.names.length === 0) return;
    const now = Date.now();
    const alive = new Set(pidsInNamespace(this.ns));
    for (const pid of alive) {
      const known = this.observed.get(pid);
      if (known) {
        known.lastAt = now;
        continue;
      }
      const name = this.names.find((n) => processIs(pid, n));
      // A fork of a watched program (its workers, a subshell about to exec `sleep`) is part of it, not another one.
      const parent = ppidOf(String(pid));
      if (name && parent !== null && this.observed.get(parent)?.name === name) continue;
      if (name) this.observed.set(pid, { name, hostPid: pid, firstSeenMs: 0, goneMs: null, killed: false, seenAt: now, lastAt: now });
    }
    for (const o of this.observed.values()) {
      if (!alive.has(o.hostPid) && o.goneMs === null && o.lastAt !== now) o.goneMs = now; // epoch for now; made relative below
    }
  }

  startedNames(): string[] {
    return [...this.observed.values()].map((o) => o.name);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** What was seen, times relative to `t0`; a process still there at the SIGKILL (`killedAt`) counts as killed. */
  report(t0: number, killedAt: number | null): ObservedProcess[] {
    return [...this.observed.values()]
      .sort((a, b) => a.seenAt - b.seenAt)
      .map((o) => {
        const wasKilled = killedAt !== null && (o.goneMs === null || o.goneMs >= killedAt);
        return {
          name: o.name,
          hostPid: o.hostPid,
          firstSeenMs: o.seenAt - t0,
          goneMs: wasKilled ? null : (o.goneMs ?? Date.now()) - t0,
          killed: wasKilled,
        };
      });
  }
}

/** Phase 2: wait for the expected programs (stand-ins from their log, watched processes from /proc). Returns those still missing. */
async function waitForPrograms(run: IsolatedRun, logFile: string, watcher: ProcessWatcher, opts: RunAsPid1Options): Promise<string[]> {
  const want = new Map<string, number>();
  for (const n of [...(opts.waitFor ?? []), ...watcher.names]) want.set(n, (want.get(n) ?? 0) + 1);
  const startDeadline = Date.now() + (opts.startTimeoutMs ?? 5000);
  let missing: string[] = [];
  let lastCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const started = new Map<string, number>();
    for (const e of readEvents(logFile)) if (e.ev === 'start') started.set(e.name, (started.get(e.name) ?? 0) + 1);
    watcher.poll();
    for (const name of watcher.startedNames()) started.set(name, (started.get(name) ?? 0) + 1);
    missing = [];
    for (const [n, c] of want) for (let i = started.get(n) ?? 0; i < c; i++) missing.push(n);
    const count = [...started.values()].reduce((a, b) => a + b, 0);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = Date.now();
    }
    if (missing.length === 0 || run.isDone() || Date.now() > startDeadline) break;
    if (opts.settleMs !== undefined && count > 0 && Date.now() - lastChange >= opts.settleMs) break;
    await sleep(5);
  }
  return missing;
}

interface StopOutcome {
  stopSentAt: number | null;
  /** Time zero of the report: when the stop signal was sent (or, without one, when the stop phase began). */
  t0: number;
  signalDropped: boolean;
  killed: boolean;
  killedAt: number | null;
  cutShort: boolean;
  exitMs: number;
}

/**
 * Phases 3 and 4: stop it from outside, like `docker stop` (the stop signal to PID 1, then SIGKILL after the grace
 * period; the kernel then kills everything in the namespace), and wait for unshare to end.
 */
async function stopLikeDockerStop(run: IsolatedRun, watcher: ProcessWatcher, opts: RunAsPid1Options): Promise<StopOutcome> {
  const stopSignal = opts.stopSignal === undefined ? 'SIGTERM' : opts.stopSignal;
  let stopSentAt: number | null = null;
  let signalDropped = false;
  if (stopSignal && !run.isDone()) {
    signalDropped = receivesSignal(run.pid1, stopSignal) === false;
    stopSentAt = Date.now();
    run.signal(stopSignal);
  }
  const t0 = stopSentAt ?? Date.now();
  const extraTimers = (opts.extraSignals ?? []).map((x) =>
    setTimeout(() => {
      if (!run.isDone()) run.signal(x.signal);
    }, x.afterMs),
  );

  const grace = opts.graceMs ?? 5000;
  let killed = false;
  let killedAt: number | null = null;
  let cutShort = false;
  const kill = (): void => {
    if (run.isDone()) return;
    killed = true;
    watcher.poll();
    killedAt = Date.now();
    run.signal('SIGKILL');
  };
  const timer = setTimeout(kill, grace);
  const cutoff =
    signalDropped && opts.droppedSignalCutoffMs !== undefined && opts.droppedSignalCutoffMs < grace
      ? setTimeout(() => {
          cutShort = !run.isDone();
          kill();
        }, opts.droppedSignalCutoffMs)
      : undefined;
  await run.closed;
  clearTimeout(timer);
  if (cutoff) clearTimeout(cutoff);
  for (const t of extraTimers) clearTimeout(t);
  return { stopSentAt, t0, signalDropped, killed, killedAt, cutShort, exitMs: Date.now() - t0 };
}

/** Phase 5: nothing may outlive PID 1. Processes of the namespace still there a second after it ended. */
async function leftoversIn(ns: string | null): Promise<number[]> {
  let leftover: number[] = [];
  if (!ns) return leftover;
  const until = Date.now() + 1000;
  do {
    leftover = pidsInNamespace(ns);
    if (leftover.length === 0) break;
    await sleep(10);
  } while (Date.now() < until);
  return leftover;
}

function exitCodeOf(exited: { code: number | null; signal: NodeJS.Signals | null }, killed: boolean): number {
  if (killed) return 137;
  if (exited.code !== null) return exited.code;
  return 128 + (osConstants.signals[exited.signal as keyof typeof osConstants.signals] ?? 0);
}

/** Run a script as PID 1 of fresh isolated namespaces, stop it from outside, and report. */
export async function runAsPid1(opts: RunAsPid1Options): Promise<Pid1Result> {
  const support = pid1Support();
  if (!support.ok) throw new Pid1IsolationError(support.reason);
  const given = [opts.script, opts.scriptFile, opts.command].filter((x) => x !== undefined).length;
  if (given !== 1) throw new Error('runAsPid1: give exactly one of script, scriptFile, command');

  const prepared = prepareRun(opts);
  const run = new IsolatedRun(prepared);
  const ns = await waitForIsolation(run, prepared, opts);
  const watcher = new ProcessWatcher(ns, [...new Set(opts.watch ?? [])]);
  const missing = await waitForPrograms(run, prepared.logFile, watcher, opts);
  if (opts.stopDelayMs) await sleep(opts.stopDelayMs);
  const stop = await stopLikeDockerStop(run, watcher, opts);
  watcher.stop();
  const leftover = await leftoversIn(ns);

  const result: Pid1Result = {
    exitCode: exitCodeOf(run.exited!, stop.killed),
    killed: stop.killed,
    stopSentAt: stop.stopSentAt,
    t0: stop.t0,
    exitMs: stop.exitMs,
    programs: standinReports(readEvents(prepared.logFile), stop.t0),
    notStarted: missing,
    signalDropped: stop.signalDropped,
    cutShort: stop.cutShort,
    observed: watcher.report(stop.t0, stop.killedAt),
    leftover,
    stdout: run.stdout,
    stderr: run.stderr,
    runDir: prepared.runDir,
  };
  run.untrack();
  if (!opts.keep) rmSync(prepared.runDir, { recursive: true, force: true });
  return result;
}

/** One line per program, for assertion messages. */
export function describeRun(r: Pid1Result): string {
  const progs = r.programs
    .map((p) => `  ${p.name}[${p.pid}] start ${p.startedMs}ms signals [${p.signals.map((s) => `${s.sig}@${s.ms}`).join(', ')}] exit ${p.exit ? `${p.exit.code}@${p.exit.ms}ms` : 'none'}`)
    .join('\n');
  return `exit ${r.exitCode}${r.killed ? ' (SIGKILLed at deadline)' : ''} after ${r.exitMs}ms; leftover ${JSON.stringify(r.leftover)}\n${progs}\nstderr: ${r.stderr.trim()}\nstdout: ${r.stdout.trim()}`;
}
