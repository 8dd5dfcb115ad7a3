import type { LaunchAnalysis } from './launch.js';
import type { Node } from '../parse/shell-parser.js';
import type { Shebang, ShellDialect } from '../parse/shebang.js';
import type { LineIndex, SourceFile } from '../../core/source.js';
import type { SyntaxIndex } from '../parse/syntax-index.js';
import type { IgnoreDirectives } from '../../core/ignores.js';
import type { ImageInvocation, RunShell } from '../parse/shells.js';
import type { Unreachable } from './reach.js';
import type { Scope } from './scope.js';

import { createRule, type FixOptions, type Rule } from '../../core/model.js';

/** What both a script's analysis and its plain facts (ScriptFacts) start with: the text and how it is run. */
export interface ScriptBasics {
  source: SourceFile;
  lines: LineIndex;
  shebang: Shebang;
  /** The dialect generated code is written in (POSIX sh wherever dash or busybox runs the script). */
  dialect: ShellDialect;
  /** The shell that runs the script: what shell-dependent findings (EW104, EW114) are judged against. */
  shell: RunShell;
  /** How a Dockerfile runs it, when one does (`lineEndingsConverted`: a RUN converts its CRLF line endings). */
  image?: ImageInvocation;
}

/**
 * A script after analysis: what every EW1xx rule reads. It holds the syntax tree, so it lives only inside
 * `analyzeScript`; the report carries its plain facts (ScriptFacts, analyze/facts.ts).
 */
export interface AnalyzedScript extends ScriptBasics {
  root: Node;
  functions: Map<string, Node>;
  /** Variables' values and the functions of the files the script sources. */
  scope: Scope;
  /** Nodes of the types rules look for, from one walk of the tree. */
  index: SyntaxIndex;
  launch: LaunchAnalysis;
  ignores: IgnoreDirectives;
  /** The rule IDs an ignore comment may name (EW100 reports any other). */
  knownRuleIds: ReadonlySet<string>;
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

/** A rule over a start script (EW1xx). */
export type ScriptRule = Rule<AnalyzedScript>;

/** Defines a script rule (EW1xx): `createRule` with the subject fixed, so the check's parameters are typed. */
export function scriptRule<Kind extends string>(definition: Omit<Rule<AnalyzedScript, Kind>, 'docs'>): Rule<AnalyzedScript, Kind> {
  return createRule(definition);
}
