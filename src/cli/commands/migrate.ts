/** `execwrap migrate [dir]`: flags, then the combined diff (or report), the summary table and the exit code. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { loadSettings } from '../../app/config.js';
import type { InitChoice } from '../../dockerfile/analyze-dockerfile.js';
import { InputError, UsageError } from '../../core/errors.js';
import { shellFromFlag } from '../../shell/parse/shells.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/render.js';
import { EXIT_ERROR, EXIT_FINDINGS, reportError, type Io } from '../shared/io.js';
import {
  failFastOption,
  findingsExit,
  initOption,
  jobsOption,
  outputModeProblem,
  shellOption,
  sortedByPath,
  thresholdOption,
  threadsNote,
  withFlags,
  type FailFastFlag,
  type JobsFlag,
  type ShellFlag,
  type ThresholdFlag,
  type UnsafeFlag,
} from '../shared/flags.js';

interface MigrateFlags extends ThresholdFlag, UnsafeFlag, ShellFlag, FailFastFlag, JobsFlag {
  write?: boolean;
  diff?: boolean;
  check?: boolean;
  force?: boolean;
  init?: InitChoice;
  format?: ReportFormat;
  context?: string;
  allScripts?: boolean;
  verbose?: boolean;
}

export function registerMigrate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('migrate')
    .description("fix a repository's Dockerfiles and the scripts they run, as one reviewable diff (dry run by default)")
    .argument('[dir]', 'repository root', '.')
    .option('-w, --write', 'apply the changes (atomic per file, modes kept)')
    .option('--force', 'with --write: also replace read-only files (modes kept)')
    .option('-d, --diff', 'print only the combined diff')
    .option('-c, --check', 'print the summary only; exit 1 when anything would change')
    .addOption(new Option('-f, --format <format>', 'instead of the diff, print a report of every file in this format').choices([...REPORT_FORMATS]))
    .addOption(initOption())
    .addOption(thresholdOption())
    .option('--context <dir>', "build context for every Dockerfile (default: inferred per Dockerfile: a Compose file's build context, its folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--all-scripts', "also check shell scripts no Dockerfile runs whose names are not an entrypoint's")
    .option('-v, --verbose', 'list the files passed over, and why')
    .option('--unsafe-fixes', 'also apply fixes that may change more than the stop (each says what)')
    .addOption(failFastOption())
    .addOption(jobsOption())
    .action(async (dir: string, flags: MigrateFlags) => {
      setExitCode(await migrate(dir, flags, io));
    });
}

/**
 * Exit codes agree across the modes for the same repository: a dry run, `--diff`, `--check` and `--format` exit 1
 * when something would change or a file is not ok (as `check` would); `--write` exits with what a dry run
 * right after it would say (1 when something execwrap cannot fix is left). 2: a file could not be read or written.
 */
async function migrate(dir: string, options: MigrateFlags, io: Io): Promise<number> {
  const problem = outputModeProblem(options);
  if (problem) throw new UsageError(problem);
  const settings = withFlags(await loadSettings(process.cwd()), options);
  const root = resolve(dir);
  if (!existsSync(root)) throw new InputError('no such file or directory', dir);
  if (!statSync(root).isDirectory()) throw new InputError('is not a directory (migrate walks a repository; `execwrap fix` takes one file)', dir);
  const { applyPlan, planMigration, summaryTable } = await import('../../app/migrate.js');
  const bar = await progressBar(io);
  const printDiffs = !options.write && !options.check && !options.format;
  const plan = await planMigration(root, {
    init: options.init ?? settings.init ?? 'tini',
    settings,
    keepReports: options.format !== undefined,
    keepEdits: options.format === 'sarif',
    // Each change's diff is printed as soon as the ones before it are known, not kept for the whole run.
    output: options.write ? 'write' : printDiffs ? 'diff' : 'none',
    ...(printDiffs
      ? {
          print: (text: string) => {
            bar?.stop();
            io.stdout(text);
          },
        }
      : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.context ? { context: resolve(options.context) } : {}),
    ...(options.shell ? { shell: shellFromFlag(options.shell) } : {}),
    ...(options.allScripts ? { allScripts: true } : {}),
    ...(bar ? { progress: bar.update } : {}),
  });
  bar?.stop();
  if (options.verbose) {
    for (const file of sortedByPath(plan.skipped)) io.stderr(`execwrap: skipped ${file.path}: ${file.reason}\n`);
    if (plan.workers) io.stderr(`execwrap: ${threadsNote(plan.workers)}\n`);
  }
  const notWritten = options.write ? await applyPlan(plan, { force: options.force === true }) : [];
  const errors = [...plan.errors, ...notWritten];
  // The table names each file's problem; without it (--diff) each is printed here, once.
  if (options.diff) for (const error of errors) reportError(error, io);
  else io.stderr(summaryTable(plan.rows, options.write === true));
  if (options.write) {
    io.stderr(`${plan.changes.length - notWritten.length} file(s) changed\n`);
    if (plan.created.length > 0) io.stderr(`${plan.created.length} file(s) created\n`);
  } else if (options.format) {
    io.stdout(await renderReport(options.format, plan.checked, { color: io.colorStdout, unsafeFixes: settings.unsafeFixes }));
  } else if (printDiffs) {
    const { newFileDiff } = await import('../../report/diff.js');
    for (const created of plan.created) io.stdout(newFileDiff(created.relative, created.file.text, created.file.mode));
  }
  if (errors.length > 0) return EXIT_ERROR;
  const threshold = options.failureThreshold ?? settings.failureThreshold;
  if (options.write) return findingsExit(plan.after, threshold);
  return plan.changes.length > 0 ? EXIT_FINDINGS : findingsExit(plan.before, threshold);
}

/**
 * A progress bar on stderr for long migrations, only where a person watches it: a terminal, and not CI
 * (logs there would fill with redraws). Loaded only then.
 */
async function progressBar(io: Io): Promise<{ update: (done: number, total: number) => void; stop: () => void } | undefined> {
  if (!io.stderrIsTTY || process.env.CI) return undefined;
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: 'migrate [{bar}] {value}/{total} Dockerfiles', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update: (done, total) => {
      if (stopped) return;
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
      stopped = true;
    },
  };
}

