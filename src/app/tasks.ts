/**
 * The work `check` and `migrate` share out over threads (pool.ts), one file a task: the same functions run on the
 * main thread and in workers, so one code path makes every output; `plain` strips what a worker sends back down to
 * what reporters read.
 */
import { resolve } from 'node:path';
import { analyzeScript, REPORT_SYNTAX_ERRORS, type AnalyzeOptions, type ScriptReport } from '../shell/analyze-script.js';
import { isApplied, type Finding } from '../core/model.js';
import type { Settings } from '../core/settings.js';
import type { DockerfileOptions, InitChoice } from '../dockerfile/analyze-dockerfile.js';
import { fixScript } from '../shell/fix-script.js';
import type { ReportedDockerfile, ReportedScript } from '../report/file-report.js';
import { dockerOptions, type DockerFlags } from './docker-options.js';
import { analyzeScriptFile, readSource } from './files.js';
import { planDockerfile, planScript, emptyPlan, type MigratePlan, type PlanContext, type ScriptOfImage } from './migrate-plan.js';
import { plainChecked, plainDockerfile, plainScript, reviveDockerfile, reviveFile, reviveScript } from './plain.js';
import type { Task } from './pool.js';
import type { WalkedFile } from './walk.js';

/** What `fix` would make of a file, and what `--unsafe-fixes` would add when it is not given (sarif, markdown). */
export interface FixTexts {
  before: string;
  after: string;
  suggested?: string;
}

async function fixTexts(before: string, findings: readonly Finding[], settings: Settings, fixWith: (chosen: Settings) => Promise<string>): Promise<FixTexts> {
  const after = await fixWith(settings);
  const hasUnsafe = findings.some((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  const suggested = hasUnsafe ? await fixWith({ ...settings, unsafeFixes: true }) : after;
  return { before, after, ...(suggested !== after ? { suggested } : {}) };
}

/**
 * One runner's memory of a run (a command): each start script analysed once per way it is run, whichever
 * Dockerfiles run it; the options each report was made with, so its fix reads the file no second time.
 */
interface RunMemory {
  runId: string;
  reports: Map<string, Promise<ScriptReport | undefined>>;
  keyOf: WeakMap<ScriptReport, { key: string; options: AnalyzeOptions }>;
}
let memory: RunMemory | undefined;

function runMemory(runId: string): RunMemory {
  if (memory?.runId !== runId) memory = { runId, reports: new Map(), keyOf: new WeakMap() };
  return memory;
}

const keyOf = (file: string, options: AnalyzeOptions) => `${resolve(file)}\0${JSON.stringify(options)}`;

export interface CheckShared {
  /** Names the run: a runner's memory of reports is for one run only. */
  runId: string;
  flags: DockerFlags;
  settings: Settings;
  /** sarif and markdown show what `fix` would write. */
  needsFixes: boolean;
  /** SARIF shows each fix's edits (other reporters only that there is a fix). */
  needsEdits: boolean;
  /** How a script no Dockerfile runs is analysed (`--shell`). */
  alone: AnalyzeOptions;
}

/** A Dockerfile's check: its report, its fix, and the fix of each start script it runs (by `report.scripts` index). */
export interface CheckedDockerfile {
  report: ReportedDockerfile;
  fix?: FixTexts;
  scriptFixes: (FixTexts | undefined)[];
}

/** The analysis `check` makes of a start script as a Dockerfile runs it (check's analyzeOnce). */
export function analyzeOnceFor(shared: Pick<CheckShared, 'runId' | 'settings'>): DockerfileOptions['analyzeScript'] {
  const run = runMemory(shared.runId);
  return async (file, analyzeOptions = {}) => {
    const key = keyOf(file, analyzeOptions);
    let report = run.reports.get(key);
    if (!report) {
      const options = { ...REPORT_SYNTAX_ERRORS, ...analyzeOptions };
      report = analyzeScriptFile(file, shared.settings, options).then((made) => {
        if (made) run.keyOf.set(made, { key, options });
        return made;
      });
      run.reports.set(key, report);
    }
    return report;
  };
}

async function scriptFix(report: ScriptReport, settings: Settings, options: AnalyzeOptions): Promise<FixTexts> {
  const source = report.script.source;
  return fixTexts(source.text, report.findings, settings, async (chosen) => (await fixScript(source, chosen, options, report)).text);
}

async function checkDockerfile(shared: CheckShared, input: { path: string; root?: string }): Promise<CheckedDockerfile> {
  const { analyzeDockerfile } = await import('../dockerfile/analyze-dockerfile.js');
  const { fixDockerfile } = await import('../dockerfile/fix-dockerfile.js');
  const run = runMemory(shared.runId);
  const report = await analyzeDockerfile(readSource(input.path), dockerOptions(input.path, shared.flags, shared.settings, 'report', analyzeOnceFor(shared), input.root));
  if (!shared.needsFixes) return { report, scriptFixes: [] };
  // The fix passes read the scripts this report holds from it; any other analysis is their own.
  const handed = new Map<string, ScriptReport>();
  for (const script of report.scripts) if (script.report && run.keyOf.has(script.report)) handed.set(run.keyOf.get(script.report)!.key, script.report);
  const fixOptions = (chosen: Settings) =>
    dockerOptions(input.path, { ...shared.flags, context: report.context }, chosen, 'report', async (file, analyzeOptions = {}) => {
      return handed.get(keyOf(file, analyzeOptions)) ?? analyzeScriptFile(file, chosen, { ...analyzeOptions, syntaxErrors: 'report' });
    });
  const fix = await fixTexts(report.source.text, report.findings, shared.settings, async (chosen) => (await fixDockerfile(report.source, fixOptions(chosen), report)).text);
  const scriptFixes: (FixTexts | undefined)[] = [];
  for (const script of report.scripts) {
    const made = script.report ? run.keyOf.get(script.report) : undefined;
    scriptFixes.push(script.report ? await scriptFix(script.report, shared.settings, made?.options ?? { ...REPORT_SYNTAX_ERRORS, shell: script.report.script.shell }) : undefined);
  }
  return { report, fix, scriptFixes };
}

export interface CheckedScript {
  report: ReportedScript;
  fix?: FixTexts;
}

async function checkScript(shared: CheckShared, input: { path: string }): Promise<CheckedScript> {
  const report = await analyzeScript(readSource(input.path), shared.settings, { ...REPORT_SYNTAX_ERRORS, ...shared.alone });
  if (!shared.needsFixes) return { report };
  return { report, fix: await scriptFix(report, shared.settings, { ...REPORT_SYNTAX_ERRORS, ...shared.alone }) };
}

export interface MigrateShared extends Omit<PlanContext, 'unifiedDiff'> {
  /** See CheckShared. */
  needsEdits: boolean;
  init: InitChoice;
  context?: string;
  /** Every file of the repository walk: the start scripts a Dockerfile runs that migrate may change. */
  walked: string[];
}

let inRepository: { walked: string[]; set: Set<string> } | undefined;
let diffLibrary: PlanContext['unifiedDiff'] | undefined;

async function planContext(shared: MigrateShared): Promise<PlanContext> {
  if (shared.output === 'diff') diffLibrary ??= (await import('../report/diff.js')).unifiedDiff;
  return { ...shared, ...(shared.output === 'diff' ? { unifiedDiff: diffLibrary! } : {}) };
}

async function migrateDockerfile(shared: MigrateShared, file: WalkedFile): Promise<{ part: MigratePlan; scripts: ScriptOfImage[] }> {
  if (inRepository?.walked !== shared.walked) inRepository = { walked: shared.walked, set: new Set(shared.walked) };
  const files = inRepository.set;
  return planDockerfile(await planContext(shared), file, { init: shared.init, ...(shared.context ? { context: shared.context } : {}) }, (path) => files.has(path));
}

async function migrateScript(shared: MigrateShared & { options: AnalyzeOptions }, file: WalkedFile): Promise<MigratePlan> {
  const part = emptyPlan();
  await planScript(await planContext(shared), part, file, 'check', shared.options);
  return part;
}

/** A part as a worker sends it: its reports as only what reporters read. */
function plainPart(part: MigratePlan, withEdits: boolean): MigratePlan {
  return { ...part, checked: part.checked.map((file) => plainChecked(file, withEdits)) };
}

function revivePart(part: MigratePlan): MigratePlan {
  for (const checked of part.checked) reviveFile(checked.file);
  return part;
}

export const TASKS = {
  checkDockerfile: {
    name: 'checkDockerfile',
    run: checkDockerfile,
    plain: (output, shared) => ({ ...output, report: plainDockerfile(output.report, shared.needsEdits) }),
    revive: (output) => ({ ...output, report: reviveDockerfile(output.report) }),
  } satisfies Task<CheckShared, { path: string; root?: string }, CheckedDockerfile>,
  checkScript: {
    name: 'checkScript',
    run: checkScript,
    plain: (output, shared) => ({ ...output, report: plainScript(output.report, shared.needsEdits) }),
    revive: (output) => ({ ...output, report: reviveScript(output.report) }),
  } satisfies Task<CheckShared, { path: string }, CheckedScript>,
  migrateDockerfile: {
    name: 'migrateDockerfile',
    run: migrateDockerfile,
    plain: (output, shared) => ({ part: plainPart(output.part, shared.needsEdits), scripts: output.scripts.map((s) => ({ ...s, part: plainPart(s.part, shared.needsEdits) })) }),
    revive: (output) => ({ part: revivePart(output.part), scripts: output.scripts.map((s) => ({ ...s, part: revivePart(s.part) })) }),
  } satisfies Task<MigrateShared, WalkedFile, { part: MigratePlan; scripts: ScriptOfImage[] }>,
  migrateScript: {
    name: 'migrateScript',
    run: migrateScript,
    plain: (part, shared) => plainPart(part, shared.needsEdits),
    revive: revivePart,
  } satisfies Task<MigrateShared & { options: AnalyzeOptions }, WalkedFile, MigratePlan>,
};

export function taskNamed(name: string): Task<unknown, unknown, unknown> {
  const task = (TASKS as Record<string, unknown>)[name];
  if (!task) throw new Error(`no task named ${name}`);
  return task as Task<unknown, unknown, unknown>;
}
