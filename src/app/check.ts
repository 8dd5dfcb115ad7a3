/**
 * `check`: which files to analyse (Dockerfiles first, so the scripts they run are read with their image's shell),
 * and their reports. Prints nothing: problems go to the caller's `events`.
 */
import { relative, resolve } from 'node:path';
import { isStricterShell } from '../shell/parse/shells.js';
import { isApplied } from '../core/model.js';
import { InputError, NotApplicableError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { analyzeScript, REPORT_SYNTAX_ERRORS, type AnalyzeOptions } from '../shell/analyze-script.js';
import { fixScript } from '../shell/fix-script.js';
import { isDockerfilePath } from '../dockerfile/analyze/names.js';
import { stdinKindOf } from '../manifest/analyze/detect.js';
import type { CheckedFile, FileReport, ReportedDockerfile, ReportedFile, ReportedScript } from '../report/file-report.js';
import { dockerOptions, type DockerFlags } from './docker-options.js';
import { expandPaths, readSource, type ExpandedPath, type SkippedFile } from './files.js';
import { checkManifestPath, isManifestPath, readStdin, STDIN_PATH } from './manifests.js';
import { createPool, defaultJobs, settled, type Settled } from './pool.js';
import { analyzeOnceFor, TASKS, type CheckedScript, type CheckShared, type FixTexts } from './tasks.js';
import { isStartScriptName } from './start-scripts.js';

export interface CheckOptions extends DockerFlags {
  /** How a script checked on its own is analysed (`--shell`). */
  alone: AnalyzeOptions;
  allScripts?: boolean;
  /** Work out what `fix` would write (sarif, markdown); `edits`: each fix's edits too (sarif). */
  fixes?: 'texts' | 'edits';
  /** Threads to share the files out over (default: one per core). */
  jobs?: number;
}

export interface CheckEvents {
  /** A file that could not be checked: printed as the CLI prints any input error. */
  error: (error: unknown) => void;
  /** A line for stderr (a note, or why a Dockerfile is not checked). */
  note: (text: string) => void;
}

export interface CheckResult {
  results: ReportedFile[];
  /** What `fix` would write, per report made in the pool (with `options.fixes`): see withFix. */
  fixes: Map<ReportedFile['report'], FixTexts>;
  skipped: SkippedFile[];
  /** A file could not be read or checked (exit 2). */
  failed: boolean;
  /** Worker threads that shared the files out with the main thread (`--verbose` says). */
  workers: number;
}


export async function checkPaths(paths: readonly string[], options: CheckOptions, settings: Settings, events: CheckEvents): Promise<CheckResult> {
  const skipped: SkippedFile[] = [];
  const files = expandPaths(paths, settings, skipped);
  const results: ReportedFile[] = [];
  // A Dockerfile is told by its name, or by its text for a data extension (read once here, not at every use).
  const dockerfileFiles = files.filter((f) => isDockerfilePath(f.path));
  const isDockerfile = new Set(dockerfileFiles.map((f) => f.path));
  // Manifests name images; a Dockerfile among the files checked may build one of them.
  const dockerfiles = dockerfileFiles.map((f) => resolve(f.path));
  const explicit = new Set(paths.map((p) => (p === STDIN_PATH ? p : resolve(p))));
  const listed = new Set(files.map((f) => resolve(f.path)));
  const alone: AnalyzeOptions = { ...REPORT_SYNTAX_ERRORS, ...options.alone };
  // Every runner (thread) analyses a script once per way it is run (alone, or by an image with its own /bin/sh).
  const shared: CheckShared = {
    runId: `${process.pid}-${++checkRuns}`,
    flags: { ...(options.init ? { init: options.init } : {}), ...(options.context ? { context: options.context } : {}) },
    settings,
    needsFixes: options.fixes !== undefined,
    needsEdits: options.fixes === 'edits',
    alone,
  };
  const analyzeOnce = analyzeOnceFor(shared);
  const fixes = new Map<ReportedFile['report'], FixTexts>();
  let failed = false;
  // Start scripts a Dockerfile runs that could not be read: their own error is printed where they are listed.
  const unreadable = new Set<string>();
  const fail = (error: unknown, path: string) => {
    if (!(error instanceof InputError)) throw error;
    failed = true;
    if (resolve(error.path) === resolve(path)) {
      events.error(error);
      return;
    }
    // A Dockerfile whose start script is unreadable: say which file is not checked, and why, once; the
    // script's own error is printed where the script itself is checked.
    const script = relative(process.cwd(), error.path).split('\\').join('/');
    events.note(`execwrap: ${path}: not checked: the start script it runs, ${script}, cannot be read${error.line ? ` (line ${error.line})` : ''}\n`);
    unreadable.add(resolve(error.path));
    if (!listed.has(resolve(error.path))) events.error(new InputError(error.reason, script, error.line));
  };
  // A walked file that is not what its name says (a template, a Python `start.sh`) is passed over with a note.
  const passOver = (error: unknown, file: ExpandedPath): boolean => {
    if (!(error instanceof NotApplicableError) || file.named || resolve(error.path) !== resolve(file.path)) return false;
    if (error.kind === 'template') events.note(`execwrap: note: ${file.path}: skipped: ${error.reason}\n`);
    else skipped.push({ path: file.path, reason: error.reason });
    return true;
  };

  // Dockerfiles first: the scripts they run are start scripts, and are read with the shell of their image.
  const pool = createPool(options.jobs ?? defaultJobs(), files.length);
  const dockerReports = new Map<string, ReportedDockerfile>();
  const runByImage = new Map<string, ReportedScript>();
  const workers = pool.workers;
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
          if (script.report && isStricterShell(script.report.script.shell, earlier?.script.shell)) runByImage.set(script.file, script.report);
        });
      } catch (error) {
        if (!passOver(error, file)) fail(error, file.path);
      }
    });
    // Scripts no Dockerfile here runs, checked alone: the ones the loop below analyses, worked out in the pool first.
    const aloneScripts = files.filter((file) => {
      const { path } = file;
      if (path === STDIN_PATH || isDockerfile.has(path) || isManifestPath(path) || runByImage.has(resolve(path))) return false;
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
      if (isDockerfile.has(path)) {
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
      const manifest = await checkManifestPath(path, settings, dockerfiles, explicit.has(path === STDIN_PATH ? path : resolve(path)), events.note);
      if (manifest === 'skipped') continue;
      if (manifest) {
        results.push(manifest);
        continue;
      }
      const checked = checkedScripts.get(path);
      // A script the pool checked was read there; any other file is read here, for its errors to come in order.
      const source = path === STDIN_PATH ? readStdin() : checked ? undefined : readSource(path);
      if (path === STDIN_PATH && stdinKindOf(source!.text) === 'dockerfile') {
        const { analyzeDockerfile } = await import('../dockerfile/analyze-dockerfile.js');
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
  return { results, fixes, skipped, failed, workers };
}

/**
 * What `fix` would make of a checked file, and what `--unsafe-fixes` would add when it is not given (a
 * suggestion); only the formats that show changes need it. `fix`: what the pool worked out with the report
 * (CheckResult.fixes); standard input and manifests are checked on the main thread, and fixed here.
 */
export async function withFix(file: ReportedFile, fix: FixTexts | undefined, options: DockerFlags, settings: Settings): Promise<CheckedFile> {
  if (fix) return { file, ...fix };
  const full = file as FileReport;
  const fixWith = async (chosen: Settings): Promise<string> => {
    // The same shell and build context the check used.
    if (full.type === 'script') return (await fixScript(full.report.script.source, chosen, { ...REPORT_SYNTAX_ERRORS, shell: full.report.script.shell })).text;
    if (full.type === 'manifest') {
      const { fixManifest } = await import('../manifest/fix-manifest.js');
      return (await fixManifest(full.report.source, { ...full.report.analyzed.options, settings: chosen })).text;
    }
    const { fixDockerfile } = await import('../dockerfile/fix-dockerfile.js');
    return (await fixDockerfile(full.report.source, dockerOptions(full.path, { ...options, context: full.report.context }, chosen, 'report'))).text;
  };
  const before = full.type === 'script' ? full.report.script.source.text : full.report.source.text;
  const after = await fixWith(settings);
  const hasUnsafe = file.report.findings.some((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  const suggested = hasUnsafe ? await fixWith({ ...settings, unsafeFixes: true }) : after;
  return { file, before, after, ...(suggested !== after ? { suggested } : {}) };
}

let checkRuns = 0;
