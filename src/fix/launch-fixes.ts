import type { ProgramSite } from '../analyze/launch.js';
import type { AnalyzedScript, Fix, TextEdit } from '../analyze/model.js';
import { commandArguments, commandName, statementsOf, unwrapRedirects, type Statement } from '../parse/nodes.js';
import { LOG_FIFO_REDIRECT, renderLaunchLines, renderPipelineLaunch } from '../render/launch-lines.js';
import { renderPrelude } from '../render/wrapper.js';
import { mergeInsertions } from './apply.js';

/** Commands after the program that `exec` may skip without losing anything a user would miss. */
const SKIPPABLE_AFTER_EXEC = new Set(['exit', 'true', ':']);

/**
 * The fix for a single program that is not exec'd: `exec` before the command word (after any
 * `FOO=1` prefix), or the one-child wrapper when cleanup lines follow that exec would skip.
 */
export function execFix(script: AnalyzedScript, site: ProgramSite): Fix | undefined {
  if (site.blocker === 'pipeline') return pipelineFix(script, site);
  if (site.exec || (site.blocker && site.blocker !== 'cleanup-in-block')) return undefined;
  const trailing = script.launch.trailing;
  const topLevel = site.contexts.every((c) => c === 'direct' || c === 'and-list');
  const needsWrapper = topLevel && trailing.some((s) => !SKIPPABLE_AFTER_EXEC.has(commandName(s.node) ?? ''));
  if (site.blocker === 'cleanup-in-block') return undefined;
  if (needsWrapper) return wrapperFix(script);
  const name = site.command.childForFieldName('name');
  if (!name) return undefined;
  return { edits: [{ start: name.startIndex, end: name.startIndex, text: 'exec ' }] };
}

/**
 * The forwarding wrapper, applied in place so the diff shows only what changes: the prelude goes in
 * after the script's header, each `&` job gets a line recording its PID, and the keep-alive / `wait` /
 * final program becomes the supervising call. Every other line stays as it was.
 */
export function wrapperFix(script: AnalyzedScript): Fix | undefined {
  const { launch, source, dialect } = script;
  if (launch.generated || launch.detached.length > 0 || launch.unknown.length > 0) return undefined;
  const jobs = launch.background.filter((j) => !j.temporary);
  const { terminal } = launch;
  // Decide first whether the wrapper fits; render only when the fix is applied.
  let finalSite: ProgramSite | undefined;
  switch (terminal.kind) {
    case 'wait':
    case 'keepalive':
      break;
    case 'programs':
      finalSite = terminal.sites.length === 1 ? terminal.sites[0] : undefined;
      if (!finalSite || finalSite.blocker || !finalSite.contexts.every((c) => c === 'direct' || c === 'and-list')) return undefined;
      break;
    case 'nothing':
      if (jobs.length === 0) return undefined;
      break;
    default:
      return undefined;
  }
  const firstLaunch = jobs[0]?.statement.node ?? finalSite?.statement.node;
  if (!firstLaunch) return undefined;

  return deferredFix(() => {
    const eol = source.eol;
    const lines = renderLaunchLines({ shell: dialect });
    const exitWhenDone = launch.trailing.length === 0;
    const edits: TextEdit[] = [];
    const at = preludeOffset(script);
    edits.push({ start: at, end: at, text: toEol(renderPrelude({ shell: dialect }), eol) });
    edits.push(beforeLine(script, firstLaunch.startIndex, lines.begin));
    for (const [index, job] of jobs.entries()) {
      if (needsInnerExec(job.site)) edits.push(insertExec(job.site));
      const last = index === jobs.length - 1 && terminal.kind === 'nothing';
      edits.push(afterStatement(script, job.statement, last ? [lines.started, ...lines.supervise(exitWhenDone)] : [lines.started]));
    }
    if (terminal.kind === 'wait' || terminal.kind === 'keepalive') {
      const { statement } = terminal;
      const indent = indentOf(source.text, statement.node.startIndex);
      edits.push({ start: statement.node.startIndex, end: statement.end, text: lines.supervise(exitWhenDone).map((l) => indent + l).join(eol) });
    } else if (finalSite) {
      if (finalSite.exec) edits.push(removeExec(finalSite));
      else if (needsInnerExec(finalSite)) edits.push(insertExec(finalSite));
      const indent = indentOf(source.text, finalSite.statement.node.startIndex);
      const tail = [lines.started, ...lines.supervise(exitWhenDone)].map((l) => indent + l).join(eol);
      edits.push({ start: finalSite.statement.node.endIndex, end: finalSite.statement.node.endIndex, text: ` &${eol}${tail}` });
    }
    return mergeInsertions(edits);
  });
}

/** A fix whose text is rendered when it is applied: `check` only needs to know that there is one. */
function deferredFix(build: () => TextEdit[]): Fix {
  let edits: TextEdit[] | undefined;
  return {
    get edits() {
      edits ??= build();
      return edits;
    },
  };
}

/**
 * `app 2>&1 | tee -a log` as the final program: the wrapper with the program writing into a fifo that
 * the consumer reads, so the program gets the signal and the consumer still sees every line.
 */
function pipelineFix(script: AnalyzedScript, site: ProgramSite): Fix | undefined {
  const pipeline = site.pipeline;
  if (!pipeline || site.exec || site.background || !site.contexts.every((c) => c === 'direct')) return undefined;
  const parts = pipeline.namedChildren.filter((n) => n !== null);
  if (parts.length !== 2 || site.command.startIndex >= parts[0]!.endIndex || site.statement.node.id !== pipeline.id) return undefined;
  const { source } = script;
  const [producerNode, consumerNode] = parts as [typeof parts[0] & object, typeof parts[0] & object];
  const stderrToo = pipeline.children.some((c) => c?.type === '|&');
  const commandEnd = site.command.endIndex - producerNode.startIndex;
  const producerText = producerNode.text;
  const producer = `${producerText.slice(0, commandEnd)} ${LOG_FIFO_REDIRECT}${stderrToo ? ' 2>&1' : ''}${producerText.slice(commandEnd)}`;
  const consumerCommand = unwrapRedirects(consumerNode);
  const indent = indentOf(source.text, pipeline.startIndex);
  const exitWhenDone = script.launch.trailing.length === 0;
  return deferredFix(() => {
    const lines = renderPipelineLaunch({
      producer,
      consumer: consumerNode.text,
      consumerName: commandName(consumerCommand) ?? consumerNode.text.split(/\s/)[0]!,
      exitWhenDone,
    });
    const at = preludeOffset(script);
    return [
      { start: at, end: at, text: toEol(renderPrelude({ shell: script.dialect }), source.eol) },
      { start: pipeline.startIndex, end: pipeline.endIndex, text: lines.map((l, i) => (i === 0 ? l : indent + l)).join(source.eol) },
    ];
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

/** In a compound job (`cd /srv && gunicorn &`) the job's PID is a subshell unless the program is exec'd. */
function needsInnerExec(site: ProgramSite): boolean {
  return !site.exec && unwrapRedirects(site.statement.node).id !== site.command.id;
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

/** A line of its own before the line holding `offset`, indented like it. */
function beforeLine(script: AnalyzedScript, offset: number, line: string): TextEdit {
  const { text } = script.source;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return { start: lineStart, end: lineStart, text: indentOf(text, offset) + line + script.source.eol };
}

/**
 * Lines to run right after a statement. On its own line when the statement ends its line (after a
 * trailing comment, so the comment stays with its command); inline after the `&` when another statement
 * or a `\` continuation follows on the same line.
 */
function afterStatement(script: AnalyzedScript, statement: Statement, commands: string[]): TextEdit {
  const text = script.source.text;
  const lineEnd = endOfLine(text, statement.end);
  const rest = text.slice(statement.end, lineEnd);
  if (/^\s*(#.*)?$/.test(rest)) {
    const indent = indentOf(text, statement.node.startIndex);
    const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { start: at, end: at, text: commands.map((c) => script.source.eol + indent + c).join('') };
  }
  return { start: statement.end, end: statement.end, text: ` ${commands.join('; ')};` };
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
