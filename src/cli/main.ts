import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyzeScript, REPORT_SYNTAX_ERRORS, type AnalyzeOptions } from '../analyze/index.js';
import { isApplied, type Finding, type NewFile, type Severity } from '../analyze/model.js';
import { loadSettings } from '../config/load.js';
import { reachesThreshold, type Settings } from '../config/settings.js';
import type { InitChoice } from '../dockerfile/analyze.js';
import { isDockerfileName } from '../dockerfile/names.js';
import { InputError, NotApplicableError, UsageError } from '../errors.js';
import { fixScript } from '../fix/fixer.js';
import { SHELL_CHOICES, shellFromFlag, type ShellChoice } from '../parse/shells.js';
import { encodeSource, type LineIndex, type SourceFile } from '../parse/source.js';
import type { CheckedFile, FileReport, ReportedDockerfile, ReportedFile, ReportedScript } from '../report/file-report.js';
import { resolveFinding } from '../report/findings.js';
import { jsonReport } from '../report/json.js';
import { textReport } from '../report/text.js';
import { expandPaths, readSource, writeFileAtomic, type ExpandedPath, type SkippedFile } from './files.js';
import { checkManifestPath, isManifestPath, isManifestSource, manifestOptions, newFilesDiff, readStdin, STDIN_PATH, writeNewFiles } from './manifests.js';
import { stdinKindOf } from '../manifest/detect.js';
import { isStartScriptName } from './start-scripts.js';
import { registerScaffold } from './scaffold.js';
import { registerVerify } from './verify.js';
import { VERSION } from './version.js';
import { createPool, defaultJobs, settled, type Settled } from './pool.js';
import { analyzeOnceFor, dockerOptions, TASKS, type CheckedScript, type CheckShared, type DockerFlags, type FixTexts } from './tasks.js';

/** Exit codes shared by every command (the linters' convention: hadolint, ShellCheck, ESLint, prettier). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  colorStdout: boolean;
  /** A person is watching stderr: progress may be drawn there. */
  stderrIsTTY?: boolean;
}

interface JobsFlag {
  /** Threads to share the files out over (`--jobs`; default: one per core). */
  jobs?: number;
}

interface ThresholdFlag {
  failureThreshold?: Severity;
}

interface ShellFlag {
  /** The shell that runs a script no Dockerfile here runs (a Dockerfile's image decides for its own scripts). */
  shell?: ShellChoice;
}

interface UnsafeFlag {
  unsafeFixes?: boolean;
}

/** `--unsafe-fixes` on the command line wins over the config's `unsafeFixes`. */
function withUnsafeFlag(settings: Settings, flags: UnsafeFlag): Settings {
  return flags.unsafeFixes ? { ...settings, unsafeFixes: true } : settings;
}

const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/**
 * Formats a set of checked files. SARIF carries each file's whole fix (so a viewer can apply exactly what
 * `execwrap fix` writes) and markdown shows it as a diff; reporters are loaded only for the format asked for.
 */
async function renderReport(format: Format, checked: readonly CheckedFile[], io: Io, unsafeFixes?: boolean): Promise<string> {
  const files = checked.map((c) => c.file);
  switch (format) {
    case 'text':
      return textReport(files, { color: io.colorStdout });
    case 'json':
      return jsonReport(files);
    case 'github':
      return (await import('../report/github.js')).githubReport(files);
    case 'sarif': {
      const { sarifReport, wholeFileFix } = await import('../report/sarif.js');
      const fixes = new Map(checked.filter((c) => c.after !== c.before).map((c) => [c.file, [wholeFileFix(c.before, c.after)]] as const));
      return sarifReport(files, { fixes, ...(unsafeFixes ? { unsafeFixes } : {}) });
    }
    case 'markdown': {
      const [{ markdownReport }, { unifiedDiff }] = await Promise.all([import('../report/markdown.js'), import('../report/diff.js')]);
      const diffs = new Map(checked.filter((c) => c.after !== c.before).map((c) => [c.file.path, unifiedDiff(c.file.path, c.before, c.after)] as const));
      const suggestions = new Map(checked.filter((c) => c.suggested !== undefined).map((c) => [c.file.path, unifiedDiff(c.file.path, c.after, c.suggested!)] as const));
      return markdownReport(files, { diffs, suggestions });
    }
  }
}

/**
 * What `fix` would make of a checked file, and what `--unsafe-fixes` would add when it is not given (a
 * suggestion); only the formats that show changes need it. `fix`: what the pool worked out with the report.
 */
async function withFix(file: ReportedFile, fix: FixTexts | undefined, options: DockerFlags, settings: Settings): Promise<CheckedFile> {
  if (fix) return { file, ...fix };
  // Standard input and manifests are checked on the main thread, with their whole report.
  const full = file as FileReport;
  const before = full.type === 'script' ? full.report.script.source.text : full.report.source.text;
  const fixWith = async (chosen: Settings): Promise<string> => {
    // The same shell and build context the check used.
    if (full.type === 'script') return (await fixScript(full.report.script.source, chosen, { ...REPORT_SYNTAX_ERRORS, shell: full.report.script.shell })).text;
    if (full.type === 'manifest') {
      const { fixManifest } = await import('../fix/manifest-fixer.js');
      return (await fixManifest(full.report.source, { ...full.report.analyzed.options, settings: chosen })).text;
    }
    const { fixDockerfile } = await import('../fix/dockerfile-fixer.js');
    return (await fixDockerfile(full.report.source, dockerOptions(full.path, { ...options, context: full.report.context }, chosen, 'report'))).text;
  };
  const after = await fixWith(settings);
  const hasUnsafe = file.report.findings.some((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  const suggested = hasUnsafe ? await fixWith({ ...settings, unsafeFixes: true }) : after;
  return { file, before, after, ...(suggested !== after ? { suggested } : {}) };
}

let checkRuns = 0;

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = EXIT_OK;
  const initOption = () => new Option('--init <init>', 'init to put in front of multi-process launchers and signal-deaf programs (default: tini)').choices(['tini', 'dumb-init', 'none']);
  const shellOption = () =>
    new Option('--shell <shell>', "the shell that runs a script when no Dockerfile says (default: the script's #! line; #!/bin/sh is taken as dash)").choices([...SHELL_CHOICES]);
  const thresholdOption = () =>
    new Option('--failure-threshold <severity>', 'exit 1 when a finding of this severity or higher remains (default: when a file is not ok)').choices(['error', 'warning', 'info']);
  const program = new Command()
    .name('execwrap')
    .description('Find and fix container start scripts and Dockerfiles that keep the stop signal from reaching the app.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();

  program
    .command('check')
    .description('analyse start scripts and Dockerfiles (a directory: every shell script and Dockerfile in it)')
    .argument('[paths...]', 'scripts, Dockerfiles, Kubernetes manifests, Compose files or directories (`-`: standard input)', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
    .addOption(initOption())
    .addOption(thresholdOption())
    .option('--context <dir>', "build context for Dockerfiles (default: inferred: a Compose file's build context, the Dockerfile's folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--all-scripts', 'check every shell script in a directory, not only start scripts (run by a Dockerfile, or named like an entrypoint)')
    .option('-v, --verbose', 'list the files a directory walk passed over, and why')
    .option('--unsafe-fixes', 'show unsafe fixes as part of the change (sarif, markdown), not as suggestions')
    .addOption(jobsOption())
    .action(async (paths: string[], options: CheckFlags & UnsafeFlag) => {
      exitCode = await checkCommand(paths, options, withUnsafeFlag(await loadSettings(process.cwd()), options), io);
    });

  program
    .command('fix')
    .description('print the corrected script or Dockerfile (or rewrite it with --write)')
    .argument('<file>', 'start script, Dockerfile, Kubernetes manifest or Compose file to fix (`-`: standard input)')
    .option('-w, --write', 'rewrite the file in place (atomically, keeping its mode)')
    .option('--force', 'with --write: also replace a read-only file (mode kept)')
    .option('-d, --diff', 'print a unified diff (git apply takes it); exit 1 when there is a change')
    .option('-c, --check', 'print nothing; exit 1 when a change would be made')
    .addOption(initOption())
    .option('--context <dir>', "build context for a Dockerfile (default: inferred: a Compose file's build context, the Dockerfile's folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--unsafe-fixes', 'also apply fixes that may change more than the stop (each says what)')
    .addOption(failFastOption())
    .action(async (file: string, options: { write?: boolean; diff?: boolean; check?: boolean; force?: boolean; failFast?: boolean } & DockerFlags & ShellFlag & UnsafeFlag) => {
      exitCode = await fixCommand(file, options, withFailFast(withUnsafeFlag(await loadSettings(process.cwd()), options), options), io);
    });

  program
    .command('migrate')
    .description("fix a repository's Dockerfiles and the scripts they run, as one reviewable diff (dry run by default)")
    .argument('[dir]', 'repository root', '.')
    .option('-w, --write', 'apply the changes (atomic per file, modes kept)')
    .option('--force', 'with --write: also replace read-only files (modes kept)')
    .option('-d, --diff', 'print only the combined diff')
    .option('-c, --check', 'print the summary only; exit 1 when anything would change')
    .addOption(new Option('-f, --format <format>', 'instead of the diff, print a report of every file in this format').choices([...FORMATS]))
    .addOption(initOption())
    .addOption(thresholdOption())
    .option('--context <dir>', "build context for every Dockerfile (default: inferred per Dockerfile: a Compose file's build context, its folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--all-scripts', "also check shell scripts no Dockerfile runs whose names are not an entrypoint's")
    .option('-v, --verbose', 'list the files passed over, and why')
    .option('--unsafe-fixes', 'also apply fixes that may change more than the stop (each says what)')
    .addOption(failFastOption())
    .addOption(jobsOption())
    .action(async (dir: string, options: MigrateFlags & { failFast?: boolean }) => {
      exitCode = await migrateCommand(dir, options, withFailFast(withUnsafeFlag(await loadSettings(process.cwd()), options), options), io);
    });

  registerScaffold(program, io);
  registerVerify(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    return reportError(error, io);
  }
  return exitCode;
}

/** `--jobs` on check and migrate: the output is the same whatever the number. */
function jobsOption(): Option {
  return new Option('-j, --jobs <n>', 'threads to share the files out over (default: the number of cores; 1: no worker threads)').argParser((value) => {
    const jobs = Number(value);
    if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('a whole number of threads, 1 or more');
    return jobs;
  });
}

/** `--fail-fast` on fix, migrate and scaffold: opt-in; the config file's `failFast` is the default. */
function failFastOption(): Option {
  return new Option('--fail-fast', 'multi-program fixes end the container when the first program ends (the others are stopped), instead of when the script did');
}

function withFailFast(settings: Settings, flags: { failFast?: boolean }): Settings {
  return flags.failFast ? { ...settings, failFast: true } : settings;
}

function sortedByPath<T extends { path: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `--shell`, for a script analysed on its own. */
function shellOptions(flags: ShellFlag): AnalyzeOptions {
  return flags.shell ? { shell: shellFromFlag(flags.shell) } : {};
}

/**
 * Exit 1 or 0 for a set of findings: with a threshold, any finding at or above it fails; without one, any file
 * that is not ok does (a warning without a fix leaves a file ok).
 */
function findingsExit(files: readonly { status: string; findings: readonly { severity: Severity }[] }[], threshold: Severity | undefined): number {
  const failed = threshold
    ? files.some((f) => f.findings.some((finding) => reachesThreshold(finding.severity, threshold)))
    : files.some((f) => f.status !== 'ok');
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

interface CheckFlags extends DockerFlags, ThresholdFlag, ShellFlag, JobsFlag {
  format: Format;
  allScripts?: boolean;
  verbose?: boolean;
}

/** How far up a tree the shell strictness goes: a script several images run is reported under the strictest. */
const STRICTNESS: Record<string, number> = { dash: 3, busybox: 2, 'bash-posix': 1, bash: 0 };

async function checkCommand(paths: string[], options: CheckFlags, settings: Settings, io: Io): Promise<number> {
  const skipped: SkippedFile[] = [];
  const files = expandPaths(paths, settings, skipped);
  const results: ReportedFile[] = [];
  // Manifests name images; a Dockerfile among the files checked may build one of them.
  const dockerfiles = files.filter((f) => isDockerfileName(f.path)).map((f) => resolve(f.path));
  const explicit = new Set(paths.map((p) => (p === STDIN_PATH ? p : resolve(p))));
  const listed = new Set(files.map((f) => resolve(f.path)));
  const alone: AnalyzeOptions = { ...REPORT_SYNTAX_ERRORS, ...shellOptions(options) };
  const needsFixes = options.format === 'sarif' || options.format === 'markdown';
  // Every runner (thread) analyses a script once per way it is run (alone, or by an image with its own /bin/sh).
  const shared: CheckShared = { runId: `${process.pid}-${++checkRuns}`, flags: { ...(options.init ? { init: options.init } : {}), ...(options.context ? { context: options.context } : {}) }, settings, needsFixes, needsEdits: options.format === 'sarif', alone };
  const analyzeOnce = analyzeOnceFor(shared);
  // What `fix` would write, for each reported file whose report came from the pool.
  const fixes = new Map<ReportedFile['report'], FixTexts>();
  let failed = false;
  // Start scripts a Dockerfile runs that could not be read: their own error is printed where they are listed.
  const unreadable = new Set<string>();
  const fail = (error: unknown, path: string) => {
    if (!(error instanceof InputError)) throw error;
    failed = true;
    if (resolve(error.path) === resolve(path)) {
      reportError(error, io);
      return;
    }
    // A Dockerfile whose start script is unreadable: say which file is not checked, and why, once; the
    // script's own error is printed where the script itself is checked.
    const script = relative(process.cwd(), error.path).split('\\').join('/');
    io.stderr(`execwrap: ${path}: not checked: the start script it runs, ${script}, cannot be read${error.line ? ` (line ${error.line})` : ''}\n`);
    unreadable.add(resolve(error.path));
    if (!listed.has(resolve(error.path))) reportError(new InputError(error.reason, script, error.line), io);
  };
  // A walked file that is not what its name says (a template, a Python `start.sh`) is passed over with a note.
  const passOver = (error: unknown, file: ExpandedPath): boolean => {
    if (!(error instanceof NotApplicableError) || file.named || resolve(error.path) !== resolve(file.path)) return false;
    if (error.kind === 'template') io.stderr(`execwrap: note: ${file.path}: skipped: ${error.reason}\n`);
    else skipped.push({ path: file.path, reason: error.reason });
    return true;
  };

  // Dockerfiles first: the scripts they run are start scripts, and are read with the shell of their image.
  const dockerfileFiles = files.filter((f) => isDockerfileName(f.path));
  const pool = createPool(options.jobs ?? defaultJobs(), files.length);
  const dockerReports = new Map<string, ReportedDockerfile>();
  const runByImage = new Map<string, ReportedScript>();
  let checkedScripts: Map<string, Settled<CheckedScript>>;
  try {
    const checkedDockerfiles = await pool.run(TASKS.checkDockerfile, shared, dockerfileFiles.map((f) => ({ path: f.path, ...(f.root !== undefined ? { root: f.root } : {}) })));
    dockerfileFiles.forEach((file, i) => {
      try {
        const { report, fix, scriptFixes } = settled(checkedDockerfiles[i]!);
        dockerReports.set(file.path, report);
        if (fix) fixes.set(report, fix);
        report.scripts.forEach((script, n) => {
          if (script.report && scriptFixes[n]) fixes.set(script.report, scriptFixes[n]);
          const earlier = runByImage.get(script.file);
          if (script.report && (!earlier || STRICTNESS[script.report.script.shell.name]! > STRICTNESS[earlier.script.shell.name]!)) runByImage.set(script.file, script.report);
        });
      } catch (error) {
        if (!passOver(error, file)) fail(error, file.path);
      }
    });
    // Scripts no Dockerfile here runs, checked alone: the ones the loop below would analyse, in the pool first.
    const aloneScripts = files.filter((file) => {
      const { path } = file;
      if (path === STDIN_PATH || isDockerfileName(path) || isManifestPath(path) || runByImage.has(resolve(path))) return false;
      const underRoot = file.root === undefined ? path : relative(file.root, path).split('\\').join('/');
      return file.named || options.allScripts || unreadable.has(resolve(path)) || isStartScriptName(underRoot);
    });
    const checked = await pool.run(TASKS.checkScript, shared, aloneScripts.map((f) => ({ path: f.path })));
    checkedScripts = new Map(aloneScripts.map((file, i) => [file.path, checked[i]!]));
  } finally {
    await pool.close();
  }
  for (const file of files) {
    const { path } = file;
    try {
      if (isDockerfileName(path)) {
        const report = dockerReports.get(path);
        if (!report) continue;
        results.push({ path, type: 'dockerfile', report });
        // A Dockerfile checked alone must not hide the start script it runs: that script is reported with it.
        for (const script of report.scripts) {
          if (!script.report || listed.has(script.file)) continue;
          listed.add(script.file);
          results.push({ path: relative(process.cwd(), script.file).split('\\').join('/'), type: 'script', report: runByImage.get(script.file) ?? script.report });
        }
        continue;
      }
      const manifest = await checkManifestPath(path, settings, dockerfiles, explicit.has(path === STDIN_PATH ? path : resolve(path)), io.stderr);
      if (manifest === 'skipped') continue;
      if (manifest) {
        results.push(manifest);
        continue;
      }
      const checked = checkedScripts.get(path);
      // A script the pool checked was read there; any other file is read here, for its errors to come in order.
      const source = path === STDIN_PATH ? readStdin() : checked ? undefined : readSource(path);
      if (path === STDIN_PATH && stdinKindOf(source!.text) === 'dockerfile') {
        const { analyzeDockerfile } = await import('../dockerfile/analyze.js');
        results.push({ path, type: 'dockerfile', report: await analyzeDockerfile(source!, dockerOptions(path, options, settings, 'report', analyzeOnce)) });
        continue;
      }
      const runByDockerfile = runByImage.get(resolve(path));
      if (runByDockerfile) {
        results.push({ path, type: 'script', report: runByDockerfile });
        continue;
      }
      const underRoot = file.root === undefined ? path : relative(file.root, path).split('\\').join('/');
      if (!file.named && !options.allScripts && !unreadable.has(resolve(path)) && !isStartScriptName(underRoot)) {
        skipped.push({ path, reason: "not a start script: no Dockerfile here runs it and its name is not an entrypoint's (--all-scripts checks it)" });
        continue;
      }
      if (!checked) {
        results.push({ path, type: 'script', report: await analyzeScript(source!, settings, alone) });
        continue;
      }
      const { report, fix } = settled(checked);
      if (fix) fixes.set(report, fix);
      results.push({ path, type: 'script', report });
    } catch (error) {
      if (!passOver(error, file)) fail(error, path);
    }
  }
  if (options.verbose) for (const file of sortedByPath(skipped)) io.stderr(`execwrap: skipped ${file.path}: ${file.reason}\n`);
  const checked = needsFixes ? await Promise.all(results.map((file) => withFix(file, fixes.get(file.report), options, settings))) : results.map((file) => ({ file, before: '', after: '' }));
  io.stdout(await renderReport(options.format, checked, io, settings.unsafeFixes));
  if (failed) return EXIT_ERROR;
  return findingsExit(results.map((r) => r.report), options.failureThreshold ?? settings.failureThreshold);
}

async function fixCommand(file: string, options: { write?: boolean; diff?: boolean; check?: boolean; force?: boolean } & DockerFlags & ShellFlag, settings: Settings, io: Io): Promise<number> {
  const chosen = [options.write && '--write', options.diff && '--diff', options.check && '--check'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined`);
  if (options.force && !options.write) throw new UsageError('--force only applies to --write');
  if (file === STDIN_PATH && options.write) throw new UsageError('--write needs a file; standard input is fixed to standard output');
  const source = file === STDIN_PATH ? readStdin() : readSource(file);
  const original = file === STDIN_PATH ? encodeSource(source, source.text) : readFileSync(file);
  let result: { text: string; changed: boolean; findingsBefore: Finding[]; findingsAfter: Finding[]; lines: LineIndex };
  let newFiles: NewFile[] = [];
  if (isManifestSource(file, source)) {
    const { fixManifest } = await import('../fix/manifest-fixer.js');
    const fixed = await fixManifest(source, manifestOptions(settings, []));
    result = { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.lines };
    newFiles = fixed.files;
  } else if (isDockerfileName(file) || (file === STDIN_PATH && stdinKindOf(source.text) === 'dockerfile')) {
    const { fixDockerfile } = await import('../fix/dockerfile-fixer.js');
    const fixed = await fixDockerfile(source, dockerOptions(file, options, settings, 'throw')).catch((error: unknown) => {
      // The start script it runs (found by an absolute path in the build context) is named as the user would type it.
      if (error instanceof InputError && error.path !== file) throw new InputError(error.reason, relative(process.cwd(), error.path).split('\\').join('/'), error.line);
      throw error;
    });
    result = { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.lines };
  } else {
    const fixed = await fixScript(source, settings, shellOptions(options));
    result = { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.script.lines };
  }
  const fixedBytes = result.changed ? encodeSource(source, result.text) : original;
  for (const finding of result.findingsAfter) {
    if (finding.severity === 'info' || finding.fix) continue;
    const f = resolveFinding(result.lines, finding);
    io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}] (not fixed automatically)\n`);
  }
  await showUnsafeSuggestions(file, source, result, settings, options, io);
  if (options.check) return result.changed ? EXIT_FINDINGS : EXIT_OK;
  if (options.diff) {
    const path = relative(process.cwd(), file).split('\\').join('/');
    // Loaded only here: the diff library is a noticeable part of start-up time for every other command.
    const { unifiedDiff } = await import('../report/diff.js');
    io.stdout(unifiedDiff(path, original.toString('utf8'), fixedBytes.toString('utf8')));
    if (newFiles.length > 0) io.stdout(await newFilesDiff(newFiles));
    return result.changed ? EXIT_FINDINGS : EXIT_OK;
  }
  if (options.write) {
    if (!result.changed) return EXIT_OK;
    // A file edited by someone else since we read it must not be overwritten with our stale copy.
    if (!readFileSync(file).equals(original)) throw new InputError('file changed while execwrap was fixing it; nothing written', file);
    await writeNewFiles(newFiles);
    await writeFileAtomic(file, fixedBytes, { force: options.force === true });
    io.stderr(`${file}: fixed (${result.findingsBefore.filter((f) => f.fix).length} finding(s))\n`);
    for (const created of newFiles) io.stderr(`${relative(process.cwd(), created.path)}: written (start script the fix mounts)\n`);
    return EXIT_OK;
  }
  io.stdout(fixedBytes);
  for (const created of newFiles) io.stderr(`note: the fix also writes ${relative(process.cwd(), created.path)} (with --write; --diff shows it)\n`);
  return EXIT_OK;
}

/**
 * Unsafe fixes that were not applied are shown on stderr (Ruff's habit): what each may change, and the diff
 * `--unsafe-fixes` would add to the output, so nothing is hidden and nothing is applied without asking.
 */
async function showUnsafeSuggestions(
  file: string,
  source: SourceFile,
  result: { text: string; findingsAfter: Finding[]; lines: LineIndex },
  settings: Settings,
  options: DockerFlags & ShellFlag,
  io: Io,
): Promise<void> {
  const unsafe = result.findingsAfter.filter((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  if (unsafe.length === 0) return;
  for (const finding of unsafe) {
    const f = resolveFinding(result.lines, finding);
    io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}] (unsafe fix not applied: --unsafe-fixes applies it)\n`);
  }
  const everything = { ...settings, unsafeFixes: true };
  const suggested = isManifestSource(file, source)
    ? (await (await import('../fix/manifest-fixer.js')).fixManifest(source, manifestOptions(everything, []))).text
    : isDockerfileName(file)
    ? (await (await import('../fix/dockerfile-fixer.js')).fixDockerfile(source, dockerOptions(file, options, everything, 'throw'))).text
    : (await fixScript(source, everything, shellOptions(options))).text;
  if (suggested === result.text) return;
  const { unifiedDiff } = await import('../report/diff.js');
  const path = relative(process.cwd(), file).split('\\').join('/');
  io.stderr(`suggested change (unsafe: may change more than the stop):\n${unifiedDiff(path, result.text, suggested)}`);
}

interface MigrateFlags extends ThresholdFlag, UnsafeFlag, ShellFlag, JobsFlag {
  write?: boolean;
  diff?: boolean;
  check?: boolean;
  force?: boolean;
  init?: InitChoice;
  format?: Format;
  context?: string;
  allScripts?: boolean;
  verbose?: boolean;
}

/**
 * Exit codes agree across the modes for the same repository: a dry run, `--diff`, `--check` and `--format` exit 1
 * when something would change or a file is not ok (as `check` would); `--write` exits with what a dry run
 * right after it would say (1 when something execwrap cannot fix is left). 2: a file could not be read or written.
 */
async function migrateCommand(dir: string, options: MigrateFlags, settings: Settings, io: Io): Promise<number> {
  const chosen = [options.write && '--write', options.diff && '--diff', options.check && '--check'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined`);
  if (options.force && !options.write) throw new UsageError('--force only applies to --write');
  const root = resolve(dir);
  if (!existsSync(root)) throw new InputError('no such file or directory', dir);
  if (!statSync(root).isDirectory()) throw new InputError('is not a directory (migrate walks a repository; `execwrap fix` takes one file)', dir);
  const { applyPlan, planMigration, summaryTable } = await import('./migrate.js');
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
    jobs: options.jobs ?? defaultJobs(),
    ...(options.context ? { context: resolve(options.context) } : {}),
    ...(options.shell ? { shell: shellFromFlag(options.shell) } : {}),
    ...(options.allScripts ? { allScripts: true } : {}),
    ...(bar ? { progress: bar.update } : {}),
  });
  bar?.stop();
  if (options.verbose) for (const file of sortedByPath(plan.skipped)) io.stderr(`execwrap: skipped ${file.path}: ${file.reason}\n`);
  const notWritten = options.write ? await applyPlan(plan, { force: options.force === true }) : [];
  const errors = [...plan.errors, ...notWritten];
  // The table names each file's problem; without it (--diff) each is printed here, once.
  if (options.diff) for (const error of errors) reportError(error, io);
  else io.stderr(summaryTable(plan.rows, options.write === true));
  if (options.write) {
    io.stderr(`${plan.changes.length - notWritten.length} file(s) changed\n`);
    if (plan.created.length > 0) io.stderr(`${plan.created.length} file(s) created\n`);
  } else if (options.format) {
    io.stdout(await renderReport(options.format, plan.checked, io, settings.unsafeFixes));
  } else if (printDiffs) {
    const { newFileDiff } = await import('../report/diff.js');
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

function reportError(error: unknown, io: Io): number {
  if (error instanceof InputError || error instanceof UsageError) {
    io.stderr(`execwrap: ${error.message}\n`);
    return EXIT_ERROR;
  }
  io.stderr(`execwrap: internal error: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT_ERROR;
}
