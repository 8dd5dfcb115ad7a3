/**
 * One file's part of a migration (a Dockerfile with the start scripts it runs, a script, a manifest): what `migrate`
 * finds and would change, as plain data a worker thread can send back (pool.ts). planMigration (migrate.ts) puts the
 * parts together in a fixed order.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { analyzeScript, REPORT_SYNTAX_ERRORS, type AnalyzeOptions, type FileStatus, type ScriptReport } from '../shell/analyze-script.js';
import { isApplied, type Finding, type Fix, type NewFile } from '../core/model.js';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings.js';
import type { CheckedFile } from '../report/file-report.js';
import type { InitChoice } from '../dockerfile/analyze-dockerfile.js';
import { InputError, NotApplicableError } from '../core/errors.js';
import { fixDockerfile } from '../dockerfile/fix-dockerfile.js';
import { fixScript } from '../shell/fix-script.js';
import { isStricterShell, type RunShell } from '../shell/parse/shells.js';
import { encodeSource, type LineIndex } from '../core/source.js';
import { ruleById } from '../registry/index.js';
import { contextCandidates } from './context.js';
import { analyzeScriptFile, readSource } from './files.js';
import { manifestOptions } from './manifests.js';
import type { WalkedFile } from './walk.js';

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

/**
 * A file migrate changes. `before`: a digest of the bytes read, to be written over (a file edited since is not
 * overwritten; empty when nothing is written);
 * `after`: the bytes to write (kept only when they will be written); `diff`: its unified diff (kept only until it is
 * printed, with `--diff` or a dry run).
 */
export interface PlannedChange {
  file: WalkedFile;
  row: MigrateRow;
  before: string;
  /** A Uint8Array once it has crossed from a worker thread. */
  after?: Uint8Array;
  diff?: string;
}

export interface MigratePlan {
  rows: MigrateRow[];
  /** Every file looked at, as reporters take it (paths relative to the root). */
  checked: CheckedFile[];
  changes: PlannedChange[];
  /** Files a fix creates (a start script next to a Compose file, with --unsafe-fixes), by absolute path. */
  created: { relative: string; file: NewFile }[];
  /** Files that could not be read (paths relative to the root, as in the table). */
  errors: InputError[];
  before: Judged[];
  after: Judged[];
  /** Files passed over, and why (`--verbose` lists them). */
  skipped: { path: string; reason: string }[];
  /** Worker threads that shared the files out with the main thread (`--verbose` says). */
  workers?: number;
}


/** What every part of a plan is made with. */
export interface PlanContext {
  root: string;
  settings?: Settings;
  /** Keep each file's report in `checked` (`--format`). */
  keep: boolean;
  /** What a change keeps: its bytes (to write them), its diff (to print it), or neither (`--check`). */
  output: 'write' | 'diff' | 'none';
  /** The diff library, loaded once where diffs are printed. */
  unifiedDiff?: (path: string, before: string, after: string) => string;
}

export function emptyPlan(): MigratePlan {
  return { rows: [], checked: [], changes: [], created: [], errors: [], before: [], after: [], skipped: [] };
}

/** Appends a part to a plan, in the order parts are given (the order a run on one thread makes them in). */
export function appendPlan(plan: MigratePlan, part: MigratePlan): void {
  for (const key of ['rows', 'checked', 'changes', 'created', 'errors', 'before', 'after', 'skipped'] as const) (plan[key] as unknown[]).push(...part[key]);
}

/** A file's bytes as migrate read them (node:crypto is loaded by the first change: a check does not need it). */
export function digest(bytes: Buffer): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** How the Dockerfile pass leaves a start script it runs: the shell its image reads it with, and the script's part. */
export interface ScriptOfImage {
  file: string;
  shell: RunShell;
  /** The script fixed with this image's shell, from the analysis the Dockerfile pass made (parsed once). */
  part: MigratePlan;
}

/**
 * A Dockerfile and the shell scripts its final stage runs, fixed together. Each script in `scripts` (those in
 * the repository: `inRepository`) is fixed right away from the analysis the Dockerfile made of it; planMigration
 * keeps, for a script several images run, the part made with the strictest shell.
 */
export async function planDockerfile(
  context: PlanContext,
  file: WalkedFile,
  options: { init: InitChoice; context?: string },
  inRepository: (path: string) => boolean,
): Promise<{ part: MigratePlan; scripts: ScriptOfImage[] }> {
  const { root, settings, keep } = context;
  const plan = emptyPlan();
  const scripts: ScriptOfImage[] = [];
  // Per Dockerfile (its fix passes analyse the same scripts again); dropped after it, so trees can be freed.
  const reports = new Map<string, ScriptReport | undefined>();
  const optionsOf = new Map<ScriptReport, AnalyzeOptions>();
  const analyzeCached = async (path: string, analyzeOptions?: AnalyzeOptions): Promise<ScriptReport | undefined> => {
    const key = `${path}\0${JSON.stringify(analyzeOptions ?? {})}`;
    if (!reports.has(key)) {
      const scriptOptions = { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions };
      const report = await analyzeScriptFile(path, settings, scriptOptions);
      if (report) optionsOf.set(report, scriptOptions);
      reports.set(key, report);
    }
    return reports.get(key);
  };
  try {
    const source = readSource(file.path);
    const buildContext = options.context ? { context: options.context } : { context: dirname(file.path), contextCandidates: contextCandidates(file.path, root) };
    const result = await fixDockerfile(source, {
      ...buildContext,
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
    record(context, plan, file, row, source.bom, source.text, result.text, result.changed);
    // Only shell scripts are fixed as scripts: a Python or Node start script is judged as the program PID 1 runs.
    const strictest = new Map<string, ScriptReport>();
    for (const script of result.before.scripts) {
      const earlier = strictest.get(script.file);
      if (script.report && inRepository(script.file) && isStricterShell(script.report.script.shell, earlier?.script.shell)) strictest.set(script.file, script.report);
    }
    for (const [path, report] of strictest) {
      const script = { file: path };
      const part = emptyPlan();
      await planScript(context, part, walked(root, script.file), 'fix', optionsOf.get(report) ?? { ...REPORT_SYNTAX_ERRORS, shell: report.script.shell }, report);
      scripts.push({ file: script.file, shell: report.script.shell, part });
    }
  } catch (error) {
    if (error instanceof NotApplicableError && resolve(error.path) === resolve(file.path)) {
      plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'skipped', fixes: [], suggested: [], left: [], notChanged: error.reason });
      return { part: plan, scripts };
    }
    if (!(error instanceof InputError)) throw error;
    const problem = relativeError(root, error);
    const notChanged = problem.path === file.relative ? problem.reason : `its start script ${problem.path} cannot be read (${problem.reason})`;
    plan.errors.push(problem.path === file.relative ? problem : new InputError(notChanged, file.relative));
    plan.rows.push({ file: file.relative, kind: 'dockerfile', launcher: '-', status: 'error', fixes: [], suggested: [], left: [], notChanged });
  }
  return { part: plan, scripts };
}

function walked(root: string, path: string): WalkedFile {
  return { path, relative: relative(root, path).split(sep).join('/') };
}

/** A Kubernetes manifest or Compose file: fixed like a script, with the repository's Dockerfiles to match its images. */
export async function planManifest(context: PlanContext, plan: MigratePlan, file: WalkedFile, dockerfiles: string[]): Promise<void> {
  const { root, settings, keep } = context;
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
    record(context, plan, file, row, source.bom, source.text, result.text, result.changed);
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

/**
 * A start script: fixed (`fix`: a Dockerfile here runs it; `analyzed`: the report that Dockerfile's pass made of it,
 * with `analyzeOptions`), or only checked (`check`: no Dockerfile runs it).
 */
export async function planScript(
  context: PlanContext,
  plan: MigratePlan,
  file: WalkedFile,
  mode: 'fix' | 'check',
  analyzeOptions: AnalyzeOptions,
  analyzed?: ScriptReport,
): Promise<void> {
  const { root, settings, keep } = context;
  try {
    const source = readSource(file.path);
    if (mode === 'check') {
      const report = await analyzeScript(source, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions });
      plan.before.push(judged(report));
      plan.after.push(judged(report));
      if (keep) plan.checked.push({ file: { path: file.relative, type: 'script', report }, before: source.text, after: source.text });
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
    const result = await fixScript(source, settings, { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions }, analyzed);
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
    record(context, plan, file, row, source.bom, source.text, result.text, result.changed);
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

function record(context: PlanContext, plan: MigratePlan, file: WalkedFile, row: MigrateRow, bom: boolean, beforeText: string, after: string, changed: boolean): void {
  if (!changed || beforeText === after) return;
  const before = readFileSync(file.path);
  const bytes = encodeSource({ bom }, after);
  plan.changes.push({
    file,
    row,
    before: context.output === 'write' ? digest(before) : '',
    ...(context.output === 'write' ? { after: bytes } : {}),
    ...(context.output === 'diff' && context.unifiedDiff ? { diff: context.unifiedDiff(file.relative, before.toString('utf8'), bytes.toString('utf8')) } : {}),
  });
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

