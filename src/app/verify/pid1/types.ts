/** What a PID 1 run is asked to do and what it reports (the harness's data, shared by its parts). */
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
  /** With `daemonize`: words that keep it in the foreground instead (`-n` for supervisord). */
  foregroundFlags?: string[];
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

