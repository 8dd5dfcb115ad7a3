import { applyRuleSettings, type Settings } from '../core/settings.js';
import { InputError, NotApplicableError } from '../core/errors.js';
import { indexTree, restrictIndex } from './parse/syntax-index.js';
import { readShebang, type Shebang } from './parse/shebang.js';
import { errorInsideWord, firstSyntaxError, parseShell, type Node } from './parse/shell-parser.js';
import { shellSyntaxCheck } from './parse/shell-syntax.js';
import { LineIndex, type SourceFile } from '../core/source.js';
import { readIgnores } from './analyze/ignores.js';
import { runRules } from '../core/rule-runner.js';
import { analyzeLaunch, type LaunchAnalysis, type LauncherKind, type ProgramSite } from './analyze/launch.js';
import { findUnreachable } from './analyze/reach.js';
import { disposeScope, loadScope, type Scope, type ScopeOptions } from './analyze/scope.js';
import { findingOf, type Finding } from '../core/model.js';
import type { AnalyzedScript } from './analyze/model.js';
import { scriptFacts, type ScriptFacts } from './analyze/facts.js';
import { EW118 } from './rules/EW118-syntax-error.js';
import { scriptRules } from './rules/index.js';
import { generatedDialect, shellFromShebang, shellInImage, type ImageInvocation, type RunShell } from './parse/shells.js';

export type FileStatus = 'ok' | 'fixable' | 'unfixable';

export interface ProcessInfo {
  command: string;
  line: number;
  background: boolean;
}

/**
 * A script's analysis as plain data: its facts, findings (with their fixes' edits) and status. It holds no syntax
 * tree: the tree is made and freed inside `analyzeScript`, so a report needs no disposing.
 */
export interface ScriptReport {
  script: ScriptFacts;
  launcher: LauncherKind;
  status: FileStatus;
  processes: ProcessInfo[];
  findings: Finding[];
}

/** What is known about a script from outside it: which shell runs it, how its sourced files are found, how errors go. */
export interface AnalyzeOptions extends ScopeOptions {
  /** The shell, named outright (`--shell`). */
  shell?: RunShell;
  /** How an image runs the script (its /bin/sh, a shell word in front of it); used when `shell` is not given. */
  image?: ImageInvocation;
  /**
   * What a script its shell rejects gives: `throw` (the default: `fix`, `verify`) an InputError naming file and
   * line; `report` (`check`, `migrate`) a report whose only finding is EW118, as linters report a file they cannot
   * parse.
   */
  syntaxErrors?: 'throw' | 'report';
}

/** What `check` and `migrate` ask for: a file that does not parse is a finding (EW118, EW208), as linters report it. */
export const REPORT_SYNTAX_ERRORS = { syntaxErrors: 'report' } as const satisfies AnalyzeOptions;

/** Parses and analyses one script; throws InputError for input execwrap must not touch. */
export async function analyzeScript(source: SourceFile, settings?: Pick<Settings, 'rules' | 'failFast' | 'knownRuleIds'>, options: AnalyzeOptions = {}): Promise<ScriptReport> {
  const shebang = readShebang(source.text, source.bom);
  if (shebang.problems.includes('not-shell')) {
    throw new NotApplicableError(`not a shell script (${shebang.line?.trim()})`, source.path, 'not-shell', 1);
  }
  // Without an image or `--shell`, the `#!` line names the shell; `#!/bin/sh` is taken as dash, and said so.
  const shell = options.shell ?? (options.image ? shellInImage(shebang, options.image) : shellFromShebang(shebang));
  const dialect = generatedDialect(shell, shebang);
  const tree = await parseShell(source.text);
  // The tree lives in the parser's wasm memory: freed here, whatever happens; the report keeps plain facts only.
  let scope: Scope | undefined;
  try {
    const root = tree.rootNode;
    const lines = new LineIndex(source.text);
    const error = firstSyntaxError(root);
    let parseGap: number | undefined;
    if (error) {
      // The grammar misses a few valid constructs; the script's own shell decides whether it is broken.
      const verdict = shellSyntaxCheck(source.text, shell.name);
      if (verdict.valid !== true) {
        const { line } = lines.position(error.startIndex);
        const what =
          verdict.valid === false
            ? verdict.message
            : error.isMissing
              ? `missing ${error.type || 'token'}`
              : `unexpected \`${error.text.split('\n')[0]!.slice(0, 40)}\``;
        const errorLine = verdict.valid === false ? verdict.line ?? line : line;
        if (options.syntaxErrors !== 'report') {
          throw new InputError(`syntax error: ${what}; execwrap does not edit a script it cannot parse`, source.path, errorLine);
        }
        return syntaxErrorReport(source, shebang, shell, tree.rootNode, lines, { ...syntaxErrorRange(source.text, lines, errorLine, errorLine === line ? error.startIndex : undefined), line: errorLine, reason: what });
      }
      // An error inside one quoted word hides no command: the rest of the script, and its launch, are read.
      const hiding = firstSyntaxError(root, errorInsideWord);
      if (hiding) parseGap = lines.lineStart(lines.position(hiding.startIndex).line);
    }
    const unreachable = findUnreachable(root);
    const index = unreachable ? restrictIndex(indexTree(root), unreachable.from) : indexTree(root);
    const functions = new Map<string, Node>();
    for (const node of index.byType('function_definition')) {
      const name = node.childForFieldName('name')?.text;
      if (name && !functions.has(name)) functions.set(name, node);
    }
    scope = await loadScope(index, source.path, options);
    const script: AnalyzedScript = {
      source,
      lines,
      shebang,
      dialect,
      shell,
      ...(options.image ? { image: options.image } : {}),
      root,
      functions,
      index,
      scope,
      launch: analyzeLaunch(root, functions, { index, scope, ...(unreachable ? { reachableEnd: unreachable.from } : {}), ...(parseGap !== undefined ? { parseGap } : {}) }),
      ignores: readIgnores(root, index),
      knownRuleIds: settings?.knownRuleIds ?? SCRIPT_RULE_IDS,
      options: { failFast: settings?.failFast === true },
      ...(parseGap !== undefined ? { parseGap } : {}),
      ...(unreachable ? { unreachable } : {}),
    };
    const findings = applyRuleSettings(runScriptRules(script), settings);
    return {
      script: scriptFacts(script),
      launcher: script.launch.launcher,
      status: statusOf(findings),
      processes: script.launch.programs.map((site) => processInfo(script, site)),
      findings,
    };
  } finally {
    tree.delete();
    if (scope) disposeScope(scope);
  }
}

/**
 * Where the shell's error is: from the parser's error node when it is on the line the shell names (a precise
 * column), else from the start of that line, past its indentation; to the end of the line.
 */
function syntaxErrorRange(text: string, lines: LineIndex, line: number, nodeStart: number | undefined): { start: number; end: number } {
  const lineStart = lines.lineStart(line);
  const newline = text.indexOf('\n', lineStart);
  const end = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  let start = nodeStart !== undefined && nodeStart >= lineStart && nodeStart < end ? nodeStart : lineStart;
  // Not on the indentation: the error is in what follows it.
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  return { start, end: Math.max(start, end) };
}

/** A script the shell rejects, as `check` reports it: nothing is known about what it starts; EW118 says why. */
function syntaxErrorReport(
  source: SourceFile,
  shebang: Shebang,
  shell: RunShell,
  root: Node,
  lines: LineIndex,
  syntaxError: NonNullable<AnalyzedScript['syntaxError']>,
): ScriptReport {
  const launch: LaunchAnalysis = {
    launcher: 'unknown',
    ok: false,
    programs: [],
    background: [],
    tasks: [],
    untracked: [],
    terminal: { kind: 'unknown', launches: [] },
    terminalIndex: -1,
    trailing: [],
    statements: [],
    traps: [],
    forwardingTrap: false,
    detached: [],
    unknown: [],
    generated: false,
    daemons: [],
  };
  const script: AnalyzedScript = {
    source,
    lines,
    shebang,
    dialect: generatedDialect(shell, shebang),
    shell,
    root,
    functions: new Map(),
    index: indexTree(root),
    scope: { variables: new Map(), external: new Map(), sourced: [], unread: [] },
    launch,
    knownRuleIds: SCRIPT_RULE_IDS,
    options: { failFast: false },
    ignores: { ranges: [], directives: [] },
    syntaxError,
  };
  // Not subject to ignore comments or config (EW118 is fatal): a file that was never checked must not look clean.
  const findings: Finding[] = [];
  EW118.check(script, (input) => findings.push(findingOf(EW118, input)));
  return { script: scriptFacts(script), launcher: 'unknown', status: statusOf(findings), processes: [], findings };
}

function runScriptRules(script: AnalyzedScript): Finding[] {
  return runRules(scriptRules, script, {
    ignores: script.ignores,
    keep: (finding) => {
      // Code after a top-level `exec`/`exit` never runs: nothing is reported or fixed there.
      if (script.unreachable && finding.start >= script.unreachable.from) return undefined;
      // Nothing is edited in or after a region the parser did not understand.
      if (finding.fix && script.parseGap !== undefined && finding.fix.edits.some((e) => e.end >= script.parseGap! || e.start >= script.parseGap!)) {
        delete finding.fix;
      }
      return finding;
    },
  });
}

/**
 * ok: nothing stands between the stop signal and the programs (warnings without a fix may remain);
 * unfixable: an error execwrap cannot fix; fixable: everything serious has a fix.
 */
export function statusOf(findings: Finding[]): FileStatus {
  const serious = findings.filter((f) => f.severity !== 'info');
  const unfixed = serious.filter((f) => f.severity === 'error' && !f.fix);
  // A line the shell will not read (EW114) is reported, but it does not make a launch that has a fix unfixable.
  if (unfixed.some((f) => !PORTABILITY_RULES.has(f.rule))) return 'unfixable';
  if (serious.some((f) => f.fix)) return 'fixable';
  if (unfixed.length > 0) return 'unfixable';
  return 'ok';
}

/** Rules whose findings are about which shell reads the script, not about how the stop signal travels. */
/** The IDs a script's ignore comments may name when the caller knows no more rules than these. */
export const SCRIPT_RULE_IDS: ReadonlySet<string> = new Set(scriptRules.map((r) => r.id));

const PORTABILITY_RULES: ReadonlySet<string> = new Set(scriptRules.filter((r) => r.portability).map((r) => r.id));

function processInfo(script: AnalyzedScript, site: ProgramSite): ProcessInfo {
  const from = site.programWord && !site.exec ? site.command.startIndex : site.programWord?.startIndex ?? site.command.startIndex;
  const text = script.source.text.slice(from, site.command.endIndex);
  return {
    command: text.replace(/[ \t]*\\\r?\n\s*/g, ' ').split(/\r?\n/)[0]!.trim(),
    line: script.lines.position(site.command.startIndex).line,
    background: site.background,
  };
}
