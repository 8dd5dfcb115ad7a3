import { readLineIgnores } from '../core/ignores.js';
import { runRules, sortFindings } from '../core/rule-runner.js';
import { EW100, unknownIgnoreIds } from '../shell/rules/EW100-unknown-ignore.js';
import { applyRuleSettings } from '../core/settings.js';
import { statusOf, type FileStatus, type ScriptReport, SCRIPT_RULE_IDS } from '../shell/analyze-script.js';
import { findingOf, type Finding } from '../core/model.js';
import { InputError } from '../core/errors.js';
import { LineIndex, type SourceFile } from '../core/source.js';
import { baseImageInfo, imageShell, packageManagerOfRun, parseImageRef, type PackageManager } from './analyze/images.js';
import { chooseContext } from './analyze/context.js';
import { analyzePid1, resolveChain, type ChainState } from './analyze/launch.js';
import type { AnalyzedDockerfile, DockerfileOptions, ResolvedScript } from './analyze/model.js';
import { parseDockerfile, type Stage } from './analyze/parse.js';
import { EW208 } from './rules/EW208-not-checked.js';
import { refuseTemplate } from './analyze/templates.js';
import { dockerfileRules } from './rules/index.js';

export type { InitChoice, DockerfileOptions, ResolvedScript } from './analyze/model.js';
export type { PackageManager } from './analyze/images.js';

export interface DockerfileReport {
  source: SourceFile;
  lines: LineIndex;
  /** EW2xx, offsets into source.text, fixes as TextEdits on the Dockerfile text. */
  findings: Finding[];
  /** Same rule as scripts (statusOf). */
  status: FileStatus;
  baseImage?: string;
  packageManager: PackageManager;
  /** Effective argv of the final stage's ENTRYPOINT and CMD as Docker runs them (shell form: the SHELL argv and the text), if known. */
  entrypoint?: string[];
  cmd?: string[];
  scripts: ResolvedScript[];
  /** An init already in front (tini, dumb-init, s6-overlay, supervisord…). */
  init?: string;
  /** The build context COPY/ADD lines were resolved against (given, or inferred from the candidates). */
  context: string;
}

/** Reads a Dockerfile, resolves what its final stage runs, analyses the start scripts it copies in, runs the EW2xx rules. */
export async function analyzeDockerfile(source: SourceFile, options: DockerfileOptions): Promise<DockerfileReport> {
  let analyzed: AnalyzedDockerfile;
  try {
    analyzed = await analyzeDockerfileModel(source, options);
  } catch (error) {
    if (error instanceof NoBuildStageError && options.syntaxErrors === 'report') return noFromReport(source, options.context);
    throw error;
  }
  const findings = runDockerfileRules(analyzed);
  const { entrypoint, cmd, pid1 } = analyzed;
  const entrypointArgv = entrypoint.kind === 'instr' ? entrypoint.li.argv : entrypoint.kind === 'base' && analyzed.base.entrypoint?.length ? analyzed.base.entrypoint : undefined;
  return {
    source,
    lines: analyzed.lines,
    findings,
    status: statusOf(findings),
    ...(analyzed.baseImage !== undefined ? { baseImage: analyzed.baseImage } : {}),
    packageManager: analyzed.packageManager,
    ...(entrypointArgv ? { entrypoint: entrypointArgv } : {}),
    ...(cmd.kind === 'instr' ? { cmd: cmd.li.argv } : {}),
    scripts: analyzed.scripts,
    ...(pid1.init ? { init: pid1.init.name } : {}),
    context: analyzed.context,
  };
}

/** The analysed Dockerfile the rules read (exported for tests and tools that need more than the report). */
export async function analyzeDockerfileModel(source: SourceFile, options: DockerfileOptions): Promise<AnalyzedDockerfile> {
  const lines = new LineIndex(source.text);
  const parsed = parseDockerfile(source.text, lines);
  refuseTemplate(source.path, source.text, parsed);
  const final = parsed.stages[parsed.stages.length - 1];
  if (!final) throw new NoBuildStageError(source.path);
  const chain: Stage[] = [final];
  for (let stage = final; stage.parent !== undefined && chain.length <= parsed.stages.length; ) {
    stage = parsed.stages[stage.parent]!;
    chain.unshift(stage);
  }
  const baseImage = chain[0]!.image;
  const base = baseImageInfo(baseImage);
  let packageManager = base.packageManager;
  if (packageManager === 'unknown') {
    for (const instr of chain.flatMap((s) => s.instructions)) {
      if (instr.keyword === 'RUN') packageManager = packageManagerOfRun(instr.args) ?? packageManager;
    }
  }
  const state = await resolveChain(chain);
  const baseName = parseImageRef(baseImage).name;
  const binSh = imageShell(packageManager, baseName);
  const context = options.contextCandidates?.length ? chooseContext(parsed.stages, chain, launchWords(state), state.runtimeWorkdir, options.contextCandidates) : options.context;
  const resolved = context === options.context ? options : { ...options, context };
  const { pid1, scripts } = await analyzePid1({ chain, state, base, baseName, options: resolved, image: { ...(binSh ? { binSh } : {}), image: baseImage } });
  const stopValue = state.stopSignal?.rest;
  const stopSignal = stopValue ? { signal: stopValue, instr: state.stopSignal! } : base.stopSignal ? { signal: base.stopSignal } : undefined;
  return {
    source,
    lines,
    escape: parsed.escape,
    instructions: parsed.instructions,
    stages: parsed.stages,
    chain,
    final,
    baseImage,
    base,
    packageManager,
    entrypoint: state.entrypoint,
    cmd: state.cmd,
    pid1,
    scripts,
    ...(stopSignal ? { stopSignal } : {}),
    ...(state.stageUser !== undefined ? { stageUser: state.stageUser } : {}),
    context,
    options,
  };
}

/** A Dockerfile without FROM: there is no build stage to analyse. */
class NoBuildStageError extends InputError {
  constructor(path: string) {
    super('no FROM instruction: not a Dockerfile execwrap can read', path, 1);
  }
}

/** A file with no build stage: nothing can be analysed; EW208 (fatal: not silenced) says so, at its first line. */
function noFromReport(source: SourceFile, context: string): DockerfileReport {
  const lines = new LineIndex(source.text);
  const firstLineEnd = source.text.search(/\r?\n|$/);
  const findings: Finding[] = [findingOf(EW208, { kind: 'no-from', start: 0, end: firstLineEnd, data: { reason: 'no-from' } })];
  return { source, lines, findings, status: statusOf(findings), packageManager: 'unknown', scripts: [], context };
}

/** The words ENTRYPOINT and CMD run (a shell form's words split on blanks): where start scripts are named. */
function launchWords(state: ChainState): string[] {
  return [state.entrypoint, state.cmd].flatMap((slot) => (slot.kind === 'instr' ? (slot.li.form.kind === 'exec' ? slot.li.form.argv : slot.li.form.text.split(/\s+/)) : []));
}

function runDockerfileRules(df: AnalyzedDockerfile): Finding[] {
  // A start script that does not parse leaves PID 1 unknown: EW208 alone, no other finding and no fix.
  if (df.scripts.some((s) => s.report?.script.syntaxError)) {
    const findings: Finding[] = [];
    EW208.check(df, (input) => findings.push(findingOf(EW208, input)));
    return findings;
  }
  const ignores = readLineIgnores(df.source.text, df.instructions);
  const findings = runRules(dockerfileRules, df, { ignores });
  // An ignore naming no rule silences nothing: reported as in scripts (EW100).
  const known = df.options.settings?.knownRuleIds ?? DOCKERFILE_LAYER_RULE_IDS;
  for (const input of unknownIgnoreIds(ignores.directives, known)) findings.push(findingOf(EW100, input));
  return applyRuleSettings(sortFindings(findings), df.options.settings);
}

/** The IDs a Dockerfile's ignore comments may name when the caller knows no more rules than these. */
const DOCKERFILE_LAYER_RULE_IDS: ReadonlySet<string> = new Set([...SCRIPT_RULE_IDS, ...dockerfileRules.map((r) => r.id)]);

export { isDockerfileName } from './analyze/names.js';

export type { ScriptReport };
