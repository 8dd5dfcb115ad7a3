/** `execwrap check [paths...]`: flags, then the report on stdout and the exit code. */
import { Option, type Command } from 'commander';
import { loadSettings } from '../../app/config.js';
import { loadShellParser } from '../../shell/parse/shell-parser.js';
import { checkPaths, withFix } from '../../app/check.js';
import type { DockerFlags } from '../../app/docker-options.js';
import { formatShowsFixes, renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/render.js';
import { EXIT_ERROR, reportError, type Io } from '../shared/io.js';
import { threadsNote } from '../shared/flags.js';
import { findingsExit, initOption, jobsOption, shellOption, shellOptions, sortedByPath, thresholdOption, withFlags, type JobsFlag, type ShellFlag, type ThresholdFlag, type UnsafeFlag } from '../shared/flags.js';

interface CheckFlags extends DockerFlags, ThresholdFlag, ShellFlag, UnsafeFlag, JobsFlag {
  format: ReportFormat;
  allScripts?: boolean;
  verbose?: boolean;
}

export function registerCheck(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('analyse start scripts and Dockerfiles (a directory: every shell script and Dockerfile in it)')
    .argument('[paths...]', 'scripts, Dockerfiles, Kubernetes manifests, Compose files or directories (`-`: standard input)', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'))
    .addOption(initOption())
    .addOption(thresholdOption())
    .option('--context <dir>', "build context for Dockerfiles (default: inferred: a Compose file's build context, the Dockerfile's folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--all-scripts', 'check every shell script in a directory, not only start scripts (run by a Dockerfile, or named like an entrypoint)')
    .option('-v, --verbose', 'list the files a directory walk passed over, and why')
    .option('--unsafe-fixes', 'show unsafe fixes as part of the change (sarif, markdown), not as suggestions')
    .addOption(jobsOption())
    .action(async (paths: string[], flags: CheckFlags) => {
      setExitCode(await check(paths, flags, io));
    });
}

async function check(paths: string[], flags: CheckFlags, io: Io): Promise<number> {
  // The grammar's wasm compiles on V8's background threads: started now, it is ready by the time the config is read
  // and the files are listed (a failure to load is met again, and reported, at the first parse).
  loadShellParser().catch(() => undefined);
  const settings = withFlags(await loadSettings(process.cwd()), flags);
  const showsFixes = formatShowsFixes(flags.format);
  const { results, fixes, skipped, failed, workers } = await checkPaths(
    paths,
    {
      ...(flags.init ? { init: flags.init } : {}),
      ...(flags.context ? { context: flags.context } : {}),
      alone: shellOptions(flags),
      ...(flags.allScripts ? { allScripts: true } : {}),
      ...(showsFixes ? { fixes: flags.format === 'sarif' ? 'edits' : 'texts' } : {}),
      ...(flags.jobs ? { jobs: flags.jobs } : {}),
    },
    settings,
    { error: (error) => reportError(error, io), note: (text) => io.stderr(text) },
  );
  if (flags.verbose) {
    for (const file of sortedByPath(skipped)) io.stderr(`execwrap: skipped ${file.path}: ${file.reason}\n`);
    if (workers > 0) io.stderr(`execwrap: ${threadsNote(workers)}\n`);
  }
  const checked = showsFixes
    ? await Promise.all(results.map((file) => withFix(file, fixes.get(file.report), flags, settings)))
    : results.map((file) => ({ file, before: '', after: '' }));
  io.stdout(await renderReport(flags.format, checked, { color: io.colorStdout, unsafeFixes: settings.unsafeFixes }));
  if (failed) return EXIT_ERROR;
  return findingsExit(results.map((r) => r.report), flags.failureThreshold ?? settings.failureThreshold);
}
