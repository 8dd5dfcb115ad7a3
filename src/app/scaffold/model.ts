/**
 * What `execwrap scaffold` generates from: the flags (or the answers to the prompts), checked and completed with
 * defaults. Everything here is pure: no file system, no terminal.
 */
import { UsageError } from '../../core/errors.js';
import { isBareInterpreter } from '../../shell/analyze/programs.js';
import { splitShellText, type WordToken } from '../../shell/parse/shell-words.js';
import { baseImageInfo, type PackageManager } from '../../dockerfile/analyze/images.js';
import type { ShellDialect } from '../../shell/render/wrapper.js';

export type ScaffoldInit = 'tini' | 'dumb-init' | 'none';
/** The distribution family of the base image: decides the package manager, `useradd`, and whether bash is there. */
export type Family = 'debian' | 'alpine' | 'rhel';
export type StopSignalName = 'SIGTERM' | 'SIGINT' | 'SIGQUIT' | 'SIGHUP';

export const INITS: readonly ScaffoldInit[] = ['tini', 'dumb-init', 'none'];
export const SHELLS: readonly ShellDialect[] = ['sh', 'bash'];
/** The signals the wrapper traps and passes on (docs/wrapper.md); an exec'd program gets them directly. */
export const STOP_SIGNALS: readonly StopSignalName[] = ['SIGTERM', 'SIGQUIT', 'SIGINT', 'SIGHUP'];

/** One program the container runs: `--proc 'web=gunicorn -b :8000 app:app'`. */
export interface Proc {
  name: string;
  /** The command's words, as the program will receive them (no shell expansion). */
  argv: string[];
}

/** Flags as given; every field may be missing (the prompts, or the non-TTY error, deal with that). */
export interface ScaffoldFlags {
  proc?: string[];
  base?: string;
  init?: string;
  shell?: string;
  user?: string;
  workdir?: string;
  stopSignal?: string;
  out?: string;
  name?: string;
  k8s?: boolean;
  /** The container ends when the first program ends (the others are stopped), instead of when all have. */
  failFast?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

/** Flags without which nothing sensible can be generated; everything else has a default. */
export const REQUIRED_FLAGS = ['--proc', '--base'] as const;

export interface BaseFacts {
  image: string;
  family: Family;
  packageManager: Exclude<PackageManager, 'unknown' | 'none'>;
  /** tini and dumb-init can be installed from the distribution's own repositories (EPEL via epel-release on RHEL). */
  initInstallable: boolean;
  hasBash: boolean;
  /** STOPSIGNAL the base image sets itself (nginx, php-fpm: SIGQUIT). */
  stopSignal?: StopSignalName;
}

/** Everything the renderer needs, checked and with every default filled in. */
export interface ScaffoldSpec {
  procs: Proc[];
  base: BaseFacts;
  init: ScaffoldInit;
  shell: ShellDialect;
  /** Install bash with the package manager (asked for on a base image without it). */
  installBash: boolean;
  user?: string;
  workdir: string;
  stopSignal: StopSignalName;
  /** Deployment name (`--k8s`). */
  name: string;
  k8s: boolean;
  /** With several programs: end when the first one ends (`--fail-fast`), not when all have. */
  failFast: boolean;
}

/** Where the start script lands in the image. */
export const SCRIPT_IMAGE_PATH = '/usr/local/bin/start.sh';
export const DEFAULT_WORKDIR = '/app';
export const DEFAULT_NAME = 'app';

/** Which required flags are missing. */
export function missingFlags(flags: ScaffoldFlags): string[] {
  const missing: string[] = [];
  if (!flags.proc || flags.proc.length === 0) missing.push('--proc');
  if (!flags.base) missing.push('--base');
  return missing;
}

/** Base image → family and what it offers; a base execwrap cannot scaffold for is a UsageError saying why. */
export function baseFacts(image: string): BaseFacts {
  const trimmed = image.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(trimmed)) throw new UsageError(`--base ${JSON.stringify(image)} is not an image reference`);
  const info = baseImageInfo(trimmed);
  const stopSignal = info.stopSignal ? normalizeStopSignal(info.stopSignal) : undefined;
  const withSignal = <T extends object>(facts: T): T & { stopSignal?: StopSignalName } => (stopSignal ? { ...facts, stopSignal } : facts);
  switch (info.packageManager) {
    case 'apt':
      return withSignal({ image: trimmed, family: 'debian', packageManager: 'apt', initInstallable: true, hasBash: true });
    case 'apk':
      return withSignal({ image: trimmed, family: 'alpine', packageManager: 'apk', initInstallable: true, hasBash: false });
    case 'dnf':
    case 'yum':
    case 'microdnf':
      return withSignal({ image: trimmed, family: 'rhel', packageManager: info.packageManager, initInstallable: info.epelRelease && info.packageManager !== 'microdnf', hasBash: true });
    case 'none':
      throw new UsageError(`--base ${trimmed} has no shell and no package manager (distroless, scratch, busybox); scaffold needs a shell for the start script — use a Debian, Ubuntu, Alpine or RHEL-family image`);
    case 'unknown':
      throw new UsageError(`--base ${trimmed}: execwrap does not know this image's distribution; use a Debian, Ubuntu, Alpine or RHEL-family image (debian:bookworm-slim, ubuntu:24.04, alpine:3.20, rockylinux:9, or an official image built on one, like node:20 or python:3.12-alpine)`);
  }
}

export function normalizeStopSignal(value: string): StopSignalName {
  const upper = value.trim().toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as StopSignalName;
  if (!STOP_SIGNALS.includes(name)) {
    throw new UsageError(`--stop-signal ${JSON.stringify(value)}: use one of ${STOP_SIGNALS.join(', ')} (the signals the generated wrapper passes on)`);
  }
  return name;
}

/** `NAME=command args` → a Proc; the command is split into words the way sh would, without any expansion. */
export function parseProc(spec: string): Proc {
  const eq = spec.indexOf('=');
  const name = eq === -1 ? '' : spec.slice(0, eq).trim();
  if (eq === -1 || !/^[a-z][a-z0-9-]{0,62}$/.test(name)) {
    throw new UsageError(`--proc ${JSON.stringify(spec)}: write it as NAME=command (NAME: lower-case letters, digits and -, starting with a letter)`);
  }
  let argv = splitCommand(spec.slice(eq + 1), `--proc ${name}`);
  if (argv[0] === 'exec') argv = argv.slice(1);
  if (argv.length === 0) throw new UsageError(`--proc ${name}: the command is empty`);
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) {
    throw new UsageError(`--proc ${name}: ${JSON.stringify(argv[0])} is a variable assignment; set environment variables with ENV in the Dockerfile`);
  }
  return { name, argv };
}

/**
 * Splits a command into words like a POSIX shell does for quotes and backslashes, refusing everything that would
 * make it more than one plain program start: operators, redirections, expansions, globs. The generated script
 * writes each word back with shellQuote, so the program receives exactly these words.
 */
export function splitCommand(text: string, label: string): string[] {
  const split = splitShellText(text);
  // The first thing in the text that makes it more than literal words (newlines separate words here).
  const problems: { offset: number; what: string }[] = [];
  for (const token of split.tokens) {
    if (token.kind === 'comment') problems.push({ offset: token.start, what: 'a comment (#)' });
    else if (token.kind === 'operator' && token.text !== '\n') problems.push({ offset: token.start, what: `a shell operator (${token.text})` });
    else if (token.kind === 'word') {
      for (const special of token.specials) {
        if (special.kind === 'expansion') problems.push({ offset: special.offset, what: `an expansion (${special.char})` });
        else if (special.kind === 'glob' && special.char !== ']') problems.push({ offset: special.offset, what: `a glob (${special.char})` });
        else if (special.kind === 'tilde') problems.push({ offset: special.offset, what: 'a tilde (~)' });
      }
    }
  }
  if (split.unterminated) {
    const what = split.unterminated.opening === "'" ? 'an unterminated single quote' : split.unterminated.opening === '"' ? 'an unterminated double quote' : `an unterminated expansion (${split.unterminated.opening})`;
    problems.push({ offset: text.length, what });
  }
  if (split.trailingBackslash !== undefined) problems.push({ offset: split.trailingBackslash, what: 'a trailing backslash' });
  const first = problems.sort((a, b) => a.offset - b.offset)[0];
  if (first) {
    throw new UsageError(
      `${label}: ${first.what} in ${JSON.stringify(text.trim())}; scaffold takes one program and its literal arguments (quote a character to pass it literally; put shell logic in the generated script by hand)`,
    );
  }
  return split.tokens.filter((t): t is WordToken => t.kind === 'word').map((w) => w.value);
}

/** Checks the flags and fills in the defaults; every problem is a UsageError naming the flag. */
export function buildSpec(flags: ScaffoldFlags): ScaffoldSpec {
  const missing = missingFlags(flags);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
  const procs = flags.proc!.map(parseProc);
  const seen = new Set<string>();
  for (const p of procs) {
    if (seen.has(p.name)) throw new UsageError(`--proc ${p.name} is given twice; each program needs its own name`);
    seen.add(p.name);
  }
  const base = baseFacts(flags.base!);

  const init = (flags.init ?? 'tini') as ScaffoldInit;
  if (!INITS.includes(init)) throw new UsageError(`--init ${JSON.stringify(flags.init)}: use one of ${INITS.join(', ')}`);
  if (init !== 'none' && !base.initInstallable) {
    throw new UsageError(
      `--init ${init}: ${base.image} (${base.packageManager}) has no ${init} package in its own repositories (EPEL is not available there); use --init none, or a base with EPEL (rockylinux, almalinux, centos)`,
    );
  }
  if (init === 'none' && procs.length === 1 && isBareInterpreter(basename(procs[0]!.argv[0]!))) {
    throw new UsageError(
      `--init none: ${basename(procs[0]!.argv[0]!)} as PID 1 ignores SIGTERM unless the program installs its own handler, so the stop would end in SIGKILL; use --init tini or --init dumb-init`,
    );
  }

  const shell = (flags.shell ?? (base.hasBash ? 'bash' : 'sh')) as ShellDialect;
  if (!SHELLS.includes(shell)) throw new UsageError(`--shell ${JSON.stringify(flags.shell)}: use sh or bash`);

  let user: string | undefined;
  if (flags.user !== undefined && flags.user !== '') {
    user = flags.user;
    if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) throw new UsageError(`--user ${JSON.stringify(user)}: a user name is lower-case letters, digits, _ and -, starting with a letter or _`);
    if (user === 'root') user = undefined;
  }

  const workdir = flags.workdir ?? DEFAULT_WORKDIR;
  if (!/^\/[A-Za-z0-9._\-/]*$/.test(workdir)) throw new UsageError(`--workdir ${JSON.stringify(workdir)}: an absolute path of letters, digits, ., _, - and /`);

  const stopSignal = flags.stopSignal !== undefined ? normalizeStopSignal(flags.stopSignal) : base.stopSignal ?? 'SIGTERM';

  const name = flags.name ?? DEFAULT_NAME;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new UsageError(`--name ${JSON.stringify(name)}: a Kubernetes name (lower-case letters, digits and -)`);

  return {
    procs,
    base,
    init,
    shell,
    installBash: shell === 'bash' && !base.hasBash,
    ...(user ? { user } : {}),
    workdir: workdir.length > 1 ? workdir.replace(/\/+$/, '') : workdir,
    stopSignal,
    name,
    k8s: flags.k8s === true,
    failFast: flags.failFast === true,
  };
}

function basename(path: string): string {
  return path.split('/').pop() ?? path;
}
