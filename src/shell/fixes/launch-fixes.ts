import type { DaemonStart, ProgramSite } from '../analyze/launch.js';
import { parseShellFragment, type Node } from '../parse/shell-parser.js';
import { BUILTINS } from '../analyze/names.js';
import type { Fix, TextEdit } from '../../core/model.js';
import type { AnalyzedScript } from '../analyze/model.js';
import { commandArguments, commandName, literalWord, statementsOf, unwrapRedirects, type Statement } from '../parse/nodes.js';
import { LOG_FIFO_REDIRECT, renderLaunchLines, type LaunchLines, renderPipelineLaunch, renderPrelude, type WaitReason, type WaitRule } from '../render/wrapper.js';
import { mergeInsertions } from '../../core/apply.js';

/** Commands after the program that `exec` may skip without losing anything a user would miss. */
const SKIPPABLE_AFTER_EXEC = new Set(['exit', 'true', ':']);

/**
 * The fix for a single program that is not exec'd: `exec` before the command word (after any `FOO=1` prefix), or
 * the wrapper with that one program when `exec` would skip something the script still does after it: cleanup lines,
 * or an EXIT trap (`trap cleanup EXIT` runs when the shell exits; after `exec` there is no shell left to run it).
 */
export function execFix(script: AnalyzedScript, site: ProgramSite): Fix | undefined {
  if (site.blocker === 'pipeline') return pipelineFix(script, site);
  if (site.exec || site.blocker) return undefined;
  const topLevel = site.contexts.every((c) => c === 'direct' || c === 'and-list');
  const skipped = script.launch.trailing.some((s) => !SKIPPABLE_AFTER_EXEC.has(commandName(s.node) ?? '')) || hasExitTrap(script);
  if (skipped) return topLevel && !site.caveat ? wrapperFix(script) : undefined;
  const name = site.command.childForFieldName('name');
  if (!name) return undefined;
  // A word that may hold `exec`, a function or a builtin: right in the usual case, wrong in the other (unsafe).
  return { edits: [{ start: name.startIndex, end: name.startIndex, text: 'exec ' }], ...(site.caveat ? { applicability: 'unsafe' as const } : {}) };
}

/** `trap … EXIT` (or `0`): what it runs would be lost if the shell were replaced by `exec`. */
export function hasExitTrap(script: AnalyzedScript): boolean {
  return script.launch.traps.some((t) => t.signalNames.includes('EXIT'));
}

/** How the wrapper's wait replaces the line that decided when the script ended. */
interface WaitPlan {
  rule: WaitRule;
  pids: string[];
  reason: WaitReason;
}

/**
 * `wait` → all, `wait "$a" "$b"` → all of those, `wait -n` → first. Undefined for what the wrapper cannot mirror
 * (`wait -n` with PIDs, `wait %1` job specs, `-p VAR`, `-f`).
 */
function waitPlan(statement: Statement): WaitPlan | undefined {
  const command = unwrapRedirects(statement.node);
  if (command.type !== 'command') return undefined;
  const args = commandArguments(command).map((a) => a.text);
  if (args[0] === '-n') return args.length === 1 ? { rule: 'first', pids: [], reason: 'wait -n' } : undefined;
  if (args.some((a) => a.startsWith('-') || a.includes('%'))) return undefined;
  return { rule: 'all', pids: args, reason: 'wait' };
}

/**
 * EW111's unsafe fix: a daemon start becomes its foreground form as a `&` job (after the lines the init script would
 * have run first), so that the wrapper, in the next pass, forwards the stop signal to it and waits for it.
 */
export function daemonFix(script: AnalyzedScript, start: DaemonStart): Fix {
  const { source } = script;
  const { form, command, statement } = start;
  const eol = source.eol;
  const indent = indentOf(source.text, statement.node.startIndex);
  const edits: TextEdit[] = [];
  if (form.prepare.length > 0) {
    const lineStart = source.text.lastIndexOf('\n', statement.node.startIndex - 1) + 1;
    edits.push({ start: lineStart, end: lineStart, text: form.prepare.map((line) => indent + line + eol).join('') });
  }
  if (form.replace !== undefined) edits.push({ start: command.startIndex, end: command.endIndex, text: form.replace });
  else edits.push(...(form.edits ?? []));
  // `sshd; top -b`: the `;` after it becomes the `&` (`sshd -D & top -b`); `&;` would not parse.
  const separator = /^[ \t]*;(?!;)/.exec(source.text.slice(statement.node.endIndex));
  if ((start.placement === 'whole' || start.placement === 'chain-last') && separator) {
    const at = statement.node.endIndex + separator[0].length - 1;
    edits.push({ start: at, end: at + 1, text: ' &' });
  } else if (start.placement === 'whole' || start.placement === 'chain-last') edits.push({ start: statement.node.endIndex, end: statement.node.endIndex, text: ' &' });
  else if (start.placement === 'chain-first') edits.push({ start: start.element!.endIndex, end: start.next!.startIndex, text: ` &${eol}${indent}` });
  return { edits: mergeInsertions(edits), applicability: 'unsafe' };
}

/** The daemon's command as the fix writes it, for the message. */
export function foregroundText(start: DaemonStart): string {
  const { form, command } = start;
  if (form.replace !== undefined) return form.replace;
  const base = command.startIndex;
  let text = command.text;
  for (const edit of [...(form.edits ?? [])].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start - base) + edit.text + text.slice(edit.end - base);
  return text;
}


/**
 * The forwarding wrapper, applied in place so the diff shows only what changes: the prelude goes in after the
 * script's header, each `&` job gets a line handing its PID to the wrapper, and the line that decided when the
 * script ended (`wait`, `wait -n`, a keep-alive, the final program, an endless loop) becomes the wrapper's wait with
 * the same rule: the fixed script ends when the original did, with the same status. With --fail-fast it ends when
 * the first program ends instead. Every other line stays as it was.
 */
export function wrapperFix(script: AnalyzedScript): Fix | undefined {
  const { launch, source } = script;
  // Daemons first become jobs (EW111's unsafe fix); the wrapper comes in the pass after that.
  if (launch.generated || launch.detached.length > 0 || launch.unknown.length > 0 || launch.daemons.length > 0) return undefined;
  const jobs = launch.background.filter((j) => !j.temporary);
  const { terminal } = launch;
  // Decide first whether the wrapper fits; render only when the fix is applied.
  let plan: WaitPlan | undefined;
  let main: { statement: Statement; site?: ProgramSite } | undefined;
  // The final programs the jobs lead to run under the wrapper; in a branch no job leads to, `exec` is enough.
  const wrapped: ProgramSite[] = [];
  const execOnly: ProgramSite[] = [];
  switch (terminal.kind) {
    case 'wait':
      plan = waitPlan(terminal.statement);
      break;
    case 'keepalive':
      plan = { rule: 'all', pids: [], reason: 'keep-alive' };
      break;
    case 'programs': {
      // `helper &` … `app | tee log`: the pipeline's own fix, with the jobs handed over to the same wrapper.
      const only = terminal.sites.length === 1 ? terminal.sites[0]! : undefined;
      if (only?.blocker === 'pipeline') return pipelineFix(script, only);
      for (const site of terminal.sites) {
        if (site.blocker || site.external || !site.contexts.every((c) => c === 'direct' || c === 'and-list' || c === 'branch')) return undefined;
        // No jobs: the wrapper with the final program alone (`exec` would skip cleanup lines or an EXIT trap).
        const alone = jobs.length === 0 && launch.tasks.length === 0 && terminal.sites.length === 1;
        if (alone || [...jobs.map((j) => j.statement), ...launch.tasks].some((job) => leadsTo(job.node, site.command))) {
          // `${exec_cmd} app` already execs through its variable: there is no `exec` word to take away.
          if (site.exec && literalName(site) !== 'exec') return undefined;
          wrapped.push(site);
        } else if (!site.exec) {
          if (site.caveat) return undefined;
          execOnly.push(site);
        }
      }
      const first = wrapped[0];
      if (!first) return undefined;
      main = { statement: first.statement, site: first };
      plan = { rule: 'main', pids: ['"$!"'], reason: wrapped.every((s) => s.exec) ? 'exec' : 'program' };
      break;
    }
    case 'task':
      if (!launch.statements.some((s) => s.node.id === terminal.statement.node.id)) return undefined;
      main = { statement: terminal.statement };
      plan = { rule: 'main', pids: ['"$!"'], reason: 'task' };
      break;
    case 'nothing':
      // `a & b &` and the end of the script: the container stops at once. Waiting for them changes that, so the
      // wait is an unsafe fix (applied with --unsafe-fixes only), and the finding says so.
      if (jobs.length === 0 || launch.trailing.some((s) => !SKIPPABLE_AFTER_EXEC.has(commandName(s.node) ?? ''))) return undefined;
      plan = { rule: 'all', pids: [], reason: 'added' };
      break;
    default:
      return undefined;
  }
  if (!plan) return undefined;
  if (script.options.failFast) plan = { rule: 'first', pids: [], reason: 'fail-fast' };
  const chosen = plan;
  const tracked = [...jobs.map((j) => ({ statement: j.statement, site: j.site as ProgramSite | undefined })), ...launch.tasks.map((statement) => ({ statement, site: undefined }))]
    .sort((a, b) => a.statement.node.startIndex - b.statement.node.startIndex);
  const firstLaunch = tracked[0]?.statement.node ?? main?.statement.node;
  if (!firstLaunch) return undefined;
  // A compound job (`cd /srv && app &`) needs `exec` inside it; where that word may not take one, no wrapper.
  if ([...jobs.map((j) => j.site), ...wrapped].some(innerExecBlocked)) return undefined;

  const lastStatement = launch.statements[launch.statements.length - 1];
  // Where each edit goes is read from the tree now (it is freed when the analysis ends); the wrapper's lines are
  // rendered only when the fix is applied, so each step is a function of them that holds offsets and text only.
  const eol = source.eol;
  const steps: ((lines: LaunchLines, wait: string) => TextEdit | TextEdit[])[] = [];
  const plainEdit = (edit: TextEdit) => steps.push(() => edit);
  const prelude = preludeOffset(script);
  const dialect = script.dialect;
  for (const job of tracked) {
    const handOver = handOverEdits(script, job);
    steps.push((lines) => handOver(lines.started));
  }
  if (terminal.kind === 'keepalive' && terminal.chain) {
    // `touch /tmp/ready && tail -f /dev/null`: the steps before the keep-alive stay. When one fails the script goes
    // on with its status, as before; otherwise the wait takes the keep-alive's place.
    const start = terminal.chain.left.endIndex;
    const end = terminal.statement.end;
    steps.push((_, wait) => ({ start, end, text: ` && ${wait}` }));
  } else if (terminal.kind === 'wait' || terminal.kind === 'keepalive') {
    const start = terminal.statement.node.startIndex;
    const end = terminal.statement.end;
    steps.push((_, wait) => ({ start, end, text: wait }));
  } else if (main) {
    // The final program, in each branch the jobs lead to (or the endless loop): in the background, then the wait.
    const targets = terminal.kind === 'programs' ? wrapped.map((site) => ({ statement: site.statement, site })) : [main];
    for (const { statement, site } of targets) {
      // `exec prog &` would only replace the job's own process; inside `cd /srv && exec prog` it keeps `$!` the program.
      if (site?.exec && unwrapRedirects(site.statement.node).id === site.command.id) plainEdit(removeExec(site));
      else if (site && needsInnerExec(site)) plainEdit(insertExec(site));
      const indent = indentOf(source.text, statement.node.startIndex);
      const at = statement.node.endIndex;
      const exec = site?.exec === true;
      // Lines after an `exec` never ran; after the wait they would, so the script ends there as it did.
      const exits = exec && launch.trailing.length > 0;
      steps.push((lines, wait) => {
        const own = chosen.reason === 'exec' || chosen.reason === 'program' ? lines.wait(chosen.rule, chosen.pids, exec ? 'exec' : 'program') : wait;
        const tail = [lines.started, own, ...(exits ? ['exit "$?"'] : [])];
        return { start: at, end: at, text: ` &${tail.map((l) => eol + indent + l).join('')}` };
      });
    }
  } else if (lastStatement) {
    // The added wait goes at the very end, after the last job's own line (an `exit` after the jobs stays last).
    const before = launch.trailing[0];
    if (before) {
      const at = before.node.startIndex;
      steps.push((_, wait) => ({ start: at, end: at, text: wait + eol }));
    } else {
      const after = placeAfter(script, lastStatement);
      steps.push((_, wait) => after([wait]));
    }
  }
  for (const site of execOnly) plainEdit(insertExec(site));
  // A keep-alive after a foreground server, never reached while it runs: the wrapper's wait replaces both.
  if (launch.unreachableKeepalive) plainEdit(deleteLine(script, launch.unreachableKeepalive));
  const fix = deferredFix(() => {
    const lines = renderLaunchLines();
    const wait = lines.wait(chosen.rule, chosen.pids, chosen.reason);
    const edits: TextEdit[] = [{ start: prelude, end: prelude, text: toEol(renderPrelude({ shell: dialect }), eol) }];
    for (const step of steps) edits.push(...[step(lines, wait)].flat());
    return mergeInsertions(edits);
  });
  // Waiting where the script used to end, or instead of an interactive shell (its prompt goes away): unsafe.
  if (terminal.kind === 'nothing' || (terminal.kind === 'keepalive' && terminal.interactive)) fix.applicability = 'unsafe';
  return fix;
}

/** A job started below execwrap's wrapper without handing its PID over: the line that does. */
export function trackFix(script: AnalyzedScript, statement: Statement): Fix {
  return { edits: [placeAfter(script, statement)([renderLaunchLines().started])] };
}

/**
 * Whether a job started at `job` may run before the program at `site` on the way through the script: it comes
 * first, and every `if`/`case` the job is in either ends before the program (`if tasks; then helper & fi`, then the
 * program) or holds the program in the job's own branch (a helper started in the `then` part is not running when
 * the `else` part launches its program).
 */
export function leadsTo(job: Node, site: Node): boolean {
  if (job.startIndex >= site.startIndex) return false;
  for (let up = job.parent; up; up = up.parent) {
    if (up.type !== 'if_statement' && up.type !== 'case_statement') continue;
    if (site.startIndex >= up.endIndex) continue;
    if (site.startIndex < up.startIndex || site.endIndex > up.endIndex) return false;
    if (clauseOf(up, job) !== clauseOf(up, site)) return false;
  }
  return true;
}

/** Which branch of an `if`/`case` holds the node: its `elif`/`else` clause or `case` item, else the `then` part. */
function clauseOf(branching: Node, node: Node): number {
  for (const child of branching.namedChildren) {
    if (!child || !['elif_clause', 'else_clause', 'case_item'].includes(child.type)) continue;
    if (node.startIndex >= child.startIndex && node.endIndex <= child.endIndex) return child.id;
  }
  return -1;
}

/**
 * A fix whose text is rendered when it is applied: `check` only needs to know that there is one. `build` holds
 * offsets and text only, never a node: the syntax tree is freed when the analysis ends.
 */
function deferredFix(build: () => TextEdit[]): Fix {
  let edits: TextEdit[] | undefined;
  return {
    get edits(): TextEdit[] {
      edits ??= build();
      return edits;
    },
  };
}

/**
 * `app 2>&1 | tee -a log` as the final program: the wrapper with the program writing into a fifo that the
 * consumer reads, so the program gets the signal and the consumer still sees every line.
 */
function pipelineFix(script: AnalyzedScript, site: ProgramSite): Fix | undefined {
  const pipeline = site.pipeline;
  if (!pipeline || site.exec || site.background || !site.contexts.every((c) => c === 'direct')) return undefined;
  // Jobs started before it (`ollama serve &`, then `uvicorn … | tee server.log`) hand their PIDs over to the same
  // wrapper: they get the stop signal, and TERM once the pipeline has ended, when the script used to end.
  const jobs = script.launch.background.filter((j) => !j.temporary);
  if (script.launch.tasks.length > 0 || jobs.some((j) => !leadsTo(j.statement.node, site.command) || innerExecBlocked(j.site))) return undefined;
  const parts = pipeline.namedChildren.filter((n) => n !== null);
  if (parts.length !== 2 || site.command.startIndex >= parts[0]!.endIndex || site.statement.node.id !== pipeline.id) return undefined;
  const handOvers = jobs.map((job) => handOverEdits(script, job));
  const { source } = script;
  const [producerNode, consumerNode] = parts as [typeof parts[0] & object, typeof parts[0] & object];
  const stderrToo = pipeline.children.some((c) => c?.type === '|&');
  const commandEnd = site.command.endIndex - producerNode.startIndex;
  const producerText = producerNode.text;
  const producer = `${producerText.slice(0, commandEnd)} ${LOG_FIFO_REDIRECT}${stderrToo ? ' 2>&1' : ''}${producerText.slice(commandEnd)}`;
  const consumerCommand = unwrapRedirects(consumerNode);
  const indent = indentOf(source.text, pipeline.startIndex);
  // `set -o pipefail` (or `-euo pipefail`) before the pipeline: its status is the program's when that fails.
  const pipefail = script.index.byType('command').some((c) => commandName(c) === 'set' && c.startIndex < pipeline.startIndex && /(^|\s)-[a-z]*o\s+pipefail\b/.test(c.text));
  // Read from the tree now (it is freed when the analysis ends); rendered only when the fix is applied.
  const consumer = consumerNode.text;
  const consumerName = commandName(consumerCommand) ?? consumer.split(/\s/)[0]!;
  const at = preludeOffset(script);
  const { dialect } = script;
  const { eol } = source;
  const { startIndex: start, endIndex: end } = pipeline;
  const { failFast } = script.options;
  return deferredFix(() => {
    const lines = renderPipelineLaunch({ producer, consumer, consumerName, pipefail, failFast });
    const started = renderLaunchLines().started;
    return mergeInsertions([
      { start: at, end: at, text: toEol(renderPrelude({ shell: dialect }), eol) },
      ...handOvers.flatMap((handOver) => handOver(started)),
      { start, end, text: lines.map((l, i) => (i === 0 ? l : indent + l)).join(eol) },
    ]);
  });
}

/** Where the prelude goes: after the shebang, the header comments and leading `set`/`shopt` lines. */
export function preludeOffset(script: AnalyzedScript): number {
  for (const statement of statementsOf(script.root)) {
    const name = commandName(statement.node);
    if (name === 'set' || name === 'shopt' || name === 'umask') continue;
    return script.lines.lineStart(script.lines.position(statement.node.startIndex).line);
  }
  return script.source.text.length;
}

/** The command word may not take `exec` (a variable holding it, a function, a name a sourced file may define). */
function wordBlocked(site: ProgramSite): boolean {
  return site.blocker === 'holds-exec' || site.blocker === 'function-value' || site.blocker === 'maybe-function' || site.blocker === 'external-function';
}

/** A compound job's program must take `exec` (needsInnerExec), and its command word may not. */
function innerExecBlocked(site: ProgramSite): boolean {
  return needsInnerExec(site) && Boolean(wordBlocked(site) || site.caveat || site.external);
}

/**
 * The edits that hand a job's PID over to the wrapper: `_ew_started "$!"` after it (`started`, rendered when the fix
 * is applied), and `exec` in front of a compound job's program so that `$!` is the program. Positions are read now.
 */
function handOverEdits(script: AnalyzedScript, job: { statement: Statement; site?: ProgramSite }): (started: string) => TextEdit[] {
  const exec = job.site && needsInnerExec(job.site) ? insertExec(job.site) : undefined;
  const after = placeAfter(script, job.statement);
  return (started) => [...(exec ? [exec] : []), after([started])];
}

/** In a compound job (`cd /srv && gunicorn &`) the job's PID is a subshell unless the program is exec'd. */
function needsInnerExec(site: ProgramSite): boolean {
  return !site.exec && unwrapRedirects(site.statement.node).id !== site.command.id;
}

function literalName(site: ProgramSite): string | undefined {
  const name = site.command.childForFieldName('name');
  return name ? literalWord(name) : undefined;
}

function insertExec(site: ProgramSite): TextEdit {
  const name = site.command.childForFieldName('name')!;
  return { start: name.startIndex, end: name.startIndex, text: 'exec ' };
}

function removeExec(site: ProgramSite): TextEdit {
  const execWord = site.command.childForFieldName('name')!;
  const next = commandArguments(site.command)[0]!;
  return { start: execWord.startIndex, end: next.startIndex, text: '' };
}

/** Removes a statement that stands on a line of its own, with its line (or just the statement otherwise). */
function deleteLine(script: AnalyzedScript, statement: Statement): TextEdit {
  const { text } = script.source;
  const lineStart = text.lastIndexOf('\n', statement.node.startIndex - 1) + 1;
  const lineEnd = endOfLine(text, statement.end);
  const alone = text.slice(lineStart, statement.node.startIndex).trim() === '' && /^\s*(#.*)?\r?$/.test(text.slice(statement.end, lineEnd));
  return alone ? { start: lineStart, end: Math.min(lineEnd + 1, text.length), text: '' } : { start: statement.node.startIndex, end: statement.end, text: '' };
}

/**
 * Lines to run right after a statement. On its own line when the statement ends its line (after a
 * trailing comment, so the comment stays with its command); inline after the `&` when another statement
 * or a `\` continuation follows on the same line. The place is worked out from the tree now; the lines may come
 * later (a wrapper fix renders them when it is applied).
 */
function placeAfter(script: AnalyzedScript, statement: Statement): (commands: string[]) => TextEdit {
  const { text, eol } = script.source;
  const { end } = statement;
  const lineEnd = endOfLine(text, end);
  const rest = text.slice(end, lineEnd);
  if (/^\s*(#.*)?$/.test(rest)) {
    const indent = indentOf(text, statement.node.startIndex);
    const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return (commands) => ({ start: at, end: at, text: commands.map((c) => eol + indent + c).join('') });
  }
  return (commands) => ({ start: end, end, text: ` ${commands.join('; ')};` });
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function toEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** What EW109's unsafe fix writes for a `su`/`runuser` launch, and what it changes besides the stop. */
export interface SwitchFix {
  fix: Fix;
  /** The user the program runs as. */
  user: string;
  /** The environment su would have set and setpriv does not (`login`: su -/-l, a login shell in the user's home). */
  login: boolean;
}

/**
 * `su app -c "cd /srv && node server.js"` as the final program becomes `exec setpriv --reuid=app --regid="$(id -g app)"
 * --init-groups sh -c "cd /srv && exec node server.js"`; `runuser -u app -- prog args` becomes `exec setpriv … prog
 * args`. setpriv (util-linux, in Debian, Ubuntu and RHEL-family images) switches user and execs, so the program gets
 * the stop signal itself (measured, EW109's docs). Unsafe: su would also set HOME, USER, LOGNAME and SHELL (and `su -`
 * start a login shell in the user's home), and the command string now runs under `sh` (or the `-s` shell).
 */
export function switchUserFix(script: AnalyzedScript, site: ProgramSite): SwitchFix | undefined {
  if (site.background || site.blocker || site.external || site.pipeline) return undefined;
  if (!site.contexts.every((c) => c === 'direct' || c === 'and-list' || c === 'branch')) return undefined;
  const word = site.programWord;
  if (!word) return undefined;
  const args = commandArguments(site.command).filter((a) => a.startIndex > word.startIndex);
  const texts = args.map((a) => literalWord(a));
  if (args.some((a, i) => texts[i] === undefined && !isQuotedString(a))) return undefined;
  let user: string | undefined;
  let shell = 'sh';
  let login = false;
  let commandString: Node | undefined;
  let program: Node[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const text = texts[i];
    if (site.programName === 'runuser' && text === '-u') user = texts[++i];
    else if (text === '--' && site.programName === 'runuser' && user !== undefined) {
      program = args.slice(i + 1);
      break;
    } else if (text === '-' || text === '-l' || text === '--login') login = true;
    else if (text === '-s' || text === '--shell') shell = texts[++i] ?? 'sh';
    else if (text === '-c' || text === '--command') commandString = args[++i];
    else if (text === '-m' || text === '-p' || text === '--preserve-environment') continue;
    else if (text !== undefined && /^[a-z_][a-z0-9_.-]*$/i.test(text) && user === undefined) user = text;
    else return undefined;
  }
  if (!user || (!commandString && !program) || (program && program.length === 0)) return undefined;
  const prefix = `setpriv --reuid=${user} --regid="$(id -g ${user})" --init-groups`;
  let text: string;
  if (commandString) {
    const inner = execInsideString(commandString);
    if (inner === undefined) return undefined;
    text = `${prefix} ${shell} -c ${inner}`;
  } else {
    text = `${prefix} ${script.source.text.slice(program![0]!.startIndex, program![program!.length - 1]!.endIndex)}`;
  }
  const start = site.exec ? word.startIndex : site.command.childForFieldName('name')!.startIndex;
  const edits: TextEdit[] = [{ start, end: site.command.endIndex, text: site.exec ? text : `exec ${text}` }];
  return { fix: { edits, applicability: 'unsafe' }, user, login };
}

function isQuotedString(node: Node): boolean {
  return node.type === 'string' || node.type === 'raw_string';
}

/**
 * The command string with `exec` before its last command (`"cd /data && exec java -jar app.jar"`): dash runs the last
 * command of `sh -c` as a child (bash and busybox exec it; measured), so the `exec` is written out. Undefined when the
 * last command is not a plain one.
 */
function execInsideString(node: Node): string | undefined {
  if (!isQuotedString(node)) return undefined;
  const quote = node.text[0]!;
  const body = node.text.slice(1, -1);
  const tree = parseShellFragment(body);
  try {
    if (tree.rootNode.hasError) return undefined;
    const statements = statementsOf(tree.rootNode);
    const last = statements[statements.length - 1];
    if (!last || last.background) return undefined;
    let target = unwrapRedirects(last.node);
    while (target.type === 'list' && [...target.children].reverse().find((c) => c && !c.isNamed)?.type === '&&') {
      target = unwrapRedirects(target.namedChildren[target.namedChildren.length - 1]!);
    }
    if (target.type !== 'command') return undefined;
    const name = commandName(target);
    if (name === 'exec') return node.text;
    if (name === undefined || BUILTINS.has(name)) return undefined;
    const at = target.childForFieldName('name')!.startIndex;
    return `${quote}${body.slice(0, at)}exec ${body.slice(at)}${quote}`;
  } finally {
    tree.delete();
  }
}
