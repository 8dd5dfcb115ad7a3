import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { AnalyzeOptions } from '../shell/analyze-script.js';
import type { Settings } from '../core/settings.js';
import type { InitChoice } from '../dockerfile/analyze-dockerfile.js';
import { isDockerfileLookalike, isDockerfilePath } from '../dockerfile/analyze/names.js';
import { InputError } from '../core/errors.js';
import { isStricterShell, type RunShell } from '../shell/parse/shells.js';
import { looksLikeManifest, looksLikeShellScript, writeFileAtomic } from './files.js';
import { writeNewFiles } from './manifests.js';
import { actionText, appendPlan, digest, emptyPlan, planManifest, type MigratePlan, type MigrateRow, type PlanContext, type ScriptOfImage } from './migrate-plan.js';
import { createPool, defaultJobs, settled } from './pool.js';
import { isStartScriptName } from './start-scripts.js';
import { TASKS } from './tasks.js';
import { walkRepository, type WalkedFile } from './walk.js';

export { actionText, type Judged, type MigratePlan, type MigrateRow } from './migrate-plan.js';

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
  /** With keepReports: SARIF shows each fix's edits, which a worker then works out before it frees the trees. */
  keepEdits?: boolean;
  /**
   * What each change keeps: `write` (the default) its bytes, for applyPlan; `diff` its unified diff, handed to
   * `print` as soon as every change before it in path order is known, then dropped; `none` neither (`--check`).
   */
  output?: PlanContext['output'];
  print?: (text: string) => void;
  /** Threads to use (`--jobs`; default: one per core). */
  jobs?: number;
}

/**
 * Works out every change `migrate` would make in `root`, without writing anything: each Dockerfile with the
 * scripts its final stage runs (read with the shell its image runs them with), fixed together; scripts named like
 * an entrypoint that no Dockerfile runs are checked only; other scripts are start scripts of nothing and left out.
 * The files are shared out over `jobs` threads; the plan is the same whatever their number.
 */
export async function planMigration(root: string, options: MigrateOptions): Promise<MigratePlan> {
  const { settings } = options;
  const files = walkRepository(root, settings ? { base: settings.baseDir, patterns: settings.ignorePaths } : undefined);
  const plan = emptyPlan();
  const output = options.output ?? 'write';
  const keep = options.keepReports === true;
  const dockerfiles = files.filter((f) => isDockerfilePath(f.path));
  const isDockerfile = new Set(dockerfiles); // told by name, or by text for a data extension: read once
  const alone: AnalyzeOptions = options.shell ? { shell: options.shell } : {};
  // The other files, sorted once: manifests, scripts to check if no Dockerfile runs them, and files passed over.
  const manifestFiles: WalkedFile[] = [];
  const aloneScripts: WalkedFile[] = [];
  const passedOver: { file: WalkedFile; reason: string; unlessRun?: true }[] = [];
  for (const file of files) {
    if (isDockerfile.has(file)) continue;
    if (isDockerfileLookalike(file.relative)) passedOver.push({ file, reason: `not a Dockerfile: a ${extname(file.relative)} file` });
    else if (looksLikeManifest(file.path)) manifestFiles.push(file);
    else if (!looksLikeShellScript(file.path)) continue;
    else if (options.allScripts || isStartScriptName(file.relative)) aloneScripts.push(file);
    else passedOver.push({ file, reason: "not a start script: no Dockerfile here runs it and its name is not an entrypoint's (--all-scripts checks it)", unlessRun: true });
  }
  const pool = createPool(options.jobs ?? defaultJobs(), dockerfiles.length + aloneScripts.length);
  plan.workers = pool.workers;
  try {
    const shared = {
      root,
      ...(settings ? { settings } : {}),
      keep,
      needsEdits: options.keepEdits === true,
      output,
      init: options.init,
      ...(options.context ? { context: options.context } : {}),
      walked: files.map((f) => f.path),
    };
    options.progress?.(0, dockerfiles.length);
    const planned = await pool.run(TASKS.migrateDockerfile, shared, dockerfiles, options.progress);
    // Each start script a Dockerfile runs, fixed with the shell the strictest image reads it with (the first such image).
    const runByImage = new Map<string, ScriptOfImage>();
    for (const result of planned) {
      const { part, scripts } = settled(result);
      appendPlan(plan, part);
      for (const script of scripts) {
        const earlier = runByImage.get(script.file);
        if (isStricterShell(script.shell, earlier?.shell)) runByImage.set(script.file, script);
      }
    }
    options.progress?.(dockerfiles.length, dockerfiles.length);
    for (const script of runByImage.values()) appendPlan(plan, script.part);
    // Each Dockerfile next to the scripts it runs, in path order, as a reviewer reads the diff.
    const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    plan.rows.sort(byFile);
    plan.changes.sort((a, b) => byFile({ file: a.file.relative }, { file: b.file.relative }));
    printDiffs(plan, options.print);
    const context: PlanContext = { root, ...(settings ? { settings } : {}), keep, output, ...(output === 'diff' ? { unifiedDiff: (await import('../report/diff.js')).unifiedDiff } : {}) };
    for (const file of manifestFiles) {
      await planManifest(context, plan, file, dockerfiles.map((d) => d.path));
      printDiffs(plan, options.print);
    }
    for (const { file, reason, unlessRun } of passedOver) if (!unlessRun || !runByImage.has(file.path)) plan.skipped.push({ path: file.relative, reason });
    const checkOnly = aloneScripts.filter((file) => !runByImage.has(file.path));
    for (const result of await pool.run(TASKS.migrateScript, { ...shared, options: alone }, checkOnly)) appendPlan(plan, settled(result));
  } finally {
    await pool.close();
  }
  return plan;
}

/** Hands each change's diff to `print` and drops it: the diff is not kept for the whole run. */
function printDiffs(plan: MigratePlan, print: ((text: string) => void) | undefined): void {
  if (!print) return;
  for (const change of plan.changes) {
    if (change.diff === undefined) continue;
    print(change.diff);
    delete change.diff;
  }
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
      if (digest(current) !== change.before || !change.after) throw new InputError('changed while execwrap was planning; not written', change.file.path);
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
