import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { analyzeScript, disposeScriptReport, REPORT_SYNTAX_ERRORS, type FileStatus, type ScriptReport } from '../analyze/index.js';
import { isApplied, type Finding, type Fix, type NewFile } from '../analyze/model.js';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings.js';
import type { CheckedFile } from '../report/file-report.js';
import { isDockerfileName, type InitChoice } from '../dockerfile/analyze.js';
import { InputError } from '../errors.js';
import { disposeDockerfileReport, fixDockerfile } from '../fix/dockerfile-fixer.js';
import { fixScript } from '../fix/fixer.js';
import { encodeSource, type LineIndex } from '../parse/source.js';
import { ruleById } from '../rules.js';
import { analyzeScriptFile, looksLikeManifest, looksLikeShellScript, readSource, writeFileAtomic } from './files.js';
import { manifestOptions, writeNewFiles } from './manifests.js';
import { walkRepository, type WalkedFile } from './walk.js';

export interface MigrateOptions {
  init: InitChoice;
  settings?: Settings;
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
  status: FileStatus | 'error';
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
}

/** Names that mark a script as a container entrypoint even when no Dockerfile here runs it. */
const ENTRYPOINT_NAME = /(^|[-_.])(entrypoint|start|run|boot|launch|init|serve|startup)([-_.]|$)/i;

/**
 * Works out every change `migrate` would make in `root`, without writing anything: each Dockerfile with the
 * scripts its final stage runs, fixed together; entrypoint-looking scripts no Dockerfile runs are checked only.
 */
export async function planMigration(root: string, options: MigrateOptions): Promise<MigratePlan> {
  const { settings } = options;
  const files = walkRepository(root, settings ? { base: settings.baseDir, patterns: settings.ignorePaths } : undefined);
  const plan: MigratePlan = { rows: [], checked: [], changes: [], created: [], errors: [], before: [], after: [] };
  // Per Dockerfile (its fix passes analyse the same scripts again); cleared after each, so trees can be freed.
  const reports = new Map<string, ScriptReport | undefined>();
  const analyzeCached = async (path: string): Promise<ScriptReport | undefined> => {
    if (!reports.has(path)) reports.set(path, await analyzeScriptFile(path, settings, REPORT_SYNTAX_ERRORS));
    return reports.get(path);
  };
  const keep = options.keepReports === true;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const referenced = new Set<string>();

  const dockerfiles = files.filter((f) => isDockerfileName(f.relative));
  for (const [done, file] of dockerfiles.entries()) {
    options.progress?.(done, dockerfiles.length);
    try {
      const source = readSource(file.path);
      const result = await fixDockerfile(source, {
        context: dirname(file.path),
        init: options.init,
        analyzeScript: analyzeCached,
        syntaxErrors: 'report',
        ...(settings ? { settings } : {}),
      });
      plan.before.push(judged(result.before));
      plan.after.push(judged(result.after));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'dockerfile', report: result.before }, before: source.text, after: result.text });
      const launchers = result.before.scripts.map((s) => s.report?.launcher ?? '?');
      const row: MigrateRow = {
        file: file.relative,
        kind: 'dockerfile',
        launcher: launchers.join(', ') || '-',
        status: result.before.status,
        ...outcome(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes),
      };
      plan.rows.push(row);
      record(plan, file, row, source.bom, source.text, result.text, result.changed);
      const scripts = result.before.scripts.map((s) => s.file);
      if (!keep) {
        disposeDockerfileReport(result.before);
        disposeDockerfileReport(result.after);
      }
      reports.clear();
      for (const script of scripts) {
        const walked = byPath.get(script);
        if (!walked || referenced.has(walked.path)) continue;
        referenced.add(walked.path);
        await planScript(plan, root, walked, 'fix', settings, keep);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const problem = relativeError(root, error);
      const notChanged = problem.path === file.relative ? problem.reason : `its start script ${problem.path} cannot be read (${problem.reason})`;
      plan.errors.push(problem.path === file.relative ? problem : new InputError(notChanged, file.relative));
      plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'error', fixes: [], suggested: [], left: [], notChanged });
    }
  }

  options.progress?.(dockerfiles.length, dockerfiles.length);
  const manifestFiles = files.filter((f) => !isDockerfileName(f.relative) && looksLikeManifest(f.path));
  for (const file of manifestFiles) await planManifest(plan, root, file, dockerfiles.map((d) => d.path), settings, keep);
  for (const file of files) {
    if (referenced.has(file.path) || isDockerfileName(file.relative)) continue;
    const name = file.relative.slice(file.relative.lastIndexOf('/') + 1);
    if (!ENTRYPOINT_NAME.test(name) || !looksLikeShellScript(file.path)) continue;
    await planScript(plan, root, file, 'check', settings, keep);
  }
  return plan;
}

/** A Kubernetes manifest or Compose file: fixed like a script, with the repository's Dockerfiles to match its images. */
async function planManifest(plan: MigratePlan, root: string, file: WalkedFile, dockerfiles: string[], settings: Settings | undefined, keep: boolean): Promise<void> {
  let text = '';
  try {
    const source = readSource(file.path);
    text = source.text;
    const { fixManifest } = await import('../fix/manifest-fixer.js');
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

async function planScript(plan: MigratePlan, root: string, file: WalkedFile, mode: 'fix' | 'check', settings: Settings | undefined, keep: boolean): Promise<void> {
  try {
    const source = readSource(file.path);
    if (mode === 'check') {
      const report = await analyzeScript(source, settings, REPORT_SYNTAX_ERRORS);
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
    const result = await fixScript(source, settings, REPORT_SYNTAX_ERRORS);
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
