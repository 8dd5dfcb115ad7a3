/** Flags several commands share, and how they combine with the config file. */
import { InvalidArgumentError, Option } from 'commander';
import type { Severity } from '../../core/model.js';
import { reachesThreshold, type Settings } from '../../core/settings.js';
import { SHELL_CHOICES, shellFromFlag, type ShellChoice } from '../../shell/parse/shells.js';
import type { AnalyzeOptions } from '../../shell/analyze-script.js';
import { EXIT_FINDINGS, EXIT_OK } from './io.js';

export interface ThresholdFlag {
  failureThreshold?: Severity;
}

export interface ShellFlag {
  /** The shell that runs a script no Dockerfile here runs (a Dockerfile's image decides for its own scripts). */
  shell?: ShellChoice;
}

export interface UnsafeFlag {
  unsafeFixes?: boolean;
}

export interface FailFastFlag {
  failFast?: boolean;
}

export interface JobsFlag {
  /** Threads to share the files out over (`--jobs`; default: one per core). */
  jobs?: number;
}

/** What `--verbose` says when a run shared its files out over worker threads (nothing when it did not). */
export function threadsNote(workers: number): string {
  return `files shared out over the main thread and ${workers} worker thread(s)`;
}

/** `--jobs` on check and migrate: the output is the same whatever the number. */
export const jobsOption = (): Option =>
  new Option('-j, --jobs <n>', 'threads to share the files out over (default: the number of cores; 1: no worker threads)').argParser((value) => {
    const jobs = Number(value);
    if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('a whole number of threads, 1 or more');
    return jobs;
  });

export const initOption = (): Option =>
  new Option('--init <init>', 'init to put in front of multi-process launchers and signal-deaf programs (default: tini)').choices(['tini', 'dumb-init', 'none']);

export const shellOption = (): Option =>
  new Option('--shell <shell>', "the shell that runs a script when no Dockerfile says (default: the script's #! line; #!/bin/sh is taken as dash)").choices([...SHELL_CHOICES]);

export const thresholdOption = (): Option =>
  new Option('--failure-threshold <severity>', 'exit 1 when a finding of this severity or higher remains (default: when a file is not ok)').choices(['error', 'warning', 'info']);

/** `--fail-fast` on fix, migrate and scaffold: opt-in; the config file's `failFast` is the default. */
export const failFastOption = (): Option =>
  new Option('--fail-fast', 'multi-program fixes end the container when the first program ends (the others are stopped), instead of when the script did');

/** `--unsafe-fixes` and `--fail-fast` on the command line win over the config file. */
export function withFlags(settings: Settings, flags: UnsafeFlag & FailFastFlag): Settings {
  return { ...settings, ...(flags.unsafeFixes ? { unsafeFixes: true } : {}), ...(flags.failFast ? { failFast: true } : {}) };
}

/** `--shell`, for a script analysed on its own. */
export function shellOptions(flags: ShellFlag): AnalyzeOptions {
  return flags.shell ? { shell: shellFromFlag(flags.shell) } : {};
}

/**
 * Exit 1 or 0 for a set of findings: with a threshold, any finding at or above it fails; without one, any file
 * that is not ok does (a warning without a fix leaves a file ok).
 */
export function findingsExit(files: readonly { status: string; findings: readonly { severity: Severity }[] }[], threshold: Severity | undefined): number {
  const failed = threshold
    ? files.some((f) => f.findings.some((finding) => reachesThreshold(finding.severity, threshold)))
    : files.some((f) => f.status !== 'ok');
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

export function sortedByPath<T extends { path: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `--write`, `--diff` and `--check` exclude each other; `--force` needs `--write`. */
export function outputModeProblem(options: { write?: boolean; diff?: boolean; check?: boolean; force?: boolean }): string | undefined {
  const chosen = [options.write && '--write', options.diff && '--diff', options.check && '--check'].filter(Boolean);
  if (chosen.length > 1) return `${chosen.join(' and ')} cannot be combined`;
  if (options.force && !options.write) return '--force only applies to --write';
  return undefined;
}
