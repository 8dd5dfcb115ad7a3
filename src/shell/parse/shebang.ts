export type ShellDialect = 'bash' | 'sh';

export type ShebangProblem =
  /** No `#!` line at all: the kernel refuses to exec the file directly (exec format error). */
  | 'missing'
  /** `#!` present but not at the very first byte (blank line or BOM before it): the kernel ignores it. */
  | 'not-first'
  /** The interpreter part cannot be an interpreter (`#!/bin bash`). */
  | 'malformed'
  /** An init is named in the shebang (`#!/usr/bin/dumb-init /bin/sh`). */
  | 'init-in-shebang'
  /** The shebang names a non-shell interpreter (python, node…): not a script execwrap can analyse. */
  | 'not-shell';

export interface Shebang {
  /** Dialect whose rules apply to the script: what generated code must be valid for. */
  dialect: ShellDialect;
  /** The shell the shebang names (`bash`, `sh`, `dash`, `ash`, …), or undefined when unknown. */
  shell?: string;
  /** Text of the `#!` line without its line ending, when there is one anywhere in the header. */
  line?: string;
  /** UTF-16 offsets of the `#!` line. */
  start?: number;
  end?: number;
  problems: ShebangProblem[];
}

const BASH_LIKE = new Set(['bash', 'zsh', 'ksh', 'mksh', 'ksh93']);
const SH_LIKE = new Set(['sh', 'dash', 'ash', 'busybox', 'posh']);
const INITS = new Set(['dumb-init', 'tini', 'catatonit', 's6-svscan']);

/**
 * Reads the interpreter line. A script with no usable shebang is treated as POSIX sh: that is what
 * `sh script` and `/bin/sh -c` give it, and it keeps generated code portable.
 */
export function readShebang(text: string, hadBom: boolean): Shebang {
  const match = /^(\s*)(#!([^\r\n]*))/.exec(text);
  if (!match) return { dialect: 'sh', problems: ['missing'] };
  const leading = match[1]!;
  const line = match[2]!;
  const start = leading.length;
  const problems: ShebangProblem[] = [];
  if (leading.length > 0 || hadBom) problems.push('not-first');

  const words = match[3]!.trim().split(/\s+/).filter(Boolean);
  const interpreter = basename(words[0] ?? '');
  let rest = words.slice(1);
  if (interpreter === 'env') rest = rest.filter((w) => !w.startsWith('-') && !w.includes('='));
  let shell: string | undefined;
  if (interpreter === 'env') shell = basename(rest[0] ?? '');
  else if (INITS.has(interpreter)) {
    problems.push('init-in-shebang');
    shell = basename(rest.find((w) => !w.startsWith('-') && w !== '--') ?? '');
  } else shell = interpreter;

  if (!shell || (!BASH_LIKE.has(shell) && !SH_LIKE.has(shell))) {
    // `#!/bin bash`: the path is a directory; guess the dialect from the words so analysis can go on.
    const guess = words.map(basename).find((w) => BASH_LIKE.has(w) || SH_LIKE.has(w));
    problems.push(guess ? 'malformed' : 'not-shell');
    return { dialect: guess && BASH_LIKE.has(guess) ? 'bash' : 'sh', ...(guess ? { shell: guess } : {}), line, start, end: start + line.length, problems };
  }
  // A shebang the kernel ignores decides nothing: whoever runs the file (usually `sh file`) does.
  const dialect = problems.includes('not-first') ? 'sh' : BASH_LIKE.has(shell) ? 'bash' : 'sh';
  return { dialect, shell, line, start, end: start + line.length, problems };
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
