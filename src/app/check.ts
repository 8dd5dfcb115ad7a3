/**
 * `check`: which files to analyse (Dockerfiles first, so the scripts they run are read with their image's shell),
 * and their reports. Prints nothing: problems go to the caller's `events`.
 */
import { relative, resolve } from 'node:path';
import { isApplied } from '../core/model.js';
import { InputError, NotApplicableError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { analyzeScript, REPORT_SYNTAX_ERRORS, type AnalyzeOptions, type ScriptReport } from '../shell/analyze-script.js';
import { fixScript } from '../shell/fix-script.js';
import type { DockerfileReport } from '../dockerfile/analyze-dockerfile.js';
import { isDockerfileName } from '../dockerfile/analyze/names.js';
import { stdinKindOf } from '../manifest/analyze/detect.js';
import type { CheckedFile, FileReport } from '../report/file-report.js';
import { dockerOptions, type DockerFlags } from './docker-options.js';
import { analyzeScriptFile, expandPaths, readSource, type ExpandedPath, type SkippedFile } from './files.js';
import { checkManifestPath, readStdin, STDIN_PATH } from './manifests.js';
import { isStartScriptName } from './start-scripts.js';

export interface CheckOptions extends DockerFlags {
  /** How a script checked on its own is analysed (`--shell`). */
  alone: AnalyzeOptions;
  allScripts?: boolean;
}

export interface CheckEvents {
  /** A file that could not be checked: printed as the CLI prints any input error. */
  error: (error: unknown) => void;
  /** A line for stderr (a note, or why a Dockerfile is not checked). */
  note: (text: string) => void;
}

export interface CheckResult {
  results: FileReport[];
  skipped: SkippedFile[];
  /** A file could not be read or checked (exit 2). */
  failed: boolean;
}

/** How far up a tree the shell strictness goes: a script several images run is reported under the strictest. */
const STRICTNESS: Record<string, number> = { dash: 3, busybox: 2, 'bash-posix': 1, bash: 0 };

export async function checkPaths(paths: readonly string[], options: CheckOptions, settings: Settings, events: CheckEvents): Promise<CheckResult> {
  const skipped: SkippedFile[] = [];
  const files = expandPaths(paths, settings, skipped);
  const results: FileReport[] = [];
  // Manifests name images; a Dockerfile among the files checked may build one of them.
  const dockerfiles = files.filter((f) => isDockerfileName(f.path)).map((f) => resolve(f.path));
  const explicit = new Set(paths.map((p) => (p === STDIN_PATH ? p : resolve(p))));
  const listed = new Set(files.map((f) => resolve(f.path)));
  const alone: AnalyzeOptions = { ...REPORT_SYNTAX_ERRORS, ...options.alone };
  // A script is analysed once per way it is run (alone, or by an image with its own /bin/sh).
  const analyses = new Map<string, ScriptReport | undefined>();
  const analyzeOnce = async (file: string, analyzeOptions: AnalyzeOptions = {}) => {
    const key = `${resolve(file)}\0${JSON.stringify(analyzeOptions)}`;
    if (!analyses.has(key)) analyses.set(key, await analyzeScriptFile(file, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions }));
    return analyses.get(key);
  };
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
  const dockerReports = new Map<string, DockerfileReport>();
  const runByImage = new Map<string, ScriptReport>();
  for (const file of files.filter((f) => isDockerfileName(f.path))) {
    try {
      // The Dockerfile parser is loaded only when there is a Dockerfile: a script check starts faster without it.
      const { analyzeDockerfile } = await import('../dockerfile/analyze-dockerfile.js');
      const report = await analyzeDockerfile(readSource(file.path), dockerOptions(file.path, options, settings, 'report', analyzeOnce, file.root));
      dockerReports.set(file.path, report);
      for (const script of report.scripts) {
        const earlier = runByImage.get(script.file);
        if (script.report && (!earlier || STRICTNESS[script.report.script.shell.name]! > STRICTNESS[earlier.script.shell.name]!)) runByImage.set(script.file, script.report);
      }
    } catch (error) {
      if (!passOver(error, file)) fail(error, file.path);
    }
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
      const manifest = await checkManifestPath(path, settings, dockerfiles, explicit.has(path === STDIN_PATH ? path : resolve(path)), events.note);
      if (manifest === 'skipped') continue;
      if (manifest) {
        results.push(manifest);
        continue;
      }
      const source = path === STDIN_PATH ? readStdin() : readSource(path);
      if (path === STDIN_PATH && stdinKindOf(source.text) === 'dockerfile') {
        const { analyzeDockerfile } = await import('../dockerfile/analyze-dockerfile.js');
        results.push({ path, type: 'dockerfile', report: await analyzeDockerfile(source, dockerOptions(path, options, settings, 'report', analyzeOnce)) });
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
      results.push({ path, type: 'script', report: await analyzeScript(source, settings, alone) });
    } catch (error) {
      if (!passOver(error, file)) fail(error, path);
    }
  }
  return { results, skipped, failed };
}

/**
 * What `fix` would make of a checked file, and what `--unsafe-fixes` would add when it is not given (a
 * suggestion); only the formats that show changes need it.
 */
export async function withFix(file: FileReport, options: DockerFlags, settings: Settings): Promise<CheckedFile> {
  const fixWith = async (chosen: Settings): Promise<string> => {
    // The same shell and build context the check used.
    if (file.type === 'script') return (await fixScript(file.report.script.source, chosen, { ...REPORT_SYNTAX_ERRORS, shell: file.report.script.shell })).text;
    if (file.type === 'manifest') {
      const { fixManifest } = await import('../manifest/fix-manifest.js');
      return (await fixManifest(file.report.source, { ...file.report.analyzed.options, settings: chosen })).text;
    }
    const { fixDockerfile } = await import('../dockerfile/fix-dockerfile.js');
    return (await fixDockerfile(file.report.source, dockerOptions(file.path, { ...options, context: file.report.context }, chosen, 'report'))).text;
  };
  const before = file.type === 'script' ? file.report.script.source.text : file.report.source.text;
  const after = await fixWith(settings);
  const hasUnsafe = file.report.findings.some((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  const suggested = hasUnsafe ? await fixWith({ ...settings, unsafeFixes: true }) : after;
  return { file, before, after, ...(suggested !== after ? { suggested } : {}) };
}

