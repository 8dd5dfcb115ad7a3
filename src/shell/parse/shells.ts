import type { Shebang, ShellDialect } from './shebang.js';

/**
 * The shells that really run start scripts in images, and what each of them accepts. Measured on Debian 12
 * packages (dash 0.5.12, BusyBox 1.35.0 ash, bash 5.2.15; bash started as `sh` for the RHEL family, whose /bin/sh
 * is bash): docs/shells.md has every measurement. A `#!/bin/sh` script is read by whichever /bin/sh the image has,
 * so the same line can be right on Alpine and broken on Debian.
 */
export type ShellName = 'dash' | 'busybox' | 'bash' | 'bash-posix';

/** Shells a user can name with `--shell` (the names `verify --shell` takes). */
export const SHELL_CHOICES = ['dash', 'busybox', 'bash'] as const;
export type ShellChoice = (typeof SHELL_CHOICES)[number];

/**
 * How execwrap knows which shell runs a script: its `#!` line, the image's /bin/sh (`#!/bin/sh` exec'd directly),
 * the Dockerfile naming it (`["bash", "/run.sh"]`, `sh /start.sh`), `--shell`, or nothing (then dash is assumed:
 * the strictest common /bin/sh, so what passes there passes everywhere).
 */
export type ShellSource = 'shebang' | 'image' | 'command' | 'flag' | 'assumed';

export interface RunShell {
  name: ShellName;
  source: ShellSource;
  /** The image whose shell it is (sources `image` and `command`), for messages. */
  image?: string;
  /** The word the Dockerfile runs the script with (`sh`, `bash`), for source `command`. */
  command?: string;
}

/**
 * Syntax and builtin forms that a shell rejects or reads differently from bash (the EW114 features, and the SIG
 * names EW104 looks at). Everything not listed for a shell was measured to work there as in bash.
 */
const NOT_UNDERSTOOD: Record<ShellName, ReadonlySet<string>> = {
  dash: new Set([
    'double-bracket', 'ampersand-redirect', 'array', 'function-keyword', 'process-substitution', 'here-string', 'ansi-c-string', 'source',
    'substring', 'substitution', 'case-modification', 'pipefail', 'trap-sig-name', 'kill-sig-name',
  ]),
  // BusyBox ash (built with ASH_BASH_COMPAT, as Debian and Alpine build it) accepts the rest.
  busybox: new Set(['array', 'here-string', 'case-modification']),
  // bash started as `sh` runs in POSIX mode: its `kill` refuses names with a SIG prefix; `trap` still takes them.
  'bash-posix': new Set(['kill-sig-name']),
  bash: new Set(),
};

/** How strict each shell is: a script several images run is judged (and fixed) for the strictest of them. */
const STRICTNESS: Record<ShellName, number> = { dash: 3, busybox: 2, 'bash-posix': 1, bash: 0 };

/** Whether `shell` is stricter than `than` (or `than` is not known yet). */
export function isStricterShell(shell: RunShell, than: RunShell | undefined): boolean {
  return than === undefined || STRICTNESS[shell.name] > STRICTNESS[than.name];
}

/** Programs that are a shell when they are argv[0]: `sh -c '…'`, `bash /start.sh`. */
export const SHELL_PROGRAMS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

export function shellUnderstands(shell: ShellName, feature: string): boolean {
  return !NOT_UNDERSTOOD[shell].has(feature);
}

const LABELS: Record<ShellName, string> = { dash: 'dash', busybox: 'busybox ash', bash: 'bash', 'bash-posix': 'bash as sh (POSIX mode)' };

export function shellLabel(shell: ShellName): string {
  return LABELS[shell];
}

/** The shell a script's own `#!` line names, or dash (assumed) when it names only `sh` or nothing usable. */
export function shellFromShebang(shebang: Shebang): RunShell {
  if (shebang.dialect === 'bash') return { name: 'bash', source: 'shebang' };
  const usable = !shebang.problems.some((p) => p === 'missing' || p === 'not-first' || p === 'malformed');
  if (usable && shebang.shell === 'dash') return { name: 'dash', source: 'shebang' };
  if (usable && (shebang.shell === 'ash' || shebang.shell === 'busybox')) return { name: 'busybox', source: 'shebang' };
  return { name: 'dash', source: 'assumed' };
}

export function shellFromFlag(choice: ShellChoice): RunShell {
  return { name: choice, source: 'flag' };
}

/** How an image runs a script: its /bin/sh, and the shell word in front of the script, if any (`bash /run.sh`). */
export interface ImageInvocation {
  /** The image's /bin/sh, when its base is known. */
  binSh?: ShellName;
  /** The base image, for messages. */
  image?: string;
  /** The interpreter the Dockerfile names in front of the script (`sh`, `/bin/bash`); absent when the script is exec'd. */
  command?: string;
  /** A RUN after the COPY converts the script's line endings (`dos2unix /root/entrypoint.sh`): the image has LF. */
  lineEndingsConverted?: boolean;
}

/**
 * The shell that runs a script in an image. A shell word in front of the script decides (`["bash", "/run.sh"]`
 * runs a shebang-less or `#!/bin/sh` script with bash; `sh /start.sh` runs even a bash script with the image's sh).
 * Exec'd directly, the `#!` line decides, and `#!/bin/sh` means the image's /bin/sh.
 */
export function shellInImage(shebang: Shebang, invocation: ImageInvocation): RunShell {
  const image = invocation.image ? { image: invocation.image } : {};
  const binSh = (source: ShellSource, extra: Partial<RunShell> = {}): RunShell =>
    invocation.binSh ? { name: invocation.binSh, source, ...image, ...extra } : { name: 'dash', source: 'assumed', ...extra };
  if (invocation.command !== undefined) {
    const word = invocation.command.slice(invocation.command.lastIndexOf('/') + 1);
    const command = { command: invocation.command };
    if (word === 'sh') return binSh('command', command);
    const named: ShellName = word === 'dash' ? 'dash' : word === 'ash' || word === 'busybox' ? 'busybox' : 'bash';
    return { name: named, source: 'command', ...image, ...command };
  }
  const own = shellFromShebang(shebang);
  // A `#!/bin/sh` script (or one the kernel cannot exec, EW116) is read by the image's /bin/sh.
  return own.source === 'assumed' ? binSh('image') : own;
}

/**
 * The dialect generated code is written in. Bash only where bash runs the script and nothing says otherwise
 * (a `#!/bin/sh` script that bash happens to run still gets POSIX code, valid in every shell); POSIX sh wherever
 * dash or busybox runs it, whatever its `#!` line says.
 */
export function generatedDialect(shell: RunShell, shebang: Shebang): ShellDialect {
  if (shell.name !== 'bash') return 'sh';
  const usable = !shebang.problems.some((p) => p === 'missing' || p === 'not-first');
  return usable ? shebang.dialect : 'bash';
}

/** Data fields every shell-dependent finding carries, so its message can say which shell it assumes. */
export function shellData(shell: RunShell): Record<string, string> {
  return { shell: shell.name, shellSource: shell.source, ...(shell.image ? { image: shell.image } : {}), ...(shell.command ? { shellCommand: shell.command } : {}) };
}

/**
 * Names the shell a finding is about and how execwrap knows: "dash (assumed: …)", "busybox ash (/bin/sh in
 * alpine:3.20)". Findings read the same whatever reporter prints them.
 */
export function describeShell(data: Record<string, string>): string {
  const label = shellLabel((data.shell ?? 'dash') as ShellName);
  const image = data.image ? ` in ${data.image}` : '';
  switch (data.shellSource) {
    case 'shebang':
      return `${label} (the \`#!\` line)`;
    case 'image':
      return `${label} (/bin/sh${image}, which runs this script)`;
    case 'command':
      return `${label} (the Dockerfile runs this script with \`${data.shellCommand ?? 'sh'}\`${data.image && data.shell !== 'bash' ? `, /bin/sh${image}` : ''})`;
    case 'flag':
      return `${label} (\`--shell ${data.shell}\`)`;
    default:
      return `${label} (Debian's /bin/sh, assumed; \`--shell busybox\` for Alpine's)`;
  }
}
