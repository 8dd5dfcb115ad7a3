/**
 * What execwrap knows about programs by name, one entry per program: servers that stay in the foreground, daemons and
 * the flags that keep them in the foreground, interpreters that ignore SIGTERM as PID 1, inits, supervisors, privilege
 * droppers, service managers and package-manager script runners. Every rule, the launch analysis, the Dockerfile and
 * manifest analyses, scaffold and verify read these facts from here (the sets below are views of this one table);
 * test/analyze/programs.test.ts checks that no entry contradicts itself.
 */

export type ProgramKind =
  | 'init'
  | 'supervisor'
  | 'privilege-dropper'
  | 'service-manager'
  | 'script-runner'
  | 'interpreter'
  | 'server'
  | 'daemon'
  | 'prefix'
  | 'tool';

export interface ProgramFacts {
  name: string;
  kind: ProgramKind;
  /** Where the facts come from (a man page, an official image, a measurement in SHELL-FACTS.md). */
  source?: string;
  /** So widely used under this name that a function of the same name in an unread sourced file is unlikely. */
  known?: boolean;
  /** As PID 1 without a handler of its own it leaves SIGTERM at its default, which the kernel drops (SHELL-FACTS 2). */
  ignoresTermAsPid1?: boolean;
  /** Started with these arguments, it runs in the foreground until the container stops (a final `exec` after it is never reached). */
  foreground?: (args: readonly string[]) => boolean;
  /**
   * A daemon: started with these arguments it detaches from the script, and `flag` is how to keep it in the foreground.
   * `goneOnOnly`: whether it detaches depends on its configuration, so only a start the script goes on past is taken
   * for one (supervisord: as the final program its configuration usually says `nodaemon=true`).
   */
  daemon?: { detaches: (args: readonly string[]) => boolean; foregroundFlag: string; source: string; goneOnOnly?: boolean };
  /** An init: whom it passes signals to (dumb-init the whole process group unless `--single-child`; `tini -g` too). */
  init?: { signals: 'child' | 'group' };
  /**
   * A privilege dropper: `exec`s the program (it keeps the PID), `fork`s it under a session that ends it 2 s after the
   * signal (su, runuser, doas: measured as PID 1, EW109's docs), or `relay`s signals to it (sudo).
   */
  privilege?: { how: 'exec' | 'fork' | 'relay' };
  /** A program that runs another (privilege droppers, prefix commands): the words between it and that program. */
  runs?: WordsBeforeProgram;
}

/** Operands, then options (with their values) up to `--`, then more operands; the next word is the program. */
export interface WordsBeforeProgram {
  /** Before the options: `gosu USER prog`, `chroot DIR prog`. */
  operands?: number;
  /** Options whose value is the next word: `chpst -u USER`, `nice -n 5`. */
  valueOptions?: RegExp;
  /** `NAME=value` words among the options (`env A=1 prog`). */
  assignments?: true;
  /** After the options: `chrt -f 99 prog`, `taskset MASK prog`. */
  operandsAfterOptions?: number;
}

const VERSION_FLAGS = /^(-v|-V|--version|-h|--help|--check-config|--check)$/;
const positional = (args: readonly string[]) => args.filter((a) => !a.startsWith('-'));
const notVersion = (args: readonly string[]) => !args.some((a) => VERSION_FLAGS.test(a));

const PROGRAMS: readonly ProgramFacts[] = [
  // Inits: with one of these as PID 1, no second init is added.
  { name: 'tini', kind: 'init', known: true, init: { signals: 'child' }, source: 'tini README (`-g` signals the process group)' },
  { name: 'tini-static', kind: 'init', init: { signals: 'child' }, source: 'tini README' },
  { name: 'docker-init', kind: 'init', init: { signals: 'child' }, source: 'docker run --init (tini under another name)' },
  { name: 'catatonit', kind: 'init', init: { signals: 'child' }, source: 'catatonit README (`-g` signals the process group)' },
  { name: 'dumb-init', kind: 'init', known: true, init: { signals: 'group' }, source: 'dumb-init README (`--single-child` signals only the child)' },
  // Supervisors: a correct PID 1 of their own.
  {
    name: 'supervisord',
    kind: 'supervisor',
    known: true,
    foreground: (a) => a.includes('-n') || a.includes('--nodaemon'),
    source: 'supervisord docs (`-n, --nodaemon`)',
    daemon: {
      detaches: (a) => !a.some((x) => x === '-n' || x === '--nodaemon' || /^-[a-zA-Z]*[hv]$|^--(help|version)$/.test(x)),
      foregroundFlag: '-n',
      source: 'supervisord docs (`-n, --nodaemon`: run in the foreground; without it, and without `nodaemon=true` in the configuration, it detaches)',
      goneOnOnly: true,
    },
  },
  { name: 's6-svscan', kind: 'supervisor', source: 's6 docs' },
  { name: 'runsvdir', kind: 'supervisor', source: 'runit docs' },
  { name: 'runit', kind: 'supervisor', source: 'runit docs' },
  { name: 'my_init', kind: 'supervisor', source: 'phusion/baseimage' },
  // Privilege droppers.
  { name: 'gosu', kind: 'privilege-dropper', known: true, privilege: { how: 'exec' }, runs: { operands: 1 }, source: 'gosu README: `gosu user-spec command`, exec' },
  { name: 'su-exec', kind: 'privilege-dropper', known: true, privilege: { how: 'exec' }, runs: { operands: 1 }, source: 'su-exec README: `su-exec user-spec command`, exec' },
  {
    name: 'setpriv',
    kind: 'privilege-dropper',
    known: true,
    privilege: { how: 'exec' },
    runs: { valueOptions: /^--(reuid|regid|ruid|rgid|euid|egid|groups|inh-caps|ambient-caps|bounding-set|securebits|pdeathsig|selinux-label|apparmor-profile|landlock-access|landlock-rule)$/ },
    source: 'setpriv(1): options (`--reuid UID`), then the program, exec',
  },
  { name: 'chpst', kind: 'privilege-dropper', privilege: { how: 'exec' }, runs: { valueOptions: /^-[uUbe/nlLmdopfcrt]$/ }, source: 'runit chpst(8): `chpst -u user prog`, exec' },
  { name: 'setuidgid', kind: 'privilege-dropper', privilege: { how: 'exec' }, runs: { operands: 1 }, source: 'daemontools setuidgid(8): `setuidgid account child`' },
  { name: 's6-setuidgid', kind: 'privilege-dropper', privilege: { how: 'exec' }, runs: { operands: 1 }, source: 's6 docs: `s6-setuidgid account prog`' },
  { name: 'chroot', kind: 'privilege-dropper', privilege: { how: 'exec' }, runs: { operands: 1 }, source: 'chroot(8): `chroot NEWROOT COMMAND`, exec' },
  { name: 'sudo', kind: 'privilege-dropper', known: true, privilege: { how: 'relay' }, source: 'measured as PID 1 (EW109 docs): relays the signal and ends when the program does' },
  { name: 'su', kind: 'privilege-dropper', privilege: { how: 'fork' }, runs: { operands: 1 }, source: 'measured as PID 1 (EW109 docs): SIGKILL 2 s after the signal, status 143' },
  { name: 'runuser', kind: 'privilege-dropper', privilege: { how: 'fork' }, runs: { operands: 1 }, source: 'measured as PID 1 (EW109 docs)' },
  { name: 'doas', kind: 'privilege-dropper', privilege: { how: 'fork' }, source: 'OpenDoas, measured as PID 1 (EW109 docs)' },
  // Prefix commands: they exec the command after their options (`nohup app`, `env A=1 app`, `nice -n 5 app`).
  { name: 'env', kind: 'prefix', runs: { valueOptions: /^(-[uCS]|--(unset|chdir|split-string))$/, assignments: true }, source: 'env(1)' },
  { name: 'nohup', kind: 'prefix', source: 'nohup(1)' },
  { name: 'nice', kind: 'prefix', runs: { valueOptions: /^(-n|--adjustment)$/ }, source: 'nice(1): `nice -n 5 prog`' },
  { name: 'stdbuf', kind: 'prefix', runs: { valueOptions: /^-[ioe]$/ }, source: 'stdbuf(1)' },
  { name: 'taskset', kind: 'prefix', runs: { operandsAfterOptions: 1 }, source: 'taskset(1): `taskset [options] mask|list prog`' },
  { name: 'ionice', kind: 'prefix', runs: { valueOptions: /^(-[cnpPu]|--(class|classdata|pid|pgid|uid))$/ }, source: 'ionice(1)' },
  { name: 'chrt', kind: 'prefix', runs: { valueOptions: /^(-T|-P|-D|--sched-runtime|--sched-period|--sched-deadline)$/, operandsAfterOptions: 1 }, source: 'chrt(1): `chrt [options] priority prog`' },
  { name: 'numactl', kind: 'prefix', runs: { valueOptions: /^(-[NmCpiP]|--(cpunodebind|membind|physcpubind|preferred|interleave|preferred-many))$/ }, source: 'numactl(8)' },
  // Service managers: start a daemon and return.
  ...['service', 'systemctl', 'rc-service', 'invoke-rc.d'].map((name): ProgramFacts => ({ name, kind: 'service-manager' })),
  { name: 'apachectl', kind: 'service-manager', known: true },
  { name: 'apache2ctl', kind: 'service-manager', known: true },
  // Package-manager script runners: a process between the signal and the program; as PID 1 they ignore SIGTERM.
  ...['npm', 'yarn', 'pnpm'].map((name): ProgramFacts => ({
    name,
    kind: 'script-runner',
    known: true,
    ignoresTermAsPid1: true,
    foreground: (a) => {
      const p = positional(a);
      return p[0] === 'start' || (p[0] === 'run' && /^(start|serve|dev)$/.test(p[1] ?? '')) || /^(serve|dev)$/.test(p[0] ?? '');
    },
  })),
  { name: 'npx', kind: 'script-runner', known: true, ignoresTermAsPid1: true },
  // Interpreters. `python`/`node` before an `exec` are nearly always setup steps: only their server forms stay.
  ...['node', 'nodejs'].map((name): ProgramFacts => ({ name, kind: 'interpreter', known: true, ignoresTermAsPid1: true, foreground: (a) => /(^|\/)(server|app)\.[cm]?js$/.test(positional(a)[0] ?? '') })),
  ...['python', 'python3'].map((name): ProgramFacts => ({
    name,
    kind: 'interpreter',
    known: true,
    ignoresTermAsPid1: true,
    foreground: (a) => positional(a)[1] === 'runserver' || (a[0] === '-m' && (a[1] === 'http.server' || (a[1] === 'flask' && a.includes('run')))),
  })),
  { name: 'python2', kind: 'interpreter', known: true, ignoresTermAsPid1: true },
  { name: 'ruby', kind: 'interpreter', known: true, ignoresTermAsPid1: true },
  { name: 'php', kind: 'interpreter', known: true, ignoresTermAsPid1: true, foreground: (a) => (positional(a)[0] === 'artisan' && positional(a)[1] === 'serve') || a.includes('-S') },
  ...['deno', 'bun', 'perl', 'dotnet'].map((name): ProgramFacts => ({ name, kind: 'interpreter', known: true })),
  {
    name: 'java',
    kind: 'interpreter',
    known: true,
    // `java -jar app.jar` with nothing after the jar is the app; `java -jar flyway.jar migrate` is a step.
    foreground: (a) => {
      const jar = a.indexOf('-jar');
      return jar !== -1 && jar === a.length - 2;
    },
  },
  // Servers that stay in the foreground as they are started.
  { name: 'bundle', kind: 'tool', known: true, foreground: (a) => a[0] === 'exec' && a.length > 1 && isForegroundServer(a[1]!.split('/').pop()!, a.slice(2)) },
  { name: 'rails', kind: 'server', known: true, foreground: (a) => positional(a)[0] === 's' || positional(a)[0] === 'server' },
  ...['rackup', 'sidekiq'].map((name): ProgramFacts => ({ name, kind: 'server', known: true, foreground: (a) => !a.some((x) => /^(-v|--version|-h|--help)$/.test(x)) })),
  { name: 'flask', kind: 'server', known: true, foreground: (a) => positional(a)[0] === 'run' },
  { name: 'celery', kind: 'server', known: true, foreground: (a) => positional(a).some((x) => x === 'worker' || x === 'beat' || x === 'flower') },
  ...['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'puma', 'unicorn', 'traefik', 'waitress-serve'].map(
    (name): ProgramFacts => ({ name, kind: 'server', known: true, foreground: notVersion }),
  ),
  // `mongod --fork` detaches and `mongod --shutdown` stops a server and returns (the official mongo entrypoint).
  { name: 'mongod', kind: 'server', known: true, foreground: (a) => notVersion(a) && !a.some((x) => x === '--fork' || x === '--shutdown') },
  // `--daemonize` (MySQL's entrypoint's temporary server) and `--initialize[-insecure]` return.
  ...['mysqld', 'mariadbd'].map(
    (name): ProgramFacts => ({ name, kind: 'server', known: true, foreground: (a) => notVersion(a) && !a.some((x) => /^--(daemonize|initialize|initialize-insecure|validate-config)$/.test(x)) }),
  ),
  { name: 'haproxy', kind: 'server', known: true, foreground: (a) => !a.some((x) => /^(-v|-vv|-c)$/.test(x)) },
  { name: 'caddy', kind: 'server', known: true, foreground: (a) => a[0] === 'run' },
  ...['envoy', 'minio', 'vault', 'consul', 'nomad', 'grafana-server', 'prometheus', 'dockerd', 'containerd', 'postgres'].map((name): ProgramFacts => ({ name, kind: 'server', known: true })),
  { name: 'tail', kind: 'tool', known: true },
  { name: 'httpd', kind: 'server', known: true, foreground: (a) => a.includes('-DFOREGROUND'), source: 'the official httpd image (httpd-foreground: `exec httpd -DFOREGROUND`)' },
  { name: 'apache2', kind: 'server', known: true, foreground: (a) => a.includes('-DFOREGROUND'), source: 'the official php:apache image (apache2-foreground)' },
  // Daemons: started bare (or with their daemon flag) they detach from the script (EW111's curated forms, daemons.ts).
  {
    name: 'nginx',
    kind: 'daemon',
    known: true,
    foreground: (a) => a.some((x) => /daemon\s+off/.test(x)),
    daemon: {
      detaches: (a) => !a.some((x) => /daemon\s+off/.test(x)) && !a.some((x) => /^-[tTvVsh?]$/.test(x)),
      foregroundFlag: "-g 'daemon off;'",
      source: 'nginx docs, core module `daemon` directive; the official nginx image (`CMD ["nginx", "-g", "daemon off;"]`)',
    },
  },
  {
    name: 'php-fpm',
    kind: 'daemon',
    known: true,
    foreground: (a) => a.includes('-F') || a.includes('--nodaemonize'),
    daemon: { detaches: (a) => a.includes('-D') || a.includes('--daemonize'), foregroundFlag: '--nodaemonize', source: 'php-fpm(8) `-F, --nodaemonize`' },
  },
  {
    name: 'redis-server',
    kind: 'daemon',
    known: true,
    foreground: (a) => notVersion(a) && !redisDetaches(a),
    daemon: { detaches: (a) => redisDetaches(a), foregroundFlag: '--daemonize no', source: 'redis.conf `daemonize`' },
  },
  {
    name: 'memcached',
    kind: 'daemon',
    known: true,
    daemon: { detaches: (a) => a.includes('-d') || a.includes('--daemon'), foregroundFlag: '(without -d)', source: 'memcached(1): `-d` runs it as a daemon' },
  },
  {
    name: 'cron',
    kind: 'daemon',
    known: true,
    foreground: (a) => a.includes('-f'),
    daemon: { detaches: (a) => !a.some((x) => /^-[a-zA-Z]*[fn]/.test(x)), foregroundFlag: '-f', source: 'cron(8) `-f` (Debian, Ubuntu)' },
  },
  {
    name: 'crond',
    kind: 'daemon',
    known: true,
    foreground: (a) => a.includes('-f'),
    daemon: { detaches: (a) => !a.some((x) => /^-[a-zA-Z]*[fn]/.test(x)), foregroundFlag: '-f', source: 'busybox crond `-f` (foreground)' },
  },
  {
    name: 'sshd',
    kind: 'daemon',
    known: true,
    foreground: (a) => a.includes('-D'),
    daemon: { detaches: (a) => !a.some((x) => /^-[46qe]*[DdtTG]/.test(x)), foregroundFlag: '-D', source: "sshd(8) `-D`; Debian's ssh unit creates /run/sshd" },
  },
  {
    name: 'rsyslogd',
    kind: 'daemon',
    known: true,
    daemon: { detaches: (a) => !a.some((x) => /^-[a-zA-Z]*n/.test(x)), foregroundFlag: '-n', source: 'rsyslogd(8) `-n`' },
  },
];

function redisDetaches(args: readonly string[]): boolean {
  const at = args.indexOf('--daemonize');
  return at !== -1 && args[at + 1] === 'yes';
}

const BY_NAME: ReadonlyMap<string, ProgramFacts> = new Map(PROGRAMS.map((p) => [p.name, p]));

/** Versioned names share their program's facts: `php-fpm8.2`, `python3.11`, `php8.2`. */
const VERSIONED: readonly [RegExp, string][] = [
  [/^php-fpm\d/, 'php-fpm'],
  [/^python3\.\d+$/, 'python3'],
  [/^python2\.\d+$/, 'python2'],
  [/^php\d+(\.\d+)?$/, 'php'],
];

/** The facts about a program by its base name (`nginx`, `php-fpm8.2`), or undefined for a program execwrap does not know. */
export function programFacts(name: string): ProgramFacts | undefined {
  const exact = BY_NAME.get(name);
  if (exact) return exact;
  const versioned = VERSIONED.find(([pattern]) => pattern.test(name));
  return versioned ? BY_NAME.get(versioned[1]) : undefined;
}

/** Every entry, for the consistency tests and generated docs. */
export function allPrograms(): readonly ProgramFacts[] {
  return PROGRAMS;
}

const names = (keep: (p: ProgramFacts) => boolean): ReadonlySet<string> => new Set(PROGRAMS.filter(keep).map((p) => p.name));

/** Commands that exec the command after their options: the program they run takes their place. */
export const PREFIX_COMMANDS = names((p) => p.kind === 'prefix');
/** Inits and supervisors: with one of these as PID 1, no second init is added. */
export const INIT_PROGRAMS = names((p) => p.kind === 'init' || p.kind === 'supervisor');
/** Inits proper (tini, dumb-init, …): they run the command after their options. */
export const INITS = names((p) => p.kind === 'init');
/** Inits that pass a signal to their child only (dumb-init passes it to the process group unless `--single-child`). */
export const CHILD_INITS = names((p) => p.init?.signals === 'child');
/** Privilege droppers that exec the program (it keeps the PID and gets signals directly). */
export const PRIVILEGE_EXECERS = names((p) => p.privilege?.how === 'exec');
/** User switchers that stand between the stop signal and the program even under `exec` (EW109). */
export const PRIVILEGE_FORKERS = names((p) => p.privilege?.how === 'fork');
/** Package-manager script runners: they add a process between the signal and the program (EW110). */
export const SCRIPT_RUNNERS = names((p) => p.name !== 'npx' && p.kind === 'script-runner');
/** Service managers that start a daemon and return: nothing is left for the script to hand signals to. */
export const SERVICE_MANAGERS = names((p) => p.kind === 'service-manager');
/** Programs that detach from the script when started bare (`cron`, `sshd`): daemon starts without a daemon flag. */
export const SELF_DAEMONIZING = names((p) => p.daemon !== undefined && p.daemon.detaches([]) && !p.daemon.goneOnOnly && p.name !== 'nginx');

/**
 * Where the program starts in `words` when `words[at]` is a program that runs another (`gosu USER prog`,
 * `chpst -u USER prog`, `nice -n 5 prog`): past its operands, its options with their values, and operands after them.
 * One walk for the script analysis and the Dockerfile's exec-form words.
 */
export function programIndexAfter(name: string, words: readonly string[], at: number): number {
  const layout = programFacts(name)?.runs ?? {};
  let i = at + 1 + (layout.operands ?? 0);
  while (i < words.length && (words[i]!.startsWith('-') || (layout.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)))) {
    const option = words[i]!;
    i += layout.valueOptions?.test(option) ? 2 : 1;
    if (option === '--') break;
  }
  return i + (layout.operandsAfterOptions ?? 0);
}

export function isKnownProgram(name: string): boolean {
  return programFacts(name)?.known === true;
}

/**
 * Programs that, started like this in the foreground, do not return while the container lives: a final `exec`
 * after one of them is never reached. Interpreters (`python`, `node`) count only in their server forms: before an
 * `exec` they are nearly always setup steps (`python manage.py migrate`, `node -v`).
 */
export function isForegroundServer(name: string, args: readonly string[]): boolean {
  return programFacts(name)?.foreground?.(args) === true;
}

/**
 * A daemon start: the program detaches from the script with these arguments (EW111). `goneOn`: the script goes on
 * past the start, which a daemon whose configuration decides (`goneOnOnly`) needs to show that it detached.
 */
export function detachesAsDaemon(name: string, args: readonly string[], goneOn = false): boolean {
  const daemon = programFacts(name)?.daemon;
  return daemon !== undefined && daemon.detaches(args) && (goneOn || !daemon.goneOnOnly);
}

/** Interpreters and runners that, as PID 1 without their own handler, leave SIGTERM at its default (ignored). */
export function isBareInterpreter(name: string): boolean {
  return programFacts(name)?.ignoresTermAsPid1 === true;
}
