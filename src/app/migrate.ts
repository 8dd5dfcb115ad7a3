import { readFileSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { analyzeScript, disposeScriptReport, REPORT_SYNTAX_ERRORS, type AnalyzeOptions, type FileStatus, type ScriptReport } from '../shell/analyze-script.js';
import { isApplied, type Finding, type Fix, type NewFile } from '../core/model.js';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings.js';
import type { CheckedFile } from '../report/file-report.js';
import type { InitChoice } from '../dockerfile/analyze-dockerfile.js';
import { isDockerfileLookalike, isDockerfileName } from '../dockerfile/analyze/names.js';
import { InputError, NotApplicableError } from '../core/errors.js';
import { disposeDockerfileReport, fixDockerfile } from '../dockerfile/fix-dockerfile.js';
import { fixScript } from '../shell/fix-script.js';
import type { RunShell } from '../shell/parse/shells.js';
import { encodeSource, type LineIndex } from '../core/source.js';
import { ruleById } from '../registry/index.js';
import { contextCandidates } from './context.js';
import { analyzeScriptFile, looksLikeManifest, looksLikeShellScript, readSource, writeFileAtomic } from './files.js';
import { manifestOptions, writeNewFiles } from './manifests.js';
import { isStartScriptName } from './start-scripts.js';
import { walkRepository, type WalkedFile } from './walk.js';

export interface MigrateOptions {
  init: InitChoice;
  settings?: Settings;
  /** One build context for every Dockerfile (`--context`); by default each one's is inferred. */
  context?: string;
  /** The shell that runs a script no Dockerfile here runs (`--shell`). */
  shell?: RunShell;
  /** Check every shell script no Dockerfile runs, not only the ones named like an entrypoint (`--all-scripts`). */
  allScripts?: boolean;
  /** Called as Dockerfiles are done, for a progress display. */
  progress?: (done: number, total: number) => void;
  /** Keep every file's full report in `checked` (for `--format`); otherwise memory stays flat over big repositories. */
  keepReports?: boolean;
}

/** One line of the summary table: what migrate found in a file and what it does (or would do) about it. */
export interface MigrateRow {
  file: string;
  kind: 'dockerfile' | 'script' | 'manifest';
  launcher: string;
  /** `skipped`: a template whose FROM cannot be read, never edited by guess (`notChanged` says why). */
  status: FileStatus | 'error' | 'skipped';
  /** Rules whose fixes the change applies; empty when the file is not changed. */
  fixes: string[];
  /** Unsafe fixes not applied (without --unsafe-fixes): shown as suggestions. */
  suggested: string[];
  /** Error findings left after the change, that no fix would touch. */
  left: string[];
  /** Why the file is not changed, when that is more than "it is ok" (an error, a file no Dockerfile runs). */
  notChanged?: string;
}

/** The ACTION column: "would fix" in a dry run and under --check, "fixed" once written. */
export function actionText(row: MigrateRow, written: boolean): string {
  if (row.status === 'skipped') return `skipped: ${row.notChanged ?? ''}`;
  if (row.notChanged !== undefined) return `not changed: ${row.notChanged}`;
  const parts: string[] = [];
  if (row.fixes.length > 0) parts.push(`${written ? 'fixed' : 'would fix'} ${row.fixes.join(' ')}`);
  if (row.suggested.length > 0) parts.push(`unsafe fix suggested: ${row.suggested.join(' ')} (--unsafe-fixes)`);
  if (row.left.length > 0) parts.push(`not fixed: ${row.left.join(' ')}`);
  return parts.join('; ') || 'unchanged (ok)';
}

/** Enough of a file's analysis to decide an exit code: before the fix and after it. */
export interface Judged {
  status: FileStatus;
  findings: readonly Pick<Finding, 'rule' | 'severity'>[];
}

function judged(report: { status: FileStatus; findings: readonly Finding[] }): Judged {
  return { status: report.status, findings: report.findings.map((f) => ({ rule: f.rule, severity: f.severity })) };
}

export interface MigratePlan {
  rows: MigrateRow[];
  /** Every file looked at, as reporters take it (paths relative to the root). */
  checked: CheckedFile[];
  changes: { file: WalkedFile; before: Buffer; after: Buffer; row: MigrateRow }[];
  /** Files a fix creates (a start script next to a Compose file, with --unsafe-fixes), by absolute path. */
  created: { relative: string; file: NewFile }[];
  /** Files that could not be read (paths relative to the root, as in the table). */
  errors: InputError[];
  before: Judged[];
  after: Judged[];
  /** Files passed over, and why (`--verbose` lists them). */
  skipped: { path: string; reason: string }[];
}

/** How far up the shell strictness goes: a script several images run is fixed for the strictest of their shells. */
const STRICTNESS: Record<string, number> = { dash: 3, busybox: 2, 'bash-posix': 1, bash: 0 };

/**
 * Works out every change `migrate` would make in `root`, without writing anything: each Dockerfile with the
 * scripts its final stage runs (read with the shell its image runs them with), fixed together; scripts named like
 * an entrypoint that no Dockerfile runs are checked only; other scripts are start scripts of nothing and left out.
 */
export async function planMigration(root: string, options: MigrateOptions): Promise<MigratePlan> {
  const { settings } = options;
  const files = walkRepository(root, settings ? { base: settings.baseDir, patterns: settings.ignorePaths } : undefined);
  const plan: MigratePlan = { rows: [], checked: [], changes: [], created: [], errors: [], before: [], after: [], skipped: [] };
  // Per Dockerfile (its fix passes analyse the same scripts again); cleared after each, so trees can be freed.
  const reports = new Map<string, ScriptReport | undefined>();
  const analyzeCached = async (path: string, analyzeOptions?: AnalyzeOptions): Promise<ScriptReport | undefined> => {
    const key = `${path}\0${JSON.stringify(analyzeOptions ?? {})}`;
    if (!reports.has(key)) reports.set(key, await analyzeScriptFile(path, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions }));
    return reports.get(key);
  };
  const keep = options.keepReports === true;
  const byPath = new Map(files.map((f) => [f.path, f]));
  // Each start script a Dockerfile runs, with the shell its image reads it with (the strictest, if several do).
  const runByImage = new Map<string, RunShell>();

  const dockerfiles = files.filter((f) => isDockerfileName(f.relative));
  for (const [done, file] of dockerfiles.entries()) {
    options.progress?.(done, dockerfiles.length);
    try {
      const source = readSource(file.path);
      const context = options.context ? { context: options.context } : { context: dirname(file.path), contextCandidates: contextCandidates(file.path, root) };
      const result = await fixDockerfile(source, {
        ...context,
        init: options.init,
        analyzeScript: analyzeCached,
        syntaxErrors: 'report',
        ...(settings ? { settings } : {}),
      });
      plan.before.push(judged(result.before));
      plan.after.push(judged(result.after));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'dockerfile', report: result.before }, before: source.text, after: result.text });
      const launchers = result.before.scripts.map((s) => s.report?.launcher ?? (s.interpreter ? `${s.interpreter} script` : '?'));
      const row: MigrateRow = {
        file: file.relative,
        kind: 'dockerfile',
        launcher: launchers.join(', ') || '-',
        status: result.before.status,
        ...outcome(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes),
      };
      plan.rows.push(row);
      record(plan, file, row, source.bom, source.text, result.text, result.changed);
      // Only shell scripts are fixed as scripts: a Python or Node start script is judged as the program PID 1 runs.
      for (const script of result.before.scripts) {
        const shell = script.report?.script.shell;
        const earlier = runByImage.get(script.file);
        if (shell && byPath.has(script.file) && (!earlier || STRICTNESS[shell.name]! > STRICTNESS[earlier.name]!)) runByImage.set(script.file, shell);
      }
      if (!keep) {
        disposeDockerfileReport(result.before);
        disposeDockerfileReport(result.after);
      }
      reports.clear();
    } catch (error) {
      if (error instanceof NotApplicableError && resolve(error.path) === resolve(file.path)) {
        plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'skipped', fixes: [], suggested: [], left: [], notChanged: error.reason });
        continue;
      }
      if (!(error instanceof InputError)) throw error;
      const problem = relativeError(root, error);
      const notChanged = problem.path === file.relative ? problem.reason : `its start script ${problem.path} cannot be read (${problem.reason})`;
      plan.errors.push(problem.path === file.relative ? problem : new InputError(notChanged, file.relative));
      plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'error', fixes: [], suggested: [], left: [], notChanged });
    }
  }

  options.progress?.(dockerfiles.length, dockerfiles.length);
  for (const [path, shell] of runByImage) await planScript(plan, root, byPath.get(path)!, 'fix', settings, keep, { shell });
  // Each Dockerfile next to the scripts it runs, in path order, as a reviewer reads the diff.
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  plan.rows.sort(byFile);
  plan.changes.sort((a, b) => byFile({ file: a.file.relative }, { file: b.file.relative }));
  const manifestFiles = files.filter((f) => !isDockerfileName(f.relative) && looksLikeManifest(f.path));
  for (const file of manifestFiles) await planManifest(plan, root, file, dockerfiles.map((d) => d.path), settings, keep);
  const alone: AnalyzeOptions = options.shell ? { shell: options.shell } : {};
  for (const file of files) {
    if (runByImage.has(file.path) || isDockerfileName(file.relative)) continue;
    if (isDockerfileLookalike(file.relative)) {
      plan.skipped.push({ path: file.relative, reason: `not a Dockerfile: a ${extname(file.relative)} file` });
      continue;
    }
    if (looksLikeManifest(file.path) || !looksLikeShellScript(file.path)) continue;
    if (!options.allScripts && !isStartScriptName(file.relative)) {
      plan.skipped.push({ path: file.relative, reason: "not a start script: no Dockerfile here runs it and its name is not an entrypoint's (--all-scripts checks it)" });
      continue;
    }
    await planScript(plan, root, file, 'check', settings, keep, alone);
  }
  return plan;
}

/** A Kubernetes manifest or Compose file: fixed like a script, with the repository's Dockerfiles to match its images. */
async function planManifest(plan: MigratePlan, root: string, file: WalkedFile, dockerfiles: string[], settings: Settings | undefined, keep: boolean): Promise<void> {
  let text = '';
  try {
    const source = readSource(file.path);
    text = source.text;
    const { fixManifest } = await import('../manifest/fix-manifest.js');
    const result = await fixManifest(source, manifestOptions(settings ?? { ...DEFAULT_SETTINGS }, dockerfiles));
    const folder = file.relative.includes('/') ? file.relative.slice(0, file.relative.lastIndexOf('/') + 1) : '';
    for (const created of result.files) plan.created.push({ relative: `${folder}${created.path.slice(created.path.lastIndexOf('/') + 1)}`, file: created });
    plan.before.push(judged(result.before));
    plan.after.push(judged(result.after));
    if (keep) plan.checked.push({ file: { path: file.relative, type: 'manifest', report: result.before }, before: source.text, after: result.text });
    const launchers = [...new Set(result.before.containers.map((c) => c.launcher).filter((l) => l !== null))];
    const row: MigrateRow = {
      file: file.relative,
      kind: 'manifest',
      launcher: launchers.join(', ') || '-',
      status: result.before.status,
      ...outcome(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes, result.before.lines),
    };
    plan.rows.push(row);
    record(plan, file, row, source.bom, source.text, result.text, result.changed);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // An unrendered Helm template is not an error of the repository: there is nothing to fix before it is rendered.
    if (/\{\{/.test(text)) {
      plan.rows.push({ file: file.relative, kind: 'manifest', launcher: '-', status: 'ok', fixes: [], suggested: [], left: [], notChanged: 'an unrendered template (check its output: `helm template … | execwrap check -`)' });
      return;
    }
    const problem = relativeError(root, error);
    plan.errors.push(problem);
    plan.rows.push({ file: file.relative, kind: 'manifest', launcher: '-', status: 'error', fixes: [], suggested: [], left: [], notChanged: `${problem.reason}${problem.line ? ` (line ${problem.line})` : ''}` });
  }
}

async function planScript(
  plan: MigratePlan,
  root: string,
  file: WalkedFile,
  mode: 'fix' | 'check',
  settings: Settings | undefined,
  keep: boolean,
  analyzeOptions: AnalyzeOptions,
): Promise<void> {
  try {
    const source = readSource(file.path);
    if (mode === 'check') {
      const report = await analyzeScript(source, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions });
      plan.before.push(judged(report));
      plan.after.push(judged(report));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'script', report }, before: source.text, after: source.text });
      else disposeScriptReport(report);
      const unparsable = fatalNote(report.findings, report.script.lines);
      plan.rows.push({
        file: file.relative,
        kind: 'script',
        launcher: report.launcher,
        status: report.status,
        fixes: [],
        suggested: [],
        left: [],
        notChanged: unparsable ?? (report.status === 'ok' ? 'ok; no Dockerfile here runs it' : 'no Dockerfile here runs it (`execwrap fix` it if it is an entrypoint)'),
      });
      return;
    }
    const result = await fixScript(source, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions });
    plan.before.push(judged(result.before));
    plan.after.push(judged(result.after));
    if (keep) plan.checked.push({ file: { path: file.relative, type: 'script', report: result.before }, before: source.text, after: result.text });
    const row: MigrateRow = {
      file: file.relative,
      kind: 'script',
      launcher: result.before.launcher,
      status: result.before.status,
      ...outcome(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes, result.before.script.lines),
    };
    plan.rows.push(row);
    record(plan, file, row, source.bom, source.text, result.text, result.changed);
    if (!keep) {
      disposeScriptReport(result.before);
      disposeScriptReport(result.after);
    }
  } catch (error) {
    // A file named like an entrypoint that is not a shell script (`entrypoint.sh` with a python `#!` line).
    if (mode === 'check' && error instanceof NotApplicableError && resolve(error.path) === resolve(file.path)) {
      plan.skipped.push({ path: file.relative, reason: error.reason });
      return;
    }
    if (!(error instanceof InputError)) throw error;
    const problem = relativeError(root, error);
    plan.errors.push(problem);
    plan.rows.push({ file: file.relative, kind: 'script', launcher: '-', status: 'error', fixes: [], suggested: [], left: [], notChanged: `${problem.reason}${problem.line ? ` (line ${problem.line})` : ''}` });
  }
}


/** An error with its path relative to the walked root, as the table shows paths. */
function relativeError(root: string, error: InputError): InputError {
  const path = relative(root, resolve(error.path)).split(sep).join('/');
  return new InputError(error.reason, path, error.line);
}

function record(plan: MigratePlan, file: WalkedFile, row: MigrateRow, bom: boolean, before: string, after: string, changed: boolean): void {
  if (!changed || before === after) return;
  plan.changes.push({ file, row, before: readFileSync(file.path), after: encodeSource({ bom }, after) });
}

/** A finding that means the file was never checked (EW118, EW208), in words for the table; undefined when none. */
function fatalNote(findings: readonly Finding[], lines?: LineIndex): string | undefined {
  const fatal = findings.find((f) => ruleById(f.rule).fatal);
  if (!fatal) return undefined;
  if (fatal.rule === 'EW118') return lines ? `does not parse (line ${lines.position(fatal.start).line}, ${fatal.rule})` : `does not parse (${fatal.rule})`;
  return fatal.data.reason === 'no-from' ? `no FROM instruction (${fatal.rule})` : `its start script ${fatal.data.script} does not parse (${fatal.rule})`;
}

function outcome(
  changed: boolean,
  before: readonly Finding[],
  after: readonly Finding[],
  unsafeFixes: boolean | undefined,
  lines?: LineIndex,
): Pick<MigrateRow, 'fixes' | 'suggested' | 'left' | 'notChanged'> {
  const notChanged = fatalNote(before, lines);
  if (notChanged !== undefined) return { fixes: [], suggested: [], left: [], notChanged };
  const rules = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))];
  const applied = (f: Finding): f is Finding & { fix: Fix } => f.fix !== undefined && isApplied(f.fix, unsafeFixes);
  return {
    fixes: changed ? rules(before.filter(applied)) : [],
    suggested: rules(after.filter((f) => f.fix && !applied(f))),
    left: rules(after.filter((f) => f.severity === 'error' && !f.fix)),
  };
}

/** The summary table for stderr: one row a file, columns padded to fit; `written`: the changes were applied. */
export function summaryTable(rows: readonly MigrateRow[], written: boolean): string {
  const table = [['FILE', 'STATUS', 'LAUNCHER', 'ACTION'], ...rows.map((r) => [r.file, r.status, r.launcher, actionText(r, written)])];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  return `${table.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()).join('\n')}\n`;
}

/**
 * Applies a plan: atomic per file, modes kept. A file that changed since it was read, or that cannot be written
 * (permissions, read-only without `force`), is left as it was and returned as an error (its row says why); the
 * other files are still written.
 */
export async function applyPlan(plan: MigratePlan, options: { force?: boolean } = {}): Promise<InputError[]> {
  const failed: InputError[] = [];
  for (const change of plan.changes) {
    try {
      const current = readFileSync(change.file.path);
      if (!current.equals(change.before)) throw new InputError('changed while execwrap was planning; not written', change.file.path);
      await writeFileAtomic(change.file.path, change.after, options);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      change.row.fixes = [];
      change.row.suggested = [];
      change.row.left = [];
      change.row.notChanged = error.reason;
      failed.push(new InputError(error.reason, change.file.relative, error.line));
    }
  }
  try {
    await writeNewFiles(plan.created.map((c) => c.file));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    failed.push(error);
  }
  return failed;
}
