/**
 * What a script's analysis tells the layers above the shell, as plain data: offsets, strings and flags, no syntax
 * tree. The tree lives in the parser's wasm memory (the garbage collector does not see it), so it is made and freed
 * inside `analyzeScript`; a report holds these facts instead, and nothing outside src/shell reads a node.
 */
import { commandArguments, literalWord } from '../parse/nodes.js';
import type { LaunchAnalysis, LauncherKind, ProgramSite, SiteBlocker, SiteContext, Terminal, TrapInfo, UnknownReason } from './launch.js';
import type { AnalyzedScript, ScriptBasics } from './model.js';

/** A stretch of the script text, by UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A word of the script: where it is, as written, and its value when it is a literal (`"gunicorn"` → gunicorn). */
export interface WordFacts extends Span {
  text: string;
  literal?: string;
}

/** One place where a long-running program is started (ProgramSite, without its nodes). */
export interface SiteFacts {
  /** The command that runs the program (for `exec prog`, the exec command itself). */
  command: Span;
  /** The command word that names the program (`gunicorn`, `"$@"`), after `exec`, `nohup`, `env`, … */
  programWord?: WordFacts;
  programName?: string;
  /**
   * The words after the program word, each as its literal value or null when it is not one; absent when the program
   * is not started by a simple command (or has no program word).
   */
  arguments?: (string | null)[];
  exec: boolean;
  background: boolean;
  contexts: SiteContext[];
  /** `app | tee log`: the program's output is piped. */
  pipeline: boolean;
  blocker?: SiteBlocker;
  /** The statement holding the command, as it stands in its block: its node type and its end (with its `&`). */
  statement: { type: string; end: number };
  /** The command carries its own redirections (`app >log 2>&1`): where they end. */
  redirectedEnd?: number;
}

export interface TrapFacts {
  /** Signal words as written (`TERM`, `SIGTERM`, `15`). */
  signalWords: string[];
  /** The same signals as names without quotes or `SIG` (`TERM`, `EXIT`). */
  signalNames: string[];
  /** The trap's action text with quotes removed. */
  actionText: string;
  forwards: boolean;
  waits: boolean;
  exits: boolean;
}

/** What the tail of the script does once its setup is over (Terminal); only program sites are told in detail. */
export type TerminalFacts = { kind: 'programs'; sites: SiteFacts[] } | { kind: Exclude<Terminal['kind'], 'programs'> };

/** The launch analysis (LaunchAnalysis) as plain facts. */
export interface LaunchFacts {
  launcher: LauncherKind;
  /** Signals already reach every program. */
  ok: boolean;
  /** The script carries execwrap's generated wrapper. */
  generated: boolean;
  /** Long-running programs in start order (background jobs, then the final program paths). */
  programs: SiteFacts[];
  /** How many programs the script starts as `&` jobs. */
  backgroundJobs: number;
  terminal: TerminalFacts;
  /** Top-level statements of the script (without comments and function definitions): node type, ends in `&`. */
  statements: { type: string; background: boolean }[];
  traps: TrapFacts[];
  /** Launches that cannot be told safely, and why. */
  unknown: (Span & { reason: UnknownReason })[];
}

/** A script after analysis, as its report carries it: plain data only (no syntax tree). */
export interface ScriptFacts extends ScriptBasics {
  /** The shell rejects the script (a report asked for with `syntaxErrors: 'report'`): where, and the shell's words. */
  syntaxError?: AnalyzedScript['syntaxError'];
  launch: LaunchFacts;
}

/** The facts of an analysed script, read from its tree before the tree is freed. */
export function scriptFacts(script: AnalyzedScript): ScriptFacts {
  const { source, lines, shebang, dialect, shell, image, syntaxError } = script;
  return {
    source,
    lines,
    shebang,
    dialect,
    shell,
    ...(image ? { image } : {}),
    ...(syntaxError ? { syntaxError } : {}),
    launch: launchFacts(script.launch),
  };
}

function launchFacts(launch: LaunchAnalysis): LaunchFacts {
  // One facts object per site, so a site that is both a program and a terminal site stays one object.
  const made = new Map<ProgramSite, SiteFacts>();
  const program = (site: ProgramSite): SiteFacts => {
    let facts = made.get(site);
    if (!facts) made.set(site, (facts = siteFacts(site)));
    return facts;
  };
  const { terminal } = launch;
  return {
    launcher: launch.launcher,
    ok: launch.ok,
    generated: launch.generated,
    programs: launch.programs.map(program),
    backgroundJobs: launch.background.length,
    terminal: terminal.kind === 'programs' ? { kind: 'programs', sites: terminal.sites.map(program) } : { kind: terminal.kind },
    statements: launch.statements.map((s) => ({ type: s.node.type, background: s.background })),
    traps: launch.traps.map(trapFacts),
    unknown: launch.unknown.map((u) => ({ start: u.node.startIndex, end: u.node.endIndex, reason: u.reason })),
  };
}

function siteFacts(site: ProgramSite): SiteFacts {
  const { command, programWord: word } = site;
  const literal = word ? literalWord(word) : undefined;
  const parent = command.parent;
  return {
    command: { start: command.startIndex, end: command.endIndex },
    ...(word ? { programWord: { start: word.startIndex, end: word.endIndex, text: word.text, ...(literal !== undefined ? { literal } : {}) } } : {}),
    ...(site.programName !== undefined ? { programName: site.programName } : {}),
    ...(word && command.type === 'command'
      ? { arguments: commandArguments(command).filter((arg) => arg.startIndex > word.startIndex).map((arg) => literalWord(arg) ?? null) }
      : {}),
    exec: site.exec,
    background: site.background,
    contexts: [...site.contexts],
    pipeline: site.pipeline !== undefined,
    ...(site.blocker ? { blocker: site.blocker } : {}),
    statement: { type: site.statement.node.type, end: site.statement.end },
    ...(parent?.type === 'redirected_statement' ? { redirectedEnd: parent.endIndex } : {}),
  };
}

function trapFacts(trap: TrapInfo): TrapFacts {
  return {
    signalWords: trap.signals.map((s) => s.text),
    signalNames: [...trap.signalNames],
    actionText: trap.actionText,
    forwards: trap.forwards,
    waits: trap.waits,
    exits: trap.exits,
  };
}
