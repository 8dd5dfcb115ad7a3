import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { analyzeScript, disposeScriptReport, type FileStatus, type ScriptReport } from '../analyze/index.js';
import { isApplied, type Finding, type Fix } from '../analyze/model.js';
import type { Settings } from '../config/settings.js';
import type { CheckedFile } from '../report/file-report.js';
import { isDockerfileName, type InitChoice } from '../dockerfile/analyze.js';
import { InputError } from '../errors.js';
import { disposeDockerfileReport, fixDockerfile } from '../fix/dockerfile-fixer.js';
import { fixScript } from '../fix/fixer.js';
import { encodeSource } from '../parse/source.js';
import { analyzeScriptFile, looksLikeShellScript, readSource, writeFileAtomic } from './files.js';
import { walkRepository, type WalkedFile } from './walk.js';

export interface MigrateOptions {
  init: InitChoice;
  settings?: Settings;
  /** Called as Dockerfiles are done, for a progress display. */
  progress?: (done: number, total: number) => void;
  /** Keep every file's full report in `checked` (for `--format`); otherwise memory stays flat over big repositories. */
  keepReports?: boolean;
}

/** One line of the summary table: what migrate found in a file and what it did about it. */
export interface MigrateRow {
  file: string;
  kind: 'dockerfile' | 'script';
  launcher: string;
  status: FileStatus | 'error';
  action: string;
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
  changes: { file: WalkedFile; before: Buffer; after: Buffer }[];
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
  const plan: MigratePlan = { rows: [], checked: [], changes: [], errors: [], before: [], after: [] };
  // Per Dockerfile (its fix passes analyse the same scripts again); cleared after each, so trees can be freed.
  const reports = new Map<string, ScriptReport | undefined>();
  const analyzeCached = async (path: string): Promise<ScriptReport | undefined> => {
    if (!reports.has(path)) reports.set(path, await analyzeScriptFile(path, settings));
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
      const result = await fixDockerfile(source, { context: dirname(file.path), init: options.init, analyzeScript: analyzeCached, ...(settings ? { settings } : {}) });
      record(plan, file, source.bom, source.text, result.text, result.changed);
      plan.before.push(judged(result.before));
      plan.after.push(judged(result.after));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'dockerfile', report: result.before }, before: source.text, after: result.text });
      const launchers = result.before.scripts.map((s) => s.report?.launcher ?? '?');
      plan.rows.push({
        file: file.relative,
        kind: 'dockerfile',
        launcher: launchers.join(', ') || '-',
        status: result.before.status,
        action: describe(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes),
      });
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
        await planScript(plan, walked, 'fix', settings, keep);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      plan.errors.push(error);
      plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'error', action: `not changed: ${error.reason}` });
    }
  }

  options.progress?.(dockerfiles.length, dockerfiles.length);
  for (const file of files) {
    if (referenced.has(file.path) || isDockerfileName(file.relative)) continue;
    const name = file.relative.slice(file.relative.lastIndexOf('/') + 1);
    if (!ENTRYPOINT_NAME.test(name) || !looksLikeShellScript(file.path)) continue;
    await planScript(plan, file, 'check', settings, keep);
  }
  return plan;
}

async function planScript(plan: MigratePlan, file: WalkedFile, mode: 'fix' | 'check', settings: Settings | undefined, keep: boolean): Promise<void> {
  try {
    const source = readSource(file.path);
    if (mode === 'check') {
      const report = await analyzeScript(source, settings);
      plan.before.push(judged(report));
      plan.after.push(judged(report));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'script', report }, before: source.text, after: source.text });
      else disposeScriptReport(report);
      plan.rows.push({
        file: file.relative,
        kind: 'script',
        launcher: report.launcher,
        status: report.status,
        action: report.status === 'ok' ? 'unchanged (ok; no Dockerfile here runs it)' : 'not changed: no Dockerfile here runs it (`execwrap fix` it if it is an entrypoint)',
      });
      return;
    }
    const result = await fixScript(source, settings);
    record(plan, file, source.bom, source.text, result.text, result.changed);
    plan.before.push(judged(result.before));
    plan.after.push(judged(result.after));
    if (keep) plan.checked.push({ file: { path: file.relative, type: 'script', report: result.before }, before: source.text, after: result.text });
    plan.rows.push({
      file: file.relative,
      kind: 'script',
      launcher: result.before.launcher,
      status: result.before.status,
      action: describe(result.changed, result.before.findings, result.after.findings, settings?.unsafeFixes),
    });
    if (!keep) {
      disposeScriptReport(result.before);
      disposeScriptReport(result.after);
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    plan.errors.push(error);
    plan.rows.push({ file: file.relative, kind: 'script', launcher: '-', status: 'error', action: `not changed: ${error.reason}${error.line ? ` (line ${error.line})` : ''}` });
  }
}

function record(plan: MigratePlan, file: WalkedFile, bom: boolean, before: string, after: string, changed: boolean): void {
  if (!changed || before === after) return;
  plan.changes.push({ file, before: readFileSync(file.path), after: encodeSource({ bom }, after) });
}

function describe(changed: boolean, before: readonly Finding[], after: readonly Finding[], unsafeFixes: boolean | undefined): string {
  const rules = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))];
  const applied = (f: Finding): f is Finding & { fix: Fix } => f.fix !== undefined && isApplied(f.fix, unsafeFixes);
  const fixed = rules(before.filter(applied));
  const suggested = rules(after.filter((f) => f.fix && !applied(f)));
  const left = rules(after.filter((f) => f.severity === 'error' && !f.fix));
  const parts: string[] = [];
  if (changed) parts.push(`fixed ${fixed.join(' ')}`);
  if (suggested.length > 0) parts.push(`unsafe fix suggested: ${suggested.join(' ')} (--unsafe-fixes)`);
  if (left.length > 0) parts.push(`not fixed: ${left.join(' ')}`);
  return parts.join('; ') || 'unchanged (ok)';
}

/** The summary table for stderr: one row a file, columns padded to fit. */
export function summaryTable(rows: readonly MigrateRow[]): string {
  const header: MigrateRow = { file: 'FILE', kind: 'dockerfile', launcher: 'LAUNCHER', status: 'ok', action: 'ACTION' };
  const cells = (r: MigrateRow, isHeader = false) => [r.file, isHeader ? 'STATUS' : r.status, r.launcher, r.action];
  const table = [cells(header, true), ...rows.map((r) => cells(r))];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  return `${table.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()).join('\n')}\n`;
}

/** Applies a plan: atomic per file, modes kept; a file that changed since it was read is refused. */
export async function applyPlan(plan: MigratePlan): Promise<void> {
  for (const change of plan.changes) {
    const current = readFileSync(change.file.path);
    if (!current.equals(change.before)) throw new InputError('file changed while execwrap was planning; nothing written to it', change.file.path);
    await writeFileAtomic(change.file.path, change.after);
  }
}
