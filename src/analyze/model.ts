import type { LaunchAnalysis } from './launch.js';
import type { Node } from '../parse/shell-parser.js';
import type { Shebang, ShellDialect } from '../parse/shebang.js';
import type { LineIndex, SourceFile } from '../parse/source.js';
import type { SyntaxIndex } from '../parse/syntax-index.js';
import type { IgnoreDirectives } from './ignores.js';
import type { RunShell } from '../parse/shells.js';
import type { Unreachable } from './reach.js';
import type { Scope } from './scope.js';

export type Severity = 'error' | 'warning' | 'info';

/** A replacement of the original text between two UTF-16 offsets. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * How sure execwrap is that a fix changes the stop and nothing else (Ruff's model). `safe` fixes are applied by
 * `fix` and `migrate`; `unsafe` ones may change something else too (what the rule's message says) and are only
 * applied with `--unsafe-fixes`, shown as suggestions otherwise.
 */
export type FixApplicability = 'safe' | 'unsafe';

/** Edits that only make sense together: applied all or none. */
export interface Fix {
  edits: TextEdit[];
  /** Absent means `safe`. */
  applicability?: FixApplicability;
  /**
   * New files the fix writes along with its edits (a start script next to a Compose file), by absolute path. Only
   * the command that applies the fix writes them; the edits alone are what the applier sees.
   */
  files?: NewFile[];
}

export interface NewFile {
  path: string;
  text: string;
  mode: number;
}

export function fixApplicability(fix: Fix): FixApplicability {
  return fix.applicability ?? 'safe';
}

/** Whether a run that applies unsafe fixes (or not) applies this one. */
export function isApplied(fix: Fix, unsafeFixes: boolean | undefined): boolean {
  return unsafeFixes === true || fixApplicability(fix) === 'safe';
}

/** What a rule found: data only; the words live in the rule's message and the reporters. */
export interface Finding {
  rule: string;
  severity: Severity;
  start: number;
  end: number;
  data: Record<string, string>;
  fix?: Fix;
}

/** Choices that change what a fix writes. */
export interface FixOptions {
  /** The wrapper ends when the first program ends (and stops the others), whatever the script did before. */
  failFast: boolean;
}

export type FindingInput = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

export interface AnalyzedScript {
  source: SourceFile;
  lines: LineIndex;
  shebang: Shebang;
  /** The dialect generated code is written in (POSIX sh wherever dash or busybox runs the script). */
  dialect: ShellDialect;
  /** The shell that runs the script: what shell-dependent findings (EW104, EW114) are judged against. */
  shell: RunShell;
  root: Node;
  functions: Map<string, Node>;
  /** Variables' values and the functions of the files the script sources. */
  scope: Scope;
  /** Nodes of the types rules look for, from one walk of the tree. */
  index: SyntaxIndex;
  launch: LaunchAnalysis;
  ignores: IgnoreDirectives;
  /** How fixes are made (from flags and the config file). */
  options: FixOptions;
  /** Start of the first line tree-sitter could not parse (the shell itself accepts the script). */
  parseGap?: number;
  /**
   * The shell rejects the script (only in a report asked for with `syntaxErrors: 'report'`): where, and the shell's
   * words. Nothing else is analysed then; the launch analysis is empty and EW118 is the only finding.
   */
  syntaxError?: { start: number; end: number; line: number; reason: string };
  /** Top-level code after an `exec prog`/`exit`: never runs, so it is left out of the analysis. */
  unreachable?: Unreachable;
}

/** What every rule has, whatever it checks: the registry, reporters and docs need only this. */
export interface RuleMeta {
  /** Stable ID (`EW101`); never reused for another check. */
  id: string;
  /** Short kebab-case name, for humans and config. */
  name: string;
  severity: Severity;
  /** One line for the rules table and SARIF. */
  description: string;
  /** Whether findings of this rule usually carry a fix. */
  fixable: boolean;
  /** How its fixes are applied when it has them (default `safe`); `unsafe` ones need `--unsafe-fixes`. */
  fixApplicability?: FixApplicability;
  /**
   * The file could not be checked at all (it does not parse): no ignore comment or config setting silences or
   * re-grades it, since a file that was never checked must not pass as clean.
   */
  fatal?: true;
  /**
   * Its findings are about which shell can read the script, not about the stop signal: an error without a fix
   * does not make a file whose launch has a fix `unfixable`.
   */
  portability?: boolean;
  message(data: Record<string, string>): string;
}

/** A rule over some analysed subject: a script (EW1xx) here, a Dockerfile (EW2xx) in src/dockerfile. */
export interface Rule<Subject = AnalyzedScript> extends RuleMeta {
  check(subject: Subject, report: (finding: FindingInput) => void): void;
}
