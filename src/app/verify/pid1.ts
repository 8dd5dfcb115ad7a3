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
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { constants as osConstants } from 'node:os';
import { templatePath } from '../../core/templates.js';

export type Pid1Shell = 'bash' | 'dash' | 'busybox';
/** Any signal name node knows (`SIGTERM`, `SIGQUIT`, …). */
export type StopSignal = NodeJS.Signals;

/** Behaviour of one stand-in program (keyed by program basename; "*" applies to all). See standin.mjs. */
export interface StandinConfig {
  /** Signals it installs handlers for (default TERM INT QUIT HUP USR1 USR2); others keep the inherited disposition. */
  handle?: string[];
  /** Handled signals that start a graceful stop (default TERM INT QUIT HUP). */
  stopOn?: string[];
  /** Handled signals that are only logged (e.g. ["TERM"]). */
  ignore?: string[];
  /** How long a graceful stop takes (default 100 ms). */
  shutdownMs?: number;
  /** Exit code after a graceful stop (default 0). */
  stopExitCode?: number;
  /** Exit by itself after this long ... */
  exitAfterMs?: number;
  /** ... with this code (default 0). */
  exitCode?: number;
  /**
   * The calls that are the program's launch, as argument patterns (a word, or null for any number of words); a
   * call matching none is a setup step: it ends at once with 0. Omitted: every call is a launch.
   */
  launches?: (string | null)[][];
  /** Start a copy of itself in a new session (reported with `daemon: true`) and exit 0 at once, as a daemon does. */
  daemonize?: boolean;
}

export interface RunAsPid1Options {
  /** Script text (written to a temp file) ... */
  script?: string;
  /** ... or the path of an existing script file ... */
  scriptFile?: string;
  /** ... or the whole argv PID 1 runs, as an image's ENTRYPOINT + CMD would (`init` is still put in front). */
  command?: string[];
  /**
   * Shell that runs the script: `bash`, `dash` or `busybox` (run as `busybox ash`). Omitted: the script file is
   * executed itself, as a container runtime does (the kernel reads its `#!` line).
   */
  shell?: Pid1Shell;
  /** Files copied into the namespace (mode 0755) at absolute paths: a build context's script at its image path. */
  place?: { path: string; source: string }[];
  /** Working directory inside the namespace (an image's WORKDIR; created when missing). Default `/`. */
  cwd?: string;
  /**
   * Real processes to observe by name (comm, or the basename of argv[0] or argv[1]): for runs without stand-ins.
   * The run waits for them like `waitFor` and reports when each was first and last seen (`observed`).
   */
  watch?: string[];
  /**
   * Stop waiting for `waitFor`/`watch` programs once at least one has started and no other has started for this
   * long (a `case` starts only one branch). Default: wait for all of them, up to startTimeoutMs.
   */
  settleMs?: number;
  /**
   * When PID 1 has no handler for the stop signal as it is sent, the kernel drops it: nothing will come of it.
   * With this set, the run watches this long more (to see that nothing changes), then SIGKILLs and reports
   * `signalDropped` instead of waiting out the whole grace period.
   */
  droppedSignalCutoffMs?: number;
  /** Arguments after the script path. */
  args?: string[];
  /** Init argv put in front, exactly as an ENTRYPOINT would: ['tini', '--'], ['dumb-init', '--single-child']. */
  init?: string[];
  /** Programs replaced by stand-ins: bare names (put first in PATH) or absolute paths (placed inside the namespace). */
  programs?: string[];
  /** gosu/su-exec style programs (names or absolute paths): drop the user argument and exec the rest. */
  execWrappers?: string[];
  /** Per-program behaviour, by basename. */
  config?: Record<string, StandinConfig>;
  /** Stand-in names that must have started before the stop signal is sent (repeat a name to wait for several). */
  waitFor?: string[];
  /** Signal sent to the namespace's PID 1 from outside; null: send none, wait for the script to end by itself. */
  stopSignal?: StopSignal | null;
  /** More signals sent to PID 1 after the stop signal, at ms after it (a second `docker stop`, a QUIT after TERM). */
  extraSignals?: { signal: StopSignal; afterMs: number }[];
  /** Extra wait after the programs in waitFor have started, before the stop signal (default 0). */
  stopDelayMs?: number;
  /** How long to wait for waitFor programs to start (default 5000 ms). */
  startTimeoutMs?: number;
  /** Grace period after the stop signal (or after start when stopSignal is null) before SIGKILL (default 5000 ms). */
  graceMs?: number;
  /** Extra environment for the script. */
  env?: Record<string, string>;
  /** Keep the run directory (for debugging); its path is in the result. */
  keep?: boolean;
}

export interface SignalEvent {
  sig: string;
  /** Epoch ms. */
  t: number;
  /** ms after the stop signal was sent (or after the programs were ready when none was sent). */
  ms: number;
}

export interface StandinReport {
  name: string;
  /** pid inside the namespace. */
  pid: number;
  argv: string[];
  startedAt: number;
  /** ms relative to the reference time (negative: before the stop signal). */
  startedMs: number;
  signals: SignalEvent[];
  /** null when it never exited by itself (SIGKILLed, killed by a default-action signal, or killed with the namespace). */
  exit: { code: number; t: number; ms: number } | null;
  /** The copy a daemonizing stand-in left running (option `daemonize`). */
  daemon: boolean;
}

export interface ObservedProcess {
  name: string;
  /** Host pid. */
  hostPid: number;
  /** ms relative to t0 when first and last seen in the process table (last seen: null while still running at the end). */
  firstSeenMs: number;
  goneMs: number | null;
  /** Still running when PID 1 was SIGKILLed. */
  killed: boolean;
}

export interface Pid1Result {
  /** Exit status of the namespace's PID 1 (the script, or the init in front of it); 137 when SIGKILLed. */
  exitCode: number;
  /** The grace period ran out and PID 1 was SIGKILLed. */
  killed: boolean;
  /** Epoch ms when the stop signal was sent (null if none). */
  stopSentAt: number | null;
  /** Reference time for all `ms` fields: stopSentAt, or when the programs were ready. */
  t0: number;
  /** ms from t0 until PID 1 was gone. */
  exitMs: number;
  programs: StandinReport[];
  /** Stand-ins (from waitFor) and watched processes that had not started when the stop signal was sent. */
  notStarted: string[];
  /** PID 1 neither handled nor blocked the stop signal when it was sent: the kernel dropped it. */
  signalDropped: boolean;
  /** The run was cut short because the signal was dropped (droppedSignalCutoffMs); `killed` is then true too. */
  cutShort: boolean;
  /** Watched real processes (option `watch`), by name. */
  observed: ObservedProcess[];
  /** Host pids still in the namespace after PID 1 ended (must be empty: the namespace is gone). */
  leftover: number[];
  stdout: string;
  stderr: string;
  runDir: string;
}

export class Pid1IsolationError extends Error {
  constructor(message: string) {
    super(`execwrap PID 1 harness: cannot isolate the run, refusing to run it: ${message}`);
    this.name = 'Pid1IsolationError';
  }
}

/** The stand-in program (templates/standin.mjs: shipped in the npm package, found from src/ and dist/ alike). */
export const STANDIN_SCRIPT = templatePath('standin.mjs');

function q(word: string): string {
  return /^[A-Za-z0-9_@%+:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${q(cmd)}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

interface Mount {
  point: string;
  fstype: string;
  ro: boolean;
}

function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

function readMounts(): Mount[] {
  const out: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const f = pre.split(' ');
    const opts = (f[5] ?? '').split(',');
    out.push({ point: unescapeMountinfo(f[4] ?? ''), fstype: post.split(' ')[0] ?? '', ro: opts.includes('ro') });
  }
  return out;
}

const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];
function under(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : root + '/');
}

/** Real writable mounts other than `/` that need their own overlay (a separate /tmp, /work, /home ...). */
function extraMounts(): string[] {
  const seen = new Map<string, Mount>();
  for (const m of readMounts()) seen.set(m.point, m); // the last mount on a point is the visible one
  const points = [...seen.values()]
    .filter((m) => m.point !== '/' && !m.ro && !VIRTUAL_ROOTS.some((r) => under(m.point, r)))
    .filter((m) => !/[\s,:\\]/.test(m.point))
    .map((m) => m.point)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return points;
}

/** The sh script that becomes the namespace's PID 1, isolates, then execs chroot → [init] shell script. */
function setupScript(p: { scratch: string; outDir: string; marker: string; absStandins: [string, string][]; cwd?: string }): string {
  const R = `${p.scratch}/root`;
  const lines = [
    'set -eu',
    // The run's PATH starts with the stand-ins (a script may start `sh -c …` or call `mount`): the isolation itself
    // uses the system's programs, and the run gets its PATH back at the exec below.
    'run_path=$PATH',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `S=${q(p.scratch)}`,
    'fail() { echo "isolation: $*" >&2; exit 121; }',
    'mount -t tmpfs -o mode=0755 execwrap-scratch "$S" || fail "tmpfs on $S"',
    'mkdir -p "$S/u/root" "$S/w/root" "$S/root"',
    'mount -t overlay execwrap-root -o "lowerdir=/,upperdir=$S/u/root,workdir=$S/w/root" "$S/root" || fail "overlay of /"',
  ];
  extraMounts().forEach((point, i) => {
    lines.push(
      `mkdir -p "$S/u/m${i}" "$S/w/m${i}"`,
      // A mount can vanish between reading mountinfo and here (a container engine's overlays come and go): one
      // that is gone needs no cover.
      `if [ -d ${q(R + point)} ]; then mount -t overlay execwrap-m${i} -o "lowerdir=${point},upperdir=$S/u/m${i},workdir=$S/w/m${i}" ${q(R + point)} 2>/dev/null || { mount --bind ${q(point)} ${q(R + point)} && mount -o remount,bind,ro ${q(R + point)}; } 2>/dev/null || [ ! -d ${q(point)} ] || fail "cannot cover ${point}"; fi`,
    );
  });
  lines.push(
    `mount -t proc proc "$S/root/proc" || fail "mount /proc"`,
    `mount --rbind /dev "$S/root/dev" || fail "bind /dev"`,
    `mount -t tmpfs -o mode=1777 shm "$S/root/dev/shm" || fail "private /dev/shm"`,
    `mount -t sysfs -o ro sysfs "$S/root/sys" 2>/dev/null || mount -t tmpfs -o ro,mode=0755 nosys "$S/root/sys" || fail "/sys"`,
    `mkdir -p ${q(R + p.outDir)}`,
    `mount --bind ${q(p.outDir)} ${q(R + p.outDir)} || fail "bind the log dir"`,
  );
  for (const [target, source] of p.absStandins) {
    lines.push(`mkdir -p ${q(R + dirname(target))}`, `rm -f ${q(R + target)}`, `cp ${q(source)} ${q(R + target)}`, `chmod 0755 ${q(R + target)}`);
  }
  // Prove the real filesystem is not reachable for writes: a probe written through the new root must not appear on the host.
  lines.push(
    `probe=${q(p.scratch)}/root${q(join(p.outDir, '..', 'isolation-probe'))}`,
    'echo probe > "$probe"',
    `if [ -e ${q(join(p.outDir, '..', 'isolation-probe'))} ]; then fail "overlay writes reach the real filesystem"; fi`,
    `: > ${q(p.marker)}`,
  );
  if (p.cwd && p.cwd !== '/') lines.push(`mkdir -p ${q(R + p.cwd)}`);
  lines.push(
    'cd "$S/root"',
    'chroot=$(command -v chroot)',
    'PATH=$run_path',
    p.cwd && p.cwd !== '/' ? `exec "$chroot" "$S/root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh ${q(p.cwd)} "$@"` : 'exec "$chroot" "$S/root" "$@"',
  );
  return lines.join('\n') + '\n';
}

let supportCache: { ok: true } | { ok: false; reason: string } | undefined;

/**
 * Whether isolated PID 1 runs work here (root, unshare, overlayfs, chroot): does one real isolated run.
 * Synchronous and cached. EXECWRAP_PID1_FORCE_UNAVAILABLE=1 pretends it does not (to check the skip path).
 */
export function pid1Support(): { ok: true } | { ok: false; reason: string } {
  if (supportCache) return supportCache;
  supportCache = probeSupport();
  return supportCache;
}

function probeSupport(): { ok: true } | { ok: false; reason: string } {
  if (process.env.EXECWRAP_PID1_FORCE_UNAVAILABLE) return { ok: false, reason: 'EXECWRAP_PID1_FORCE_UNAVAILABLE is set' };
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  for (const bin of ['unshare', 'chroot', 'mount', 'sh']) {
    if (!which(bin)) return { ok: false, reason: `\`${bin}\` not found in PATH` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-pid1-probe-'));
  try {
    const scratch = join(dir, 'ns');
    const outDir = join(dir, 'out');
    mkdirSync(scratch);
    mkdirSync(outDir);
    const marker = join(outDir, 'isolated');
    writeFileSync(join(dir, 'setup.sh'), setupScript({ scratch, outDir, marker, absStandins: [] }));
    const r = spawnSync(
      'unshare',
      ['--pid', '--fork', '--mount', '--net', '--propagation', 'private', 'sh', join(dir, 'setup.sh'), 'sh', '-c', 'echo $$; : > /probe-write'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (r.error) return { ok: false, reason: `unshare failed to run: ${r.error.message}` };
    if (r.status !== 0 || r.stdout.trim() !== '1' || !existsSync(marker)) {
      return { ok: false, reason: `isolated run failed (status ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 400)}` };
    }
    if (existsSync('/probe-write')) return { ok: false, reason: 'a write inside the namespace reached the real /' };
    return { ok: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function shellArgv(shell: Pid1Shell): string[] {
  if (shell === 'busybox') return ['busybox', 'ash'];
  return [shell];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function ppidOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (/^\d+$/.test(e) && ppidOf(e) === ppid) out.push(Number(e));
  }
  return out;
}

function nsOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

function pidsInNamespace(ns: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readlinkSync(`/proc/${e}/ns/pid`) === ns) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

function exeBase(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`).split('/').pop() ?? '';
  } catch {
    return '';
  }
}

interface LogEvent {
  /** `setup`: a call of a stood-in program that is not its launch; it ended at once. */
  ev: 'start' | 'signal' | 'exit' | 'setup';
  name: string;
  pid: number;
  t: number;
  sig?: string;
  code?: number;
  argv?: string[];
  daemon?: boolean;
}

function readEvents(file: string): LogEvent[] {
  if (!existsSync(file)) return [];
  const out: LogEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as LogEvent);
    } catch {
      /* a torn last line while the program writes; read again later */
    }
  }
  return out;
}

/** Host pids of runs in progress (unshare and the namespace's PID 1), killed if this process exits early. */
const activeRuns = new Set<number>();
let exitHookInstalled = false;

/** SIGKILL every namespace still running (the kernel then kills all its processes). Synchronous: safe in an exit handler. */
export function killActiveRuns(): void {
  for (const pid of activeRuns) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  activeRuns.clear();
}

function track(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killActiveRuns);
  }
  activeRuns.add(pid);
}

/**
 * Whether a namespace's PID 1 will receive a signal sent from outside: it has a handler for it (SigCgt), or has it
 * blocked to take it with sigwait (SigBlk). Otherwise the kernel drops it. Undefined when that cannot be told.
 */
export function receivesSignal(pid: number, signal: NodeJS.Signals): boolean | undefined {
  const n = osConstants.signals[signal];
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mask = (field: string): bigint | undefined => {
      const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status);
      return m ? BigInt(`0x${m[1]}`) : undefined;
    };
    // Inside sigtimedwait (tini) the waited-for signals are taken off SigBlk while the call lasts; the kernel still
    // counts them as blocked. Which ones it waits for is not visible here: unknown.
    if (/sigtimedwait/.test(readProc(pid, 'wchan'))) return undefined;
    const caught = mask('SigCgt');
    const blocked = mask('SigBlk');
    if (caught === undefined || blocked === undefined || n === undefined) return undefined;
    return (((caught | blocked) >> BigInt(n - 1)) & 1n) === 1n;
  } catch {
    return undefined;
  }
}

function findInPath(cmd: string): string | null {
  if (cmd.includes('/')) return cmd;
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** The executable's basename as /proc/PID/exe will show it once `file` runs: the `#!` interpreter for scripts. */
function exeNameOf(file: string | undefined, place: Map<string, string>): string | undefined {
  if (!file) return undefined;
  try {
    const found = place.get(file) ?? findInPath(file);
    if (!found) return undefined;
    const fd = openSync(found, 'r');
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, 256, 0);
    closeSync(fd);
    const text = head.subarray(0, n).toString('utf8');
    if (text.startsWith('#!')) {
      const words = text.slice(2).split('\n')[0]!.trim().split(/\s+/);
      let interpreter: string | undefined = words[0];
      // `#!/usr/bin/env bash`: env execs the program it names.
      if (interpreter && basename(interpreter) === 'env') interpreter = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('='));
      const found = interpreter ? findInPath(interpreter) : null;
      return found ? basename(realpathSync(found)) : undefined;
    }
    return basename(realpathSync(found));
  } catch {
    return undefined;
  }
}

function readProc(pid: number, what: string): string {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8');
  } catch {
    return '';
  }
}

/** Whether a process is the program `name`: its comm, or the basename of argv[0] or argv[1] (`python /usr/bin/gunicorn`). */
function processIs(pid: number, name: string): boolean {
  if (readProc(pid, 'comm').trim() === name.slice(0, 15)) return true;
  const argv = readProc(pid, 'cmdline').split('\0');
  return [argv[0], argv[1]].some((a) => a !== undefined && a !== '' && a.split('/').pop() === name);
}

/** Run a script as PID 1 of fresh isolated namespaces, stop it from outside, and report. */
export async function runAsPid1(opts: RunAsPid1Options): Promise<Pid1Result> {
  const support = pid1Support();
  if (!support.ok) throw new Pid1IsolationError(support.reason);
  const given = [opts.script, opts.scriptFile, opts.command].filter((x) => x !== undefined).length;
  if (given !== 1) throw new Error('runAsPid1: give exactly one of script, scriptFile, command');

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
  const child = spawn('unshare', argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) track(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('close', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const isDone = (): boolean => exited !== null;

  let pid1 = 0;
  const cleanup = (): void => {
    if (child.pid) activeRuns.delete(child.pid);
    if (pid1) activeRuns.delete(pid1);
    if (!opts.keep) rmSync(runDir, { recursive: true, force: true });
  };

  // 1. the namespace's PID 1 (unshare's only child), once it has exec'd past the isolation setup.
  const setupDeadline = Date.now() + 10_000;
  let ns: string | null = null;
  const placed = new Map(absStandins);
  const entryExe = exeNameOf(opts.init?.[0] ?? entry[0], placed);
  let markerSeen = 0;
  while (Date.now() < setupDeadline && !isDone()) {
    if (!markerSeen && existsSync(marker)) markerSeen = Date.now();
    // The entry's executable could not be told beforehand, or looks different (an init we did not foresee): once
    // isolation is done, half a second is plenty for the exec chain.
    if (markerSeen && Date.now() - markerSeen > 500 && pid1 && exeBase(pid1) !== 'chroot') {
      ns = nsOf(pid1);
      break;
    }
    if (!pid1) {
      pid1 = childrenOf(child.pid!)[0] ?? 0;
      if (pid1) track(pid1);
    }
    if (pid1 && existsSync(marker) && (entryExe === undefined ? exeBase(pid1) !== 'chroot' : exeBase(pid1) === entryExe)) {
      ns = nsOf(pid1);
      break;
    }
    await sleep(2);
  }
  if (!existsSync(marker)) {
    if (!isDone()) child.kill('SIGKILL');
    await exitPromise;
    cleanup();
    throw new Pid1IsolationError(`setup did not complete: ${stderr.trim().slice(0, 500) || 'timeout'}`);
  }
  if (!ns && pid1) ns = nsOf(pid1);

  // Real processes to observe (option watch): polled from now until PID 1 is gone.
  const observed = new Map<number, ObservedProcess & { seenAt: number; lastAt: number }>();
  const watchNames = [...new Set(opts.watch ?? [])];
  let killedAt: number | null = null;
  const poll = (): void => {
    if (!ns || watchNames.length === 0) return;
    const now = Date.now();
    const alive = new Set(pidsInNamespace(ns));
    for (const pid of alive) {
      const known = observed.get(pid);
      if (known) {
        known.lastAt = now;
        continue;
      }
      const name = watchNames.find((n) => processIs(pid, n));
      // A fork of a watched program (its workers, a subshell about to exec `sleep`) is part of it, not another one.
      const parent = ppidOf(String(pid));
      if (name && parent !== null && observed.get(parent)?.name === name) continue;
      if (name) observed.set(pid, { name, hostPid: pid, firstSeenMs: 0, goneMs: null, killed: false, seenAt: now, lastAt: now });
    }
    for (const o of observed.values()) {
      if (!alive.has(o.hostPid) && o.goneMs === null && o.lastAt !== now) o.goneMs = now; // epoch for now; made relative below
    }
  };
  const poller = watchNames.length > 0 ? setInterval(poll, 20) : undefined;

  // 2. wait for the expected programs.
  const want = new Map<string, number>();
  for (const n of [...(opts.waitFor ?? []), ...watchNames]) want.set(n, (want.get(n) ?? 0) + 1);
  const startDeadline = Date.now() + (opts.startTimeoutMs ?? 5000);
  let missing: string[] = [];
  let lastCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const started = new Map<string, number>();
    for (const e of readEvents(logFile)) if (e.ev === 'start') started.set(e.name, (started.get(e.name) ?? 0) + 1);
    poll();
    for (const o of observed.values()) started.set(o.name, (started.get(o.name) ?? 0) + 1);
    missing = [];
    for (const [n, c] of want) for (let i = started.get(n) ?? 0; i < c; i++) missing.push(n);
    const count = [...started.values()].reduce((a, b) => a + b, 0);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = Date.now();
    }
    if (missing.length === 0 || isDone() || Date.now() > startDeadline) break;
    if (opts.settleMs !== undefined && count > 0 && Date.now() - lastChange >= opts.settleMs) break;
    await sleep(5);
  }
  if (opts.stopDelayMs) await sleep(opts.stopDelayMs);

  // 3. stop it from outside, like `docker stop`.
  const stopSignal = opts.stopSignal === undefined ? 'SIGTERM' : opts.stopSignal;
  let stopSentAt: number | null = null;
  let signalDropped = false;
  if (stopSignal && !isDone()) {
    signalDropped = receivesSignal(pid1, stopSignal) === false;
    stopSentAt = Date.now();
    try {
      process.kill(pid1, stopSignal);
    } catch {
      /* already gone */
    }
  }
  const t0 = stopSentAt ?? Date.now();
  const extraTimers = (opts.extraSignals ?? []).map((x) =>
    setTimeout(() => {
      if (isDone()) return;
      try {
        process.kill(pid1, x.signal);
      } catch {
        /* gone */
      }
    }, x.afterMs),
  );

  // 4. grace period, then SIGKILL (the kernel then kills everything in the namespace).
  const grace = opts.graceMs ?? 5000;
  let killed = false;
  let cutShort = false;
  const kill = (): void => {
    if (isDone()) return;
    killed = true;
    poll();
    killedAt = Date.now();
    try {
      process.kill(pid1, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  const timer = setTimeout(kill, grace);
  const cutoff =
    signalDropped && opts.droppedSignalCutoffMs !== undefined && opts.droppedSignalCutoffMs < grace
      ? setTimeout(() => {
          cutShort = !isDone();
          kill();
        }, opts.droppedSignalCutoffMs)
      : undefined;
  await exitPromise;
  clearTimeout(timer);
  if (cutoff) clearTimeout(cutoff);
  for (const t of extraTimers) clearTimeout(t);
  const exitMs = Date.now() - t0;
  if (poller) clearInterval(poller);

  // 5. nothing may outlive PID 1.
  let leftover: number[] = [];
  if (ns) {
    const until = Date.now() + 1000;
    do {
      leftover = pidsInNamespace(ns);
      if (leftover.length === 0) break;
      await sleep(10);
    } while (Date.now() < until);
  }

  const ex = exited as unknown as { code: number | null; signal: NodeJS.Signals | null };
  let exitCode: number;
  if (killed) exitCode = 137;
  else if (ex.code !== null) exitCode = ex.code;
  else exitCode = 128 + (osConstants.signals[ex.signal as keyof typeof osConstants.signals] ?? 0);

  const byPid = new Map<number, StandinReport>();
  for (const e of readEvents(logFile)) {
    if (e.ev === 'setup') continue;
    let r = byPid.get(e.pid);
    if (e.ev === 'start' || !r) {
      r = { name: e.name, pid: e.pid, argv: e.argv ?? [], startedAt: e.t, startedMs: e.t - t0, signals: [], exit: null, daemon: e.daemon === true };
      byPid.set(e.pid, r);
    }
    if (e.ev === 'signal') r.signals.push({ sig: e.sig ?? '?', t: e.t, ms: e.t - t0 });
    if (e.ev === 'exit') r.exit = { code: e.code ?? 0, t: e.t, ms: e.t - t0 };
  }
  const observedList: ObservedProcess[] = [...observed.values()]
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
  const result: Pid1Result = {
    exitCode,
    killed,
    stopSentAt,
    t0,
    exitMs,
    programs: [...byPid.values()].sort((a, b) => a.startedAt - b.startedAt),
    notStarted: missing,
    signalDropped,
    cutShort,
    observed: observedList,
    leftover,
    stdout,
    stderr,
    runDir,
  };
  cleanup();
  return result;
}

/** One line per program, for assertion messages. */
export function describeRun(r: Pid1Result): string {
  const progs = r.programs
    .map((p) => `  ${p.name}[${p.pid}] start ${p.startedMs}ms signals [${p.signals.map((s) => `${s.sig}@${s.ms}`).join(', ')}] exit ${p.exit ? `${p.exit.code}@${p.exit.ms}ms` : 'none'}`)
    .join('\n');
  return `exit ${r.exitCode}${r.killed ? ' (SIGKILLed at deadline)' : ''} after ${r.exitMs}ms; leftover ${JSON.stringify(r.leftover)}\n${progs}\nstderr: ${r.stderr.trim()}\nstdout: ${r.stdout.trim()}`;
}
