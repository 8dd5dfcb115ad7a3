import type { Settings } from '../../core/settings.js';
import { createRule, type Rule } from '../../core/model.js';
import type { AnalyzeOptions, ScriptReport } from '../../shell/analyze-script.js';
import type { LineIndex, SourceFile } from '../../core/source.js';
import type { BaseImageInfo, PackageManager } from './images.js';
import type { CommandForm, Instr, Stage } from './parse.js';

export type InitChoice = 'tini' | 'dumb-init' | 'none';

export interface DockerfileOptions {
  /** Build context directory (absolute). Default in the CLI: the Dockerfile's folder. */
  context: string;
  /**
   * Folders the build context may be, best first (a Compose file's `build.context`, the Dockerfile's folder, its
   * parents up to the repository root): the first where the Dockerfile's COPY/ADD sources exist is used instead of
   * `context`. Absent when the context was given outright (`--context`).
   */
  contextCandidates?: readonly string[];
  init: InitChoice;
  /**
   * Analyses a start script found in the build context (absolute path), knowing how the image runs it (its /bin/sh,
   * a shell word in front); undefined when it is not a shell script. Throws InputError for broken ones, or
   * (`check`, `migrate`) returns a report with EW118, which makes EW208.
   */
  analyzeScript(file: string, context?: AnalyzeOptions): Promise<ScriptReport | undefined>;
  /**
   * A Dockerfile with no FROM: `throw` (the default: `fix`, `verify`) an InputError; `report` (`check`, `migrate`)
   * a report whose only finding is EW208.
   */
  syntaxErrors?: 'throw' | 'report';
  /** Rules turned off or given another severity by the project's config. */
  settings?: Pick<Settings, 'rules' | 'unsafeFixes' | 'knownRuleIds'>;
}

export interface ResolvedScript {
  /** As the image sees it: /usr/local/bin/start.sh */
  imagePath: string;
  /** Absolute path in the build context it was COPY/ADDed from. */
  file: string;
  /** Dockerfile line of the ENTRYPOINT/CMD that runs it. */
  line: number;
  /** Shell scripts only. */
  report?: ScriptReport;
  /** A script that is not a shell script: the interpreter its `#!` line names (`python`), which runs as PID 1. */
  interpreter?: string;
}

/**
 * How a shell command (a shell-form CMD/ENTRYPOINT, or the string of `sh -c`) can run without the shell staying
 * PID 1: as plain words (no shell needed), as the same command with `exec` where the program starts, or not at all.
 */
export type ShellPlan =
  /** `exec` says the text already started with `exec` (the program replaced the shell before). */
  | { kind: 'plain'; argv: string[]; exec: boolean }
  /** `programPath`: the program word as written, when it is a literal (`/usr/local/bin/start.sh`). */
  | { kind: 'exec'; text: string; changed: boolean; program?: string; programPath?: string }
  | { kind: 'blocked'; reason: string; program?: string };

/** An ENTRYPOINT or CMD instruction that the final image uses. */
export interface LaunchInstr {
  instr: Instr;
  keyword: 'ENTRYPOINT' | 'CMD';
  form: CommandForm;
  /** In the final stage (editable in place) rather than inherited from an earlier stage. */
  inFinal: boolean;
  /** SHELL in effect where it stands. */
  shell: string[];
  /** The argv Docker runs for it today (shell form: the SHELL argv plus the text). */
  argv: string[];
  /** For shell forms and `sh -c` wrappers: how it becomes exec form (undefined when it is a plain exec form). */
  plan?: ShellPlan;
  /** The exec form it has once EW201/EW203 are applied (same as argv when nothing changes; undefined when it cannot). */
  fixedArgv?: string[];
  /** An exec-form `sh -c "cmd"` wrapper (EW203). */
  wrapper: boolean;
}

export type Slot = { kind: 'instr'; li: LaunchInstr } | { kind: 'base' } | { kind: 'unset' };

/** What ends up as PID 1 and what it runs, after the exec-form fixes. */
export interface Pid1 {
  /** Whether ENTRYPOINT and CMD are known (not left to an unknown base image). */
  known: boolean;
  argv: string[];
  /** An init or supervisor already in front, and where its word is in `argv`. */
  init?: { name: string; index: number; options: string[] };
  /** The shell script on the way to the program. */
  script?: ResolvedScript;
  /** The long-running program in the end, by name. */
  program?: string;
  /** The script is a multi-process launcher (a forwarding wrapper once fixed). */
  multi: boolean;
  /** A start script the command names that no COPY/ADD brings in from the build context: it was not analysed. */
  missing?: { word: string; from?: LaunchInstr };
}

export interface AnalyzedDockerfile {
  source: SourceFile;
  lines: LineIndex;
  escape: string;
  instructions: Instr[];
  stages: Stage[];
  /** Stages from the root of the final stage's chain (`FROM <image>`) to the final stage. */
  chain: Stage[];
  final: Stage;
  baseImage?: string;
  base: BaseImageInfo;
  packageManager: PackageManager;
  entrypoint: Slot;
  cmd: Slot;
  pid1: Pid1;
  scripts: ResolvedScript[];
  /** STOPSIGNAL in effect: an explicit line, or the base image's. */
  stopSignal?: { signal: string; instr?: Instr };
  /** USER in effect at the start of the final stage (undefined: the base image's, taken as root). */
  stageUser?: string;
  /** The build context COPY/ADD lines were resolved against (`options.context`, or the one inferred). */
  context: string;
  options: DockerfileOptions;
}

/** A Dockerfile rule: the same shape as a script rule, checking an analysed Dockerfile. */
export type DockerfileRule = Rule<AnalyzedDockerfile>;

/** Defines a Dockerfile rule (EW2xx): `createRule` with the subject fixed, so the check's parameters are typed. */
export function dockerfileRule<Kind extends string>(definition: Omit<Rule<AnalyzedDockerfile, Kind>, 'docs'>): Rule<AnalyzedDockerfile, Kind> {
  return createRule(definition);
}
