import type { Node } from '../parse/shell-parser.js';
import { indexTree, type SyntaxIndex } from '../parse/syntax-index.js';
import {
  basename,
  commandArguments,
  commandName,
  literalWord,
  statementsAfterToken,
  statementsOf,
  unwrapRedirects,
  type Statement,
} from '../parse/nodes.js';
import { PRELUDE_MARKER, STARTED_FUNCTION, V1_WAIT_FUNCTION, WAIT_FUNCTION } from '../render/wrapper.js';
import { CLEANUP, SHORT_LIVED } from './commands.js';
import { detachesAsDaemon, isForegroundServer, isKnownProgram, PREFIX_COMMANDS, PRIVILEGE_EXECERS, programIndexAfter, SERVICE_MANAGERS } from './programs.js';
import { BUILTINS, variableWord, type Assignment, type Variables } from './names.js';
import type { Scope, SourcedFile } from './scope.js';
import { trapFacts, trapParts } from './trap-facts.js';
import { foregroundForm, isNoForm, type ForegroundForm, type NoForm } from './daemons.js';
import { stopRequest, stops } from './server-stops.js';

export type LauncherKind = 'single' | 'multi' | 'none' | 'unknown';

/** How the path from the script to a program's command goes: decides where `exec` can go. */
export type SiteContext = 'direct' | 'and-list' | 'branch' | 'function';

/** One place where a long-running program is started. */
export interface ProgramSite {
  /** The `command` node that runs the program (for `exec prog`, the exec command itself). */
  command: Node;
  /** The statement holding it, as it stands in its block (with its `&` when backgrounded). */
  statement: Statement;
  /** The command word that names the program (`gunicorn`, `"$@"`), after `exec`, `nohup`, `env`, … */
  programWord?: Node;
  programName?: string;
  exec: boolean;
  background: boolean;
  contexts: SiteContext[];
  /** `app | tee log`: the pipeline that holds the program. */
  pipeline?: Node;
  /** Why `exec` cannot simply be inserted here, when it cannot. */
  blocker?: SiteBlocker;
  /** Why `exec` in front of the command word may be wrong although it is usually right (the fix is then unsafe). */
  caveat?: ExecCaveat;
  /** What stands in the way or calls for care, for the message: the variable, its assignment, the sourced file. */
  word?: WordInfo;
  /** The site is a call of a function defined in this sourced file, summarised at the call. */
  external?: SourcedFile;
}

/** Details about the command word behind a blocker or caveat. */
export interface WordInfo {
  variable?: string;
  /** An assignment that gives the variable `exec` (`exec_cmd="exec"`). */
  withExec?: Assignment;
  /** An assignment that does not (`exec_cmd="runuser -u neo4j --"`), or that names a function or builtin. */
  other?: Assignment;
  /** The sourced file that could not be read, or that defines the function. */
  file?: SourcedFile;
  /** For a function in a sourced file: its program and whether that is exec'd. */
  inner?: string;
}

/** `environment`: the command word is a variable set outside the script; `maybe-function`: a sourced file was not read. */
export type ExecCaveat = 'environment' | 'maybe-function';

export type SiteBlocker =
  /** `prog || fallback`: exec would skip the fallback. */
  | 'or-fallback'
  /** `( … prog )`: exec replaces only the subshell. */
  | 'subshell'
  /** cleanup lines follow the program inside a branch or function. */
  | 'cleanup-in-block'
  /** the program's output is piped into another command. */
  | 'pipeline'
  /** the command word is a variable that holds `exec` in some assignments and not in others. */
  | 'holds-exec'
  /** the command word is a variable whose value names a function or a builtin. */
  | 'function-value'
  /** the program runs inside a function defined in a sourced file: the exec belongs there. */
  | 'external-function'
  /** a sourced file could not be read and the name may be one of its functions. */
  | 'maybe-function';

/**
 * Why a launch cannot be told safely; `keepalive-only`: a keep-alive holds programs that daemonised themselves;
 * `unread`: the launch lies in (or after) a part of the script execwrap's parser could not read.
 */
export type UnknownReason = 'eval' | 'daemon' | 'restart-loop' | 'detached' | 'keepalive-only' | 'unread';

export interface UnknownLaunch {
  reason: UnknownReason;
  node: Node;
  /** `exec` could not go where the launch is: after `||`, in a pipeline, subshell or loop, or before cleanup lines. */
  blocked?: boolean;
  /** Inside a function from a sourced file: nothing can be edited there. */
  external?: boolean;
}

const blockedLaunches = (terminal: Terminal): Terminal =>
  terminal.kind === 'unknown' ? { kind: 'unknown', launches: terminal.launches.map((l) => ({ ...l, blocked: true })) } : terminal;

/** What the tail of a block does once its setup is over. */
export type Terminal =
  | { kind: 'nothing' }
  | { kind: 'programs'; sites: ProgramSite[] }
  | { kind: 'wait'; statement: Statement }
  /**
   * `chain`: the keep-alive ends an and-list (`touch /tmp/ready && tail -f /dev/null`); `left` is what runs before it.
   * `responsive`: a loop that sleeps in the background and waits (`sleep 60 & wait $!`), so a trapped signal ends it at once.
   * `interactive`: a bare `bash`/`sh`, which holds the container only while `docker run -it` keeps its input open.
   */
  | { kind: 'keepalive'; statement: Statement; chain?: { list: Node; left: Node }; responsive?: boolean; interactive?: boolean }
  /** An endless loop that does work but starts no program (`while sleep 60; do echo heartbeat; done`). */
  | { kind: 'task'; statement: Statement }
  | { kind: 'unknown'; launches: UnknownLaunch[] };

export interface BackgroundJob {
  statement: Statement;
  site: ProgramSite;
  /** Ended by the script itself before the launch: killed and waited for (a temporary init server), or waited for. */
  temporary: boolean;
  /** Started inside a loop: may run several times. */
  inLoop?: boolean;
  /**
   * Started inside a function: the statement that calls it, at the outermost level (`start_process app` for a
   * `"$@" &` in start_process). It, not the function's text, says when the job starts.
   */
  calledFrom?: Statement;
}

export interface TrapInfo {
  node: Node;
  /** Signal words as written (`TERM`, `SIGTERM`, `15`). */
  signals: Node[];
  /** The same signals as names without quotes or `SIG` (`TERM`, `EXIT`). */
  signalNames: string[];
  /** The function the action names, when it is only a function name (`trap cleanup TERM`). */
  handler?: Node;
  /** The trap's action text with quotes removed. */
  actionText: string;
  forwards: boolean;
  waits: boolean;
  exits: boolean;
}

export interface LaunchAnalysis {
  launcher: LauncherKind;
  /** Signals already reach every program. */
  ok: boolean;
  /** Long-running programs in start order (background jobs, then the final program paths). */
  programs: ProgramSite[];
  background: BackgroundJob[];
  /**
   * Other `&` jobs at the top level (`(sleep 5; curl …/ready) &`): no program the container exists for, but children
   * the script's `wait` waits for, so the wrapper tracks them too.
   */
  tasks: Statement[];
  /** In a script carrying execwrap's wrapper: `&` jobs whose PID is not handed to it (they get no stop signal). */
  untracked: Statement[];
  terminal: Terminal;
  /** Index in `statements` of the terminal statement, -1 when nothing runs. */
  terminalIndex: number;
  /** Cleanup statements after the terminal program at the top level. */
  trailing: Statement[];
  /** Top-level statements of the script, without comments and function definitions. */
  statements: Statement[];
  traps: TrapInfo[];
  /** A trap passes a stop signal (TERM, INT, QUIT, HUP) on to the programs. */
  forwardingTrap: boolean;
  /** Helpers detached with `( prog & )` or similar: the script cannot track them. */
  detached: Node[];
  unknown: UnknownLaunch[];
  /** The script carries execwrap's generated wrapper (its own traps are then left out of `traps`). */
  generated: boolean;
  /** A final `exec` that is never reached because a foreground server runs before it. */
  unreachableExec?: ProgramSite;
  /** A keep-alive after a foreground server: never reached while the server runs; the wrapper takes it away. */
  unreachableKeepalive?: Statement;
  /**
   * Services started as daemons, each with a foreground form (daemons.ts): EW111's unsafe fix runs them as jobs under
   * the wrapper. Empty when any daemon start has none (the launch is then unknown).
   */
  daemons: DaemonStart[];
}

/** A daemon start at the top level of the script, and where its foreground form goes. */
export interface DaemonStart {
  command: Node;
  statement: Statement;
  form: ForegroundForm;
  /**
   * `whole`: the statement is the daemon start (`&` goes after it); `background`: it already ends in `&`;
   * `chain-last`: it ends an `&&` chain (`&` after the chain); `chain-first`: it starts one (`&`, then the rest on
   * the next line).
   */
  placement: 'whole' | 'background' | 'chain-last' | 'chain-first';
  /** For `chain-first`: the chain element that is the daemon start, and the one after it. */
  element?: Node;
  next?: Node;
}

export const STOP_SIGNALS = new Set(['TERM', 'SIGTERM', '15']);

interface Context {
  functions: Map<string, Node>;
  /** Functions on the current call path, so recursive functions do not loop the analysis. */
  visiting: Set<string>;
  scope: Scope;
  /** A trap passes a stop signal on (`trap 'kill "$pid"; wait "$pid"' TERM`): the script stops its programs itself. */
  forwardingTrap: boolean;
}

export interface LaunchOptions {
  index?: SyntaxIndex;
  /** Offset where unreachable top-level code starts: nothing from there on is analysed. */
  reachableEnd?: number;
  /** Variables and the functions of sourced files. */
  scope?: Scope;
  /** Start of the first line the parser could not read: a launch found there or after it is not trusted. */
  parseGap?: number;
}

const EMPTY_SCOPE: Scope = { variables: new Map(), external: new Map(), sourced: [], unread: [] };

export function analyzeLaunch(root: Node, functions: Map<string, Node>, options: LaunchOptions = {}): LaunchAnalysis {
  const index = options.index ?? indexTree(root);
  const reachableEnd = options.reachableEnd ?? Infinity;
  const scope = options.scope ?? EMPTY_SCOPE;
  const statements = statementsOf(root, 0, reachableEnd).filter((s) => s.node.type !== 'function_definition');
  const generated = isGenerated(root.text, index);
  const traps = findTraps(index, functions, scope).filter((trap) => !trap.actionText.startsWith('_ew_'));
  const forwardingTrap = traps.some((t) => t.forwards && t.signalNames.some((s) => STOP_SIGNALS.has(s)));
  const ctx: Context = { functions, visiting: new Set(), scope, forwardingTrap };
  const detached = findDetached(index);

  let { terminal, index: terminalIndex, trailing } = blockTerminal(statements, ctx, []);
  // `server` then `exec "$@"`: the server never returns, so it is the real final program.
  let unreachableExec: ProgramSite | undefined;
  const previous = statements[terminalIndex - 1];
  if (terminal.kind === 'programs' && terminal.sites.length === 1 && terminal.sites[0]!.exec && previous && !previous.background) {
    const before = statementTerminal(previous, ctx, []);
    if (before.kind === 'programs' && before.sites.every((s) => !s.exec && s.programName !== undefined && isForegroundServer(s.programName, argsAfterProgram(s)))) {
      unreachableExec = terminal.sites[0]!;
      terminal = before;
      terminalIndex -= 1;
      trailing = [];
    }
  }
  // `php-fpm -F` then `tail -f /dev/null`: the keep-alive is never reached while the server runs in the foreground.
  let unreachableKeepalive: Statement | undefined;
  const beforeKeepalive = statements[terminalIndex - 1];
  if (terminal.kind === 'keepalive' && !terminal.chain && beforeKeepalive && !beforeKeepalive.background && trailing.length === 0) {
    const server = statementTerminal(beforeKeepalive, ctx, []);
    if (server.kind === 'programs' && server.sites.every((s) => !s.exec && s.programName !== undefined && isForegroundServer(s.programName, argsAfterProgram(s)))) {
      unreachableKeepalive = terminal.statement;
      terminal = server;
      terminalIndex -= 1;
    }
  }
  const before = terminalIndex === -1 ? statements : statements.slice(0, terminalIndex + 1);
  const launchWait = terminal.kind === 'wait' || terminal.kind === 'keepalive' ? terminal.statement : undefined;
  const scan: JobScan = { ctx, index, launchIsProgram: terminal.kind === 'programs' || terminal.kind === 'task', ...(launchWait ? { terminal: launchWait } : {}) };
  // What runs after the launch (`kill $pid` once the main program has ended) does not end a job before it.
  const background = collectJobs(before, [], scan);
  const jobs = background.filter((job) => !job.temporary);
  // Daemon starts before the launch, at the top level or in a branch: when each has a foreground form, they are jobs
  // to be (EW111's unsafe fix). A daemon the script stops again before its launch (`service mysql start`, setup,
  // `service mysql stop`) is setup.
  const finalCommands = new Set(terminal.kind === 'programs' ? terminal.sites.map((site) => site.command.id) : []);
  const starts = collectDaemonStarts(before, [], scan, finalCommands);
  const convertible = starts.length > 0 && starts.every((d) => d.form !== undefined && !isNoForm(d.form) && d.placement !== undefined);
  const daemons: DaemonStart[] = convertible ? (starts as DaemonStart[]) : [];
  if (convertible && terminal.kind === 'unknown' && terminal.launches.every((l) => l.reason === 'daemon' && daemons.some((d) => d.command.id === l.node.id))) {
    terminal = { kind: 'nothing' };
  }
  const unknown = terminal.kind === 'unknown' ? terminal.launches : [];
  if (!convertible) {
    for (const start of starts) {
      if (!unknown.some((u) => u.node.id === start.command.id)) unknown.push({ reason: 'daemon', node: start.command });
    }
  }
  // A verdict over text the parser did not read would be a guess. tree-sitter mostly recovers inside the statement that
  // holds the error (`: "${X:=f()}"`), and the statements after it are read; but an ERROR at the top level swallows
  // whole statements (launches among them): then, and when the launch itself holds the error, the launch is unknown.
  if (options.parseGap !== undefined) {
    const terminalStatement = terminalIndex === -1 ? undefined : statements[terminalIndex];
    const end = terminalStatement?.end ?? Infinity;
    const swallowed = root.namedChildren.some((c) => c?.type === 'ERROR' && c.startIndex < end);
    if (swallowed || !terminalStatement || terminalStatement.node.hasError || terminalStatement.node.type === 'ERROR') unknown.push({ reason: 'unread', node: root });
  }
  const jobStatements = new Set(background.map((j) => j.statement.node.id));
  const tasks = before.filter((s, i) => s.background && !jobStatements.has(s.node.id) && !finishedBeforeLaunch(s, before.slice(i + 1), before.slice(i + 1), scan));
  const untracked = generated ? [...jobs.map((j) => j.statement), ...tasks].filter((s) => !handedToWrapper(s, statements)) : [];
  const finalSites = terminal.kind === 'programs' ? terminal.sites : [];
  const daemonSites: ProgramSite[] = daemons.map((d) => ({
    command: d.command,
    statement: d.statement,
    ...(d.command.childForFieldName('name') ? { programWord: d.command.childForFieldName('name')! } : {}),
    programName: d.form.service,
    exec: false,
    background: true,
    contexts: ['direct'],
  }));
  const programs = [...jobs.map((j) => j.site), ...daemonSites, ...finalSites];

  let launcher: LauncherKind;
  // `trap cleanup TERM; while :; do sleep 60 & wait $!; done`: the trapped signal cuts the wait short and the handler
  // ends the script: a responsive idle loop, a trap wrapper around its own `sleep` (`&` jobs and a wait: multi, ok).
  const stopTrapped = traps.some((t) => (t.exits || t.forwards) && t.signalNames.some((s) => STOP_SIGNALS.has(s)));
  const idle = terminal.kind === 'keepalive' && terminal.responsive === true && stopTrapped && jobs.length === 0 && detached.length === 0;
  // A keep-alive with nothing started in the background: whatever it keeps alive daemonised itself (`cron`).
  if (terminal.kind === 'keepalive' && jobs.length === 0 && daemons.length === 0 && !generated && unknown.length === 0 && !idle) {
    unknown.push({ reason: 'keepalive-only', node: terminal.statement.node });
  }
  if (unknown.length > 0) launcher = 'unknown';
  else if (idle) launcher = 'multi';
  else if (generated) launcher = jobs.length >= 2 ? 'multi' : 'single';
  else if (jobs.length > 0 || detached.length > 0 || daemons.length > 0) launcher = programs.length + detached.length >= 2 || terminal.kind !== 'programs' ? 'multi' : 'single';
  else if (finalSites.length > 0) launcher = 'single';
  else launcher = 'none';

  let ok: boolean;
  if (launcher === 'none' || idle) ok = true;
  else if (launcher === 'unknown' || daemons.length > 0) ok = false;
  else if (jobs.length === 0 && detached.length === 0) ok = finalSites.every((s) => s.exec);
  else ok = detached.length === 0 && (generated ? untracked.length === 0 : forwardingTrap && (terminal.kind === 'wait' || terminal.kind === 'keepalive'));

  return {
    launcher,
    ok,
    programs,
    background,
    tasks,
    untracked,
    terminal,
    terminalIndex,
    trailing,
    statements,
    traps,
    forwardingTrap,
    detached,
    unknown,
    generated,
    daemons,
    ...(unreachableExec ? { unreachableExec } : {}),
    ...(unreachableKeepalive ? { unreachableKeepalive } : {}),
  };
}

/** What job collection needs besides the statements: the analysis context and where the launch waits. */
interface JobScan {
  ctx: Context;
  index: SyntaxIndex;
  /** The launch's own `wait` or keep-alive: waiting there is the launch, not the end of a setup step. */
  terminal?: Statement;
  /** The script ends in a program of its own: a job waited for before it was a setup step. */
  launchIsProgram: boolean;
}

/**
 * Background jobs the script starts: at the top level, and inside `if`/`case` branches, `{ … }` groups, loops
 * (`for s in a b; do "$s" & done`) and functions it calls (a helper started by `start_redis` is as orphaned as
 * one started inline). `rest` is what runs after `list` in the enclosing blocks.
 */
function collectJobs(list: Statement[], rest: Statement[], scan: JobScan, inLoop = false, calledFrom?: Statement): BackgroundJob[] {
  const { ctx } = scan;
  const jobs: BackgroundJob[] = [];
  for (const [i, statement] of list.entries()) {
    const after = [...list.slice(i + 1), ...rest];
    if (statement.background) {
      const site = programSite(statement, ctx, []);
      if (site) jobs.push({ statement, site, temporary: finishedBeforeLaunch(statement, list.slice(i + 1), after, scan), ...(inLoop ? { inLoop } : {}), ...(calledFrom ? { calledFrom } : {}) });
      continue;
    }
    const node = unwrapRedirects(statement.node);
    const nested: { block: Statement[]; loop: boolean }[] = [];
    if (node.type === 'if_statement' || node.type === 'case_statement') nested.push(...branchBodies(node).map((block) => ({ block, loop: false })));
    else if (node.type === 'compound_statement') nested.push({ block: statementsOf(node), loop: false });
    else if (node.type === 'for_statement' || node.type === 'while_statement' || node.type === 'until_statement' || node.type === 'c_style_for_statement') {
      const body = node.childForFieldName('body');
      if (body) nested.push({ block: statementsOf(body), loop: true });
    } else if (node.type === 'command') {
      const name = commandName(node);
      const body = name !== undefined && !ctx.visiting.has(name) ? ctx.functions.get(name)?.childForFieldName('body') : undefined;
      if (body?.type === 'compound_statement') {
        ctx.visiting.add(name!);
        try {
          jobs.push(...collectJobs(statementsOf(body), after, scan, inLoop, calledFrom ?? statement));
        } finally {
          ctx.visiting.delete(name!);
        }
      }
    }
    for (const { block, loop } of nested) jobs.push(...collectJobs(block, after, scan, inLoop || loop, calledFrom));
  }
  return jobs;
}

/**
 * Daemon starts in `list` and in the branches of its `if`/`case` statements and `{ }` groups (not in loops, where a
 * job would be started on every pass, nor in functions, whose body serves every call), minus the ones stopped again
 * before the launch. `finalCommands`: the launch's own programs (a start the script goes on past is none of them).
 */
function collectDaemonStarts(list: Statement[], rest: Statement[], scan: JobScan, finalCommands: ReadonlySet<number>): DaemonStartCandidate[] {
  const starts: DaemonStartCandidate[] = [];
  for (const [i, statement] of list.entries()) {
    const after = [...list.slice(i + 1), ...rest];
    const node = unwrapRedirects(statement.node);
    const blocks = node.type === 'if_statement' || node.type === 'case_statement' ? branchBodies(node) : node.type === 'compound_statement' ? [statementsOf(node)] : [];
    for (const block of blocks) starts.push(...collectDaemonStarts(block, after, scan, finalCommands));
    if (blocks.length > 0) continue;
    const start = daemonStart(statement, finalCommands);
    if (start && !stoppedBeforeLaunch(start.command, after, scan)) starts.push(start);
  }
  return starts;
}

/** The literal words after the program word (`-g`, `daemon off;`), for recognising how it is started. */
function argsAfterProgram(site: ProgramSite): string[] {
  const from = site.programWord?.endIndex ?? site.command.startIndex;
  return commandArguments(site.command).filter((a) => a.startIndex >= from).map((a) => literalWord(a) ?? a.text);
}

/**
 * execwrap's own wrapper: its prelude plus the waiting call (anywhere: in a branch, after `&&`); execwrap 0.1's too,
 * whose call had another name (EW119 reports that one).
 */
function isGenerated(text: string, index: SyntaxIndex): boolean {
  return text.includes(PRELUDE_MARKER) && index.byType('command').some((c) => commandName(c) === WAIT_FUNCTION || commandName(c) === V1_WAIT_FUNCTION);
}

/**
 * Whether a job's PID reaches execwrap's wrapper: `_ew_started "$!"` right after it, or `NAME=$!` right after it with
 * `$NAME` handed to `_ew_started` or `_ew_wait` later (the pipeline fix's reader).
 */
function handedToWrapper(job: Statement, statements: Statement[]): boolean {
  const next = nextStatement(job, statements);
  if (!next) return false;
  const command = unwrapRedirects(next.node);
  if (commandName(command) === STARTED_FUNCTION) return true;
  const variable = command.type === 'variable_assignment' && /^\$!$|^"\$!"$/.test(command.childForFieldName('value')?.text ?? '') ? command.childForFieldName('name')?.text : undefined;
  if (!variable) return false;
  const mention = new RegExp(`\\$\\{?${variable}\\b`);
  return statements.some((s) => s.node.startIndex > next.node.startIndex && [STARTED_FUNCTION, WAIT_FUNCTION].includes(commandName(unwrapRedirects(s.node)) ?? '') && mention.test(s.node.text));
}

/** The statement after `job` in the block that holds it (the job may sit in a branch or a function body). */
function nextStatement(job: Statement, statements: Statement[]): Statement | undefined {
  const sibling = job.node.nextNamedSibling;
  const following = sibling?.type === 'comment' ? nextNonComment(sibling) : sibling;
  if (following) return { node: following, background: following.nextSibling?.type === '&', end: following.endIndex };
  return statements.find((s) => s.node.startIndex >= job.end);
}

function nextNonComment(node: Node): Node | null {
  let current: Node | null = node;
  while (current?.type === 'comment') current = current.nextNamedSibling;
  return current;
}

/**
 * The tail of a block: trailing cleanup is skipped, then the last statement decides what the
 * block ends in. Used for the script itself, for branches and for function bodies.
 */
export function blockTerminal(
  statements: Statement[],
  ctx: Context,
  contexts: SiteContext[],
): { terminal: Terminal; index: number; trailing: Statement[] } {
  let index = statements.length - 1;
  while (index >= 0 && isCleanup(statements[index]!)) index--;
  if (index < 0) return { terminal: { kind: 'nothing' }, index: -1, trailing: statements };
  const trailing = statements.slice(index + 1);
  let terminal = statementTerminal(statements[index]!, ctx, contexts);
  // `exec >log 2>&1` as the last step launches nothing: look further up, as the shell would run on.
  while (terminal.kind === 'nothing' && isRedirectOnlyExec(statements[index]!.node) && index > 0) {
    index--;
    terminal = statementTerminal(statements[index]!, ctx, contexts);
  }
  // `app & pid=$!; wait "$pid"; sh poststop.sh` under a trap that passes the stop on to the jobs: the program after
  // the `wait` runs once they have ended, so it is cleanup and the `wait` is the launch (pi-hole's start.sh). Without
  // such a trap (`migrate & seed & wait; server`) the program after the wait is the launch, as before.
  const waitAt = ctx.forwardingTrap && terminal.kind === 'programs' && terminal.sites.every((s) => !s.exec) ? waitAfterJobs(statements, index) : -1;
  if (waitAt >= 0) return { terminal: { kind: 'wait', statement: statements[waitAt]! }, index: waitAt, trailing: statements.slice(waitAt + 1) };
  if (terminal.kind === 'programs' && trailing.length > 0 && contexts.length > 0) {
    terminal = { kind: 'programs', sites: terminal.sites.map((s) => ({ ...s, blocker: s.blocker ?? 'cleanup-in-block' })) };
  }
  if (trailing.length > 0 && contexts.length > 0) terminal = blockedLaunches(terminal);
  return { terminal, index, trailing };
}

/** The last plain `wait` before `index` that has a job started before it in the same block, or -1. */
function waitAfterJobs(statements: Statement[], index: number): number {
  for (let i = index - 1; i > 0; i--) {
    const node = unwrapRedirects(statements[i]!.node);
    if (statements[i]!.background || node.type !== 'command' || commandName(node) !== 'wait') continue;
    return statements.slice(0, i).some((s) => s.background) ? i : -1;
  }
  return -1;
}

function statementTerminal(statement: Statement, ctx: Context, contexts: SiteContext[]): Terminal {
  if (statement.background) return { kind: 'nothing' };
  const node = unwrapRedirects(statement.node);
  switch (node.type) {
    case 'command':
      return commandTerminal(statement, node, ctx, contexts);
    case 'list':
      return listTerminal(statement, node, ctx, contexts);
    case 'pipeline':
      return pipelineTerminal(statement, node, ctx, contexts);
    case 'if_statement':
    case 'case_statement':
      return branchesTerminal(node, ctx, contexts);
    case 'compound_statement':
      return blockTerminal(statementsOf(node), ctx, contexts).terminal;
    case 'subshell': {
      const inner = blockTerminal(statementsOf(node), ctx, contexts).terminal;
      if (inner.kind !== 'programs') return blockedLaunches(inner);
      return { kind: 'programs', sites: inner.sites.map((s) => ({ ...s, blocker: s.blocker ?? 'subshell' })) };
    }
    case 'while_statement':
    case 'until_statement':
    case 'for_statement':
      return loopTerminal(statement, node, ctx);
    default:
      return { kind: 'nothing' };
  }
}

function commandTerminal(statement: Statement, command: Node, ctx: Context, contexts: SiteContext[]): Terminal {
  const name = commandName(command);
  if (name === 'wait' || name === WAIT_FUNCTION) return { kind: 'wait', statement };
  if (isKeepAlive(command)) return { kind: 'keepalive', statement };
  if (statement.node.type !== 'redirected_statement' && isInteractiveShell(command)) return { kind: 'keepalive', statement, interactive: true };
  if (name === 'eval') {
    // `eval exec "$CMD"` / `eval "exec $CMD"`: whatever the text names replaces the shell, as a plain exec would.
    const evaluated = evaluatedExec(command, ctx.scope.variables);
    if (!evaluated) return { kind: 'unknown', launches: [{ reason: 'eval', node: command }] };
    const contextList: SiteContext[] = contexts.length === 0 ? ['direct'] : contexts;
    return { kind: 'programs', sites: [{ command, statement, programWord: evaluated, exec: true, background: statement.background, contexts: contextList }] };
  }
  const daemon = daemonizing(command);
  if (daemon) return { kind: 'unknown', launches: [{ reason: 'daemon', node: daemon }] };
  if (name !== undefined && ctx.functions.has(name) && !ctx.visiting.has(name)) {
    ctx.visiting.add(name);
    try {
      const body = ctx.functions.get(name)!.childForFieldName('body');
      if (!body) return { kind: 'nothing' };
      const inner = body.type === 'compound_statement' ? statementsOf(body) : [{ node: body, background: false, end: body.endIndex }];
      return blockTerminal(inner, ctx, [...contexts, 'function']).terminal;
    } finally {
      ctx.visiting.delete(name);
    }
  }
  const external = name !== undefined && !ctx.functions.has(name) ? ctx.scope.external.get(name) : undefined;
  if (external && !ctx.visiting.has(name!)) return externalTerminal(statement, command, external, ctx, contexts);
  const site = siteForCommand(statement, command, contexts, ctx);
  return site ? { kind: 'programs', sites: [site] } : { kind: 'nothing' };
}

/**
 * A call of a function defined in a sourced file, summarised at the call: the programs it ends in decide whether
 * the launch is exec'd, but no edit can be made here (the exec belongs in the other file) and none is made there.
 */
function externalTerminal(statement: Statement, call: Node, external: { file: SourcedFile; definition: Node }, ctx: Context, contexts: SiteContext[]): Terminal {
  const name = commandName(call)!;
  const body = external.definition.childForFieldName('body');
  if (!body) return { kind: 'nothing' };
  ctx.visiting.add(name);
  let inner: Terminal;
  try {
    const statements = body.type === 'compound_statement' ? statementsOf(body) : [{ node: body, background: false, end: body.endIndex }];
    inner = blockTerminal(statements, { ...ctx, functions: external.file.functions }, ['function']).terminal;
  } finally {
    ctx.visiting.delete(name);
  }
  if (inner.kind === 'unknown') return { kind: 'unknown', launches: inner.launches.map((l) => ({ ...l, node: call, external: true })) };
  if (inner.kind !== 'programs') return { kind: 'nothing' };
  const exec = inner.sites.every((s) => s.exec);
  const first = inner.sites.find((s) => !s.exec) ?? inner.sites[0]!;
  const nameWord = call.childForFieldName('name');
  return {
    kind: 'programs',
    sites: [
      {
        command: call,
        statement,
        ...(nameWord ? { programWord: nameWord } : {}),
        programName: name,
        exec,
        background: statement.background,
        contexts: [...(contexts.length === 0 ? ['direct' as const] : contexts), 'function'],
        external: external.file,
        word: { file: external.file, inner: first.programName ?? first.programWord?.text ?? first.command.text.split('\n')[0]! },
        ...(exec ? {} : { blocker: 'external-function' as const }),
      },
    ],
  };
}

/**
 * The first argument of an `eval` whose evaluated text starts with `exec ` (`eval exec …`, `eval "exec …"`, or
 * `eval ${exec_cmd} …` where every value the script gives `exec_cmd` starts with `exec`).
 */
export function evaluatedExec(command: Node, variables: Variables = new Map()): Node | undefined {
  const first = commandArguments(command)[0];
  if (!first) return undefined;
  const text = first.text.replace(/^["']/, '');
  if (/^exec(\s|$)/.test(text)) return first;
  const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))(?=\s|$|")/.exec(text);
  const values = variable ? variables.get(variable[1] ?? variable[2]!) : undefined;
  return values && values.length > 0 && values.every((v) => v.firstWord === 'exec') ? first : undefined;
}

/** Whether an `eval`'s text may start with `exec` already (so `exec` must not be added in front of it). */
export function evalMayExec(command: Node, variables: Variables): boolean {
  const text = commandArguments(command)[0]?.text.replace(/^["']/, '') ?? '';
  const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text);
  if (!variable) return false;
  const values = variables.get(variable[1] ?? variable[2]!) ?? [];
  return values.some((v) => v.firstWord === 'exec');
}

function listTerminal(statement: Statement, list: Node, ctx: Context, contexts: SiteContext[]): Terminal {
  const [left, right] = [list.namedChildren[0], list.namedChildren[list.namedChildren.length - 1]];
  if (!left || !right) return { kind: 'nothing' };
  const lastOperator = [...list.children].reverse().find((c) => c && !c.isNamed && (c.type === '&&' || c.type === '||'));
  if (lastOperator?.type === '||') {
    // `server || { echo crashed; exit 1; }`: the program is on the left; exec would lose the fallback.
    const leftTerminal = statementTerminal({ node: left, background: false, end: left.endIndex }, ctx, [...contexts, 'and-list']);
    if (leftTerminal.kind !== 'programs') return blockedLaunches(leftTerminal);
    return { kind: 'programs', sites: leftTerminal.sites.map((s) => ({ ...s, statement, blocker: s.blocker ?? 'or-fallback' })) };
  }
  const inner = statementTerminal({ node: right, background: false, end: right.endIndex }, ctx, [...contexts, 'and-list']);
  const before = list.namedChildren[list.namedChildren.length - 2];
  if (inner.kind === 'keepalive' && before && inner.statement.node.id === right.id) return { ...inner, chain: { list, left: before } };
  if (inner.kind !== 'programs') return inner;
  return { kind: 'programs', sites: inner.sites.map((s) => ({ ...s, statement })) };
}

function pipelineTerminal(statement: Statement, pipeline: Node, ctx: Context, contexts: SiteContext[]): Terminal {
  for (const part of pipeline.namedChildren) {
    if (!part) continue;
    const inner = statementTerminal({ node: part, background: false, end: part.endIndex }, ctx, contexts);
    if (inner.kind === 'programs') {
      return { kind: 'programs', sites: inner.sites.map((s) => ({ ...s, statement, pipeline, blocker: s.blocker ?? 'pipeline' })) };
    }
    if (inner.kind !== 'nothing') return blockedLaunches(inner);
  }
  return { kind: 'nothing' };
}

function branchesTerminal(node: Node, ctx: Context, contexts: SiteContext[]): Terminal {
  const sites: ProgramSite[] = [];
  const launches: UnknownLaunch[] = [];
  let special: Terminal | undefined;
  for (const branch of branchBodies(node)) {
    const { terminal } = blockTerminal(branch, ctx, [...contexts, 'branch']);
    if (terminal.kind === 'programs') sites.push(...terminal.sites);
    else if (terminal.kind === 'unknown') launches.push(...terminal.launches);
    else if (terminal.kind !== 'nothing') special ??= terminal;
  }
  if (launches.length > 0) return { kind: 'unknown', launches };
  if (sites.length > 0) return { kind: 'programs', sites };
  return special ?? { kind: 'nothing' };
}

/** The statement lists of every branch of an if or case statement. */
export function branchBodies(node: Node): Statement[][] {
  const bodies: Statement[][] = [];
  if (node.type === 'if_statement') {
    bodies.push(statementsAfterToken(node, 'then', ['condition']));
    for (const clause of node.namedChildren) {
      if (clause?.type === 'elif_clause') bodies.push(statementsAfterToken(clause, 'then', ['condition']));
      if (clause?.type === 'else_clause') bodies.push(statementsAfterToken(clause, 'else'));
    }
  } else {
    for (const item of node.namedChildren) {
      if (item?.type === 'case_item') bodies.push(statementsAfterToken(item, ')', ['value']));
    }
  }
  return bodies;
}

function loopTerminal(statement: Statement, loop: Node, ctx: Context): Terminal {
  const body = loop.childForFieldName('body');
  if (!body) return { kind: 'nothing' };
  const inner = statementsOf(body);
  if (loop.type !== 'for_statement' && inner.length > 0 && inner.every((s) => isSleepOrWait(s)) && neverEnds(loop)) {
    const name = (s: Statement) => commandName(unwrapRedirects(s.node));
    const responsive = inner.some((s) => s.background && name(s) === 'sleep') && inner.some((s) => !s.background && name(s) === 'wait');
    return { kind: 'keepalive', statement, ...(responsive ? { responsive } : {}) };
  }
  if (loop.type !== 'for_statement') {
    // `while true; do server; sleep 1; done`: any long-running program in the body is being restarted.
    const runsProgram = inner.some((s) => !s.background && statementTerminal(s, ctx, ['branch']).kind === 'programs');
    if (runsProgram) return { kind: 'unknown', launches: [{ reason: 'restart-loop', node: loop }] };
  }
  const terminal = blockTerminal(inner, ctx, ['branch']).terminal;
  if (terminal.kind === 'unknown') return blockedLaunches(terminal);
  return isEndless(loop) ? { kind: 'task', statement } : { kind: 'nothing' };
}

/** `while true`, `while :`, `while sleep 60`, `until false`: a loop that runs until the container stops. */
function isEndless(loop: Node): boolean {
  if (loop.type === 'for_statement') return false;
  const conditions = loop.childrenForFieldName('condition').filter((n): n is Node => n !== null && n.isNamed);
  const last = conditions[conditions.length - 1];
  const command = last ? unwrapRedirects(last) : undefined;
  const name = command ? commandName(command) : undefined;
  const until = loop.children.some((c) => c?.type === 'until');
  return until ? name === 'false' : name === 'true' || name === ':' || name === 'sleep';
}

/** The program a background statement starts, or undefined when it is a short-lived task. */
function programSite(statement: Statement, ctx: Context, contexts: SiteContext[]): ProgramSite | undefined {
  const terminal = statementTerminal({ ...statement, background: false }, ctx, contexts);
  if (terminal.kind !== 'programs') return undefined;
  const site = terminal.sites[terminal.sites.length - 1]!;
  // `tail -F /var/log/cron.log &` echoes a log next to the real program: not one the container exists for (it is
  // still handed to the wrapper, as another `&` job, when the script gets one).
  if (site.programName === 'tail') return undefined;
  return { ...site, statement, background: true };
}

function siteForCommand(statement: Statement, command: Node, contexts: SiteContext[], ctx: Context): ProgramSite | undefined {
  const program = effectiveProgram(command, ctx.scope.variables);
  if (!program) return undefined;
  if (program.name !== undefined && SHORT_LIVED.has(program.name) && !(program.name === 'sleep' && isKeepAlive(command))) return undefined;
  // A builtin named directly is never a program (`exec popd` fails); `exec`, `nohup` and friends were looked through.
  const nameWord = command.childForFieldName('name');
  const literalName = nameWord ? literalWord(nameWord) : undefined;
  if (!program.exec && literalName !== undefined && BUILTINS.has(literalName) && literalName !== 'exec') return undefined;
  const site: ProgramSite = {
    command,
    statement,
    programWord: program.word,
    ...(program.name !== undefined ? { programName: program.name } : {}),
    exec: program.exec,
    background: statement.background,
    contexts: contexts.length === 0 ? ['direct'] : contexts,
  };
  return program.exec || !nameWord ? site : { ...site, ...execRisk(nameWord, literalName, program.name, ctx) };
}

/**
 * Whether `exec` may go in front of the command word, when it is not a plain program: a variable that holds `exec`
 * or a function, a variable from the environment, a name a sourced file that could not be read may define.
 */
function execRisk(nameWord: Node, literalName: string | undefined, programName: string | undefined, ctx: Context): Pick<ProgramSite, 'blocker' | 'caveat' | 'word'> {
  const variable = variableWord(nameWord, ctx.scope.variables);
  const isFunction = (word: string) => BUILTINS.has(word) || ctx.functions.has(word) || ctx.scope.external.has(word);
  if (variable) {
    switch (variable.kind) {
      case 'positional':
        return {};
      case 'environment':
        return { caveat: 'environment', word: { variable: variable.variable } };
      case 'exec':
        return {};
      case 'some-exec':
        return { blocker: 'holds-exec', word: { variable: variable.variable, withExec: variable.withExec, other: variable.without } };
      case 'values': {
        const named = variable.values.find((v) => v.firstWord !== undefined && isFunction(v.firstWord));
        if (named) return { blocker: 'function-value', word: { variable: variable.variable, other: named } };
        const unknown = variable.values.find((v) => v.firstWord === undefined);
        return unknown ? { caveat: 'environment', word: { variable: variable.variable, other: unknown } } : {};
      }
    }
  }
  if (literalName === undefined || literalName.includes('/') || ctx.scope.unread.length === 0) return {};
  const file = ctx.scope.unread[0]!;
  // A well-known program is almost never shadowed by a function: the fix is offered, as unsafe.
  return programName !== undefined && isKnownProgram(programName) ? { caveat: 'maybe-function', word: { file } } : { blocker: 'maybe-function', word: { file } };
}


/**
 * The word that names the program a command runs, looking through `exec`, `nohup`, `env`, gosu and
 * friends (all of which end in an exec of the program, so the program keeps the process).
 */
export function effectiveProgram(command: Node, variables: Variables = new Map()): { word?: Node; name?: string; exec: boolean } | undefined {
  const nameNode = command.childForFieldName('name');
  if (!nameNode) return undefined;
  const words = [nameNode, ...commandArguments(command)];
  let exec = false;
  let i = 0;
  const first = literalWord(words[0]!);
  // `${exec_cmd} neo4j console` with `exec_cmd="exec gosu neo4j"`: the word itself is the exec.
  if (first === 'exec' || (first === undefined && variableWord(words[0]!, variables)?.kind === 'exec')) {
    exec = true;
    i = 1;
    // bash: exec [-cl] [-a name]
    while (i < words.length && /^-[cla]+$/.test(words[i]!.text)) i += words[i]!.text.includes('a') ? 2 : 1;
    if (i >= words.length) return undefined;
  }
  const texts = words.map((w) => w.text);
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const word = literalWord(words[i]!);
    const base = word === undefined ? undefined : basename(word);
    if (base === undefined || (!PREFIX_COMMANDS.has(base) && !PRIVILEGE_EXECERS.has(base))) break;
    i = programIndexAfter(base, texts, i);
  }
  const word = words[Math.min(i, words.length - 1)]!;
  const literal = literalWord(word);
  return { word, ...(literal !== undefined ? { name: basename(literal) } : {}), exec };
}

function isCleanup(statement: Statement): boolean {
  if (statement.background) return false;
  const node = unwrapRedirects(statement.node);
  // `status=$?` after the final `wait -n`: it keeps the status for the lines that follow.
  if (node.type === 'variable_assignment' || node.type === 'variable_assignments') return true;
  if (node.type !== 'command') return false;
  const name = commandName(node);
  // `kill $pid` or `nginx -s quit` once the main program has ended stops a helper: cleanup, not a launch.
  return name !== undefined && (CLEANUP.has(name) || name === 'kill' || stopRequest(node) !== undefined);
}

export function isRedirectOnlyExec(node: Node): boolean {
  const command = unwrapRedirects(node);
  return command.type === 'command' && commandName(command) === 'exec' && commandArguments(command).length === 0;
}

/**
 * `while true`, `while :`, `until false`: a loop only a signal ends. `until nslookup db; do sleep 2; done` and
 * `while ! nc -z db 5432; do sleep 1; done` wait for something and end: setup (an init container's whole job), not
 * a keep-alive.
 */
function neverEnds(loop: Node): boolean {
  const conditions = loop.childrenForFieldName('condition').filter((n): n is Node => n !== null && n.isNamed);
  if (conditions.length !== 1) return false;
  const condition = unwrapRedirects(conditions[0]!);
  const text = condition.text.replace(/;\s*$/, '').trim();
  const always = loop.type === 'while_statement' ? /^(true|:|\[ 1 \]|\[ 1 = 1 \]|\[\[ 1 \]\])$/ : /^false$/;
  return always.test(text);
}

function isSleepOrWait(statement: Statement): boolean {
  const node = unwrapRedirects(statement.node);
  if (node.type !== 'command') return false;
  const name = commandName(node);
  return name === 'sleep' || name === 'wait' || name === 'true' || name === ':';
}

/** `tail -f /dev/null`, `sleep infinity`, `sleep 1d`: commands whose only job is to never end. */
export function isKeepAlive(command: Node): boolean {
  const name = commandName(command);
  const args = commandArguments(command).map((a) => literalWord(a) ?? a.text);
  // `tail -f /var/log/app.log` forwards a log to the container's output: a program, not a keep-alive.
  if (name === 'tail') return args.some((a) => /^-[A-Za-z]*[fF]/.test(a) || a === '--follow') && args.filter((a) => !a.startsWith('-')).every((a) => a === '/dev/null');
  if (name === 'sleep') return args.some((a) => a === 'infinity' || a === 'inf' || /^\d+[dh]$/.test(a) || (/^\d+$/.test(a) && Number(a) >= 3600));
  return false;
}

/**
 * A bare shell as the last command (`bash`, `/bin/sh`, `bash -l`): it reads commands from its input, so it holds the
 * container only while an interactive session (`docker run -it`) keeps that open; without one it ends at once.
 */
export function isInteractiveShell(command: Node): boolean {
  const name = commandName(command);
  if (name === undefined || !/^(ba|da|z|k|a)?sh$/.test(basename(name))) return false;
  return commandArguments(command).every((a) => /^(-i|-l|--login|-il|-li|--norc|--noprofile)$/.test(a.text));
}

/**
 * A daemon start among a top-level statement: the statement itself (maybe in the background), or the first or last
 * step of an `&&` chain. `form` is undefined (and the start not convertible) when it is not one execwrap has a
 * foreground form for; `placement` is undefined where `&` cannot go (after `||`, in the middle of a chain).
 */
type DaemonStartCandidate = { command: Node; statement: Statement; form?: ForegroundForm | NoForm; placement?: DaemonStart['placement']; element?: Node; next?: Node };

function daemonStart(statement: Statement, finalCommands: ReadonlySet<number>): DaemonStartCandidate | undefined {
  const node = unwrapRedirects(statement.node);
  const command = daemonizing(statement.node, finalCommands);
  if (!command) return undefined;
  const form = foregroundForm(command);
  const base = { command, statement, ...(form ? { form } : {}) };
  if (node.type === 'command') return { ...base, placement: statement.background ? 'background' : 'whole' };
  if (node.type !== 'list' || statement.background) return base;
  const { elements, operators } = flattenChain(node);
  if (operators.some((o) => o !== '&&')) return base;
  const at = elements.findIndex((e) => e.startIndex <= command.startIndex && command.endIndex <= e.endIndex);
  // `( … exec prog )` as the last step of a chain would leave a subshell between the job's PID and the program.
  if (at === elements.length - 1) return form && !isNoForm(form) && form.replace?.startsWith('(') ? base : { ...base, placement: 'chain-last' };
  if (at === 0) return { ...base, placement: 'chain-first', element: elements[0]!, next: elements[1]! };
  return base;
}

/** The steps and operators of an and/or chain (`a && b || c`), in order. */
function flattenChain(list: Node): { elements: Node[]; operators: string[] } {
  const elements: Node[] = [];
  const operators: string[] = [];
  const walk = (node: Node) => {
    if (node.type !== 'list') {
      elements.push(node);
      return;
    }
    for (const child of node.children) {
      if (!child) continue;
      if (child.isNamed) walk(child);
      else if (child.type === '&&' || child.type === '||') operators.push(child.type);
    }
  };
  walk(list);
  return { elements, operators };
}

/**
 * A command that starts a daemon and returns, leaving nothing for the script to forward to. `finalCommands`: given for
 * a start before the launch, the launch's own programs; any other command there is one the script goes on past.
 */
export function daemonizing(node: Node, finalCommands?: ReadonlySet<number>): Node | undefined {
  const command = unwrapRedirects(node);
  if (command.type === 'list') {
    for (const part of command.namedChildren) {
      const found = part ? daemonizing(part, finalCommands) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  if (command.type !== 'command') return undefined;
  const program = effectiveProgram(command);
  const name = program?.name;
  if (name === undefined) return undefined;
  const words = commandArguments(command).map((a) => literalWord(a) ?? a.text);
  const word = program?.word ? literalWord(program.word) ?? '' : '';
  if (SERVICE_MANAGERS.has(name) && words.some((w) => /^(start|restart|-k)$/.test(w))) return command;
  // An init script is a daemon start only with `start`/`restart` (`/etc/init.d/nginx stop` is not nginx).
  if (word.startsWith('/etc/init.d/') || word.startsWith('/etc/rc.d/')) return words.some((w) => /^(start|restart)$/.test(w)) ? command : undefined;
  // nginx, cron, crond, sshd, rsyslogd detach unless told not to; php-fpm -D, redis-server --daemonize yes and
  // memcached -d when told to (the program table, programs.ts, knows their flags).
  const from = program?.word?.endIndex ?? command.startIndex;
  const args = commandArguments(command).filter((a) => a.startIndex >= from).map((a) => literalWord(a) ?? a.text);
  const goneOn = finalCommands !== undefined && !finalCommands.has(command.id) && !program?.exec;
  return detachesAsDaemon(name, args, goneOn) ? command : undefined;
}


/**
 * A job the script itself ends before the launch: a temporary server during initialisation (`"$@" --skip-networking
 * &`, `PID=$!`, setup, then `kill "$PID"; wait "$PID"` in a function called later, as the MariaDB entrypoint does, or
 * the server's own stop request: `mysqladmin shutdown`, `echo SHUTDOWN | mysql`, `pg_ctl stop`, server-stops.ts)
 * or parallel setup steps it waits for before launching its program (`for f in *.sql; do load "$f" & done; wait`,
 * then `exec postgres`). Its PID is the `V=$!` (or
 * `pids+=($!)`) that follows it in its block; the `kill`/`wait` may be anywhere in the code that runs after it,
 * including functions called there, but not in a trap handler (that runs at the stop) and not the launch's own wait.
 */
function finishedBeforeLaunch(job: Statement, sameBlock: Statement[], after: Statement[], scan: JobScan): boolean {
  let variable: string | undefined;
  for (const statement of sameBlock) {
    if (statement.background) break;
    const match = /^(?:(?:declare|local|typeset)\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=\(?\s*"?\$(?:!|\{!\})"?\s*\)?$/.exec(statement.node.text.trim());
    if (match) {
      variable = match[1];
      break;
    }
  }
  const names = variable === undefined ? undefined : new RegExp(`\\$\\{?${variable}\\b`);
  const server = jobProgram(job, scan.ctx);
  return reachableCommands(after, scan).some((command) => {
    const name = commandName(command);
    const args = commandArguments(command);
    const text = args.map((a) => a.text).join(' ');
    if (name === 'kill' && ((names !== undefined && names.test(text)) || /%[\d%+-]|\$!|\$\(\s*jobs\s+-p/.test(text))) return true;
    // Waiting counts as the end of a setup step only when another program is launched afterwards; a script that ends in
    // waiting (`wait $pid; trap - TERM; wait $pid`) is waiting for its programs.
    if (name === 'wait') return scan.launchIsProgram && (args.length === 0 || (names !== undefined && names.test(text) && !args.some((a) => a.text === '-n')));
    const request = server === null ? undefined : stopRequest(command);
    return request !== undefined && server !== null && scan.launchIsProgram && stops(request, server);
  });
}

/** A daemon started by `command` that a later stop request ends before the launch (`service mysql stop`). */
function stoppedBeforeLaunch(command: Node, after: Statement[], scan: JobScan): boolean {
  if (!scan.launchIsProgram) return false;
  const words = commandArguments(command).map((a) => literalWord(a) ?? a.text);
  const name = commandName(command) ?? '';
  // `service mysql start` starts mysql; `/etc/init.d/mysql start` too; `nginx` starts nginx.
  const base = basename(name);
  const server = base === 'apachectl' || base === 'apache2ctl' ? 'apache2' : base === 'systemctl' ? words[1] ?? '' : SERVICE_MANAGERS.has(base) ? words[0] ?? '' : base;
  return reachableCommands(after, scan).some((c) => {
    const request = stopRequest(c);
    return request !== undefined && stops(request, server);
  });
}

/**
 * The program a background job runs, for matching it with a stop request: its name, undefined when the script only
 * knows it at run time (`"$@" --skip-networking &`), null when the job is not one command (a pipeline, a subshell).
 */
function jobProgram(job: Statement, ctx: Context): string | undefined | null {
  const command = unwrapRedirects(job.node);
  if (command.type !== 'command') return null;
  const program = effectiveProgram(command, ctx.scope.variables);
  if (!program?.word) return null;
  return program.name;
}

/** Every command that runs in these statements, following calls into the script's functions; not the launch's wait. */
function reachableCommands(statements: Statement[], scan: JobScan): Node[] {
  const found: Node[] = [];
  const seen = new Set<string>();
  const skip = scan.terminal ? [scan.terminal.node.startIndex, scan.terminal.end] : undefined;
  const visit = (start: number, end: number) => {
    for (const command of scan.index.within('command', start, end)) {
      if (skip && command.startIndex >= skip[0]! && command.endIndex <= skip[1]!) continue;
      found.push(command);
      const name = commandName(command);
      const body = name !== undefined && !seen.has(name) ? scan.ctx.functions.get(name)?.childForFieldName('body') : undefined;
      if (body) {
        seen.add(name!);
        visit(body.startIndex, body.endIndex);
      }
    }
  };
  for (const statement of statements) {
    // After the launch: a `kill "$pid"` in the cleanup after the final `wait` (or in a function it calls) runs once
    // the job has ended by itself, so it does not end the job before the launch.
    if (skip && statement.node.startIndex >= skip[1]!) continue;
    visit(statement.node.startIndex, statement.end);
  }
  return found;
}

/** `( nohup dockerd & )`: a helper started in a throwaway subshell; its PID is lost to the script. */
function findDetached(index: SyntaxIndex): Node[] {
  return index.byType('subshell').filter((node) => statementsOf(node).some((s) => s.background));
}

/**
 * Every `trap ACTION SIGNAL…` of the script, with what its handler does (trap-facts.ts): read from the commands of its
 * action string parsed as shell, following calls into the functions of the script and of the files it sources.
 */
function findTraps(index: SyntaxIndex, functions: Map<string, Node>, scope: Scope): TrapInfo[] {
  const lookup = (name: string) => functions.get(name) ?? scope.external.get(name)?.definition;
  const traps: TrapInfo[] = [];
  for (const node of index.byType('command')) {
    const parts = trapParts(node);
    if (!parts) continue;
    const handlerName = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/.exec(parts.actionText)?.[1];
    const handler = handlerName ? lookup(handlerName) : undefined;
    traps.push({ node, signals: parts.signals, signalNames: parts.signalNames, ...(handler ? { handler } : {}), actionText: parts.actionText, ...trapFacts(parts.actionText, lookup) });
  }
  return traps;
}


