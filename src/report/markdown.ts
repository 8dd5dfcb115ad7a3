import { linesOf, type ReportedFile } from './file-report.js';
import { resolveFinding } from './findings.js';
import { reportPath } from './sarif.js';

/** Under GitHub's 65 536-character limit for a comment, with room for what a bot adds around it. */
export const MARKDOWN_MAX_LENGTH = 60_000;

/** The first line of every comment: lets a bot find its earlier comment and update it instead of adding one. */
export const MARKDOWN_MARKER = '<!-- execwrap report -->';

/** Each file's unified diff (`unifiedDiff`), keyed by `ReportedFile.path`, or looked up per file; none or '' means no change. */
export type FileDiffs = ReadonlyMap<string, string> | ((file: ReportedFile) => string | undefined);

export interface MarkdownOptions {
  diffs: FileDiffs;
  /** Per file, the diff unsafe fixes would add on top of `diffs` (shown as a suggestion, not as the change). */
  suggestions?: FileDiffs;
  /** Longest output in UTF-16 code units (default MARKDOWN_MAX_LENGTH). */
  maxLength?: number;
  /** What the note on a cut comment tells the reader to run (default `execwrap migrate --diff`). */
  fullCommand?: string;
}

/**
 * A pull-request comment: a heading, a summary table of every file, then a section per file that has findings
 * or a change (its findings, each linked to its rule's docs, and the change as a ```diff block). When it would
 * be longer than `maxLength`, whole file sections are left out (in order, each that does not fit; later smaller
 * ones still may) and a note says how many and what to run to see everything. If even the table does not fit,
 * its last rows are folded into one. Output depends only on the arguments.
 */
export function markdownReport(files: readonly ReportedFile[], options: MarkdownOptions): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const fullCommand = options.fullCommand ?? 'execwrap migrate --diff';
  const lookup = (diffs: FileDiffs | undefined, file: ReportedFile) => (typeof diffs === 'function' ? diffs(file) : diffs?.get(file.path)) ?? '';
  const sections = files.map((file) => section(file, lookup(options.diffs, file), lookup(options.suggestions, file))).filter((s): s is string => s !== undefined);
  const note = (left: number, rowsLeft: number) => {
    if (left === 0 && rowsLeft === 0) return '';
    const what = [
      left > 0 ? `the details of ${left} file(s)` : '',
      rowsLeft > 0 ? `${rowsLeft} row(s) of the table` : '',
    ].filter(Boolean);
    return `\n---\n\n_This comment leaves out ${what.join(' and ')} to stay under ${maxLength} characters. Run \`${fullCommand}\` for every change and \`execwrap check\` for every finding._\n`;
  };

  const full = header(files, files.length) + sections.join('');
  if (full.length <= maxLength) return full;

  // Too long: room is kept for the note (its longest form), then sections go in while they fit.
  let rows = files.length;
  let head = header(files, rows);
  while (rows > 0 && head.length + note(sections.length, files.length - rows).length > maxLength) {
    rows--;
    head = header(files, rows);
  }
  const rowsLeft = files.length - rows;
  const reserve = note(sections.length, rowsLeft).length;
  const kept: string[] = [];
  let length = head.length;
  for (const text of sections) {
    if (rowsLeft > 0 || length + text.length + reserve > maxLength) continue;
    kept.push(text);
    length += text.length;
  }
  return head + kept.join('') + note(sections.length - kept.length, rowsLeft);
}

function header(files: readonly ReportedFile[], rows: number): string {
  const count = (status: string) => files.filter((f) => f.report.status === status).length;
  const findings = files.reduce((n, f) => n + f.report.findings.length, 0);
  const out = [MARKDOWN_MARKER, ''];
  if (files.length === 0) {
    out.push('## execwrap', '', 'No start scripts or Dockerfiles were checked.', '');
    return out.join('\n');
  }
  const needs = count('fixable') + count('unfixable');
  out.push(`## execwrap: ${needs === 0 ? 'every file lets the stop signal through' : `${needs} of ${files.length} file(s) keep the stop signal from the app`}`, '');
  out.push(`${files.length} file(s) checked: ${count('ok')} ok, ${count('fixable')} fixable, ${count('unfixable')} unfixable; ${findings} finding(s).`, '');
  out.push('| File | Type | Status | Launcher / base image | Findings |', '|---|---|---|---|---|');
  for (const file of files.slice(0, rows)) {
    const what =
      file.type === 'script'
        ? file.report.launcher
        : file.type === 'manifest'
          ? `${file.report.containers.length} ${file.report.kind === 'compose' ? 'service' : 'container'}(s)`
          : file.report.baseImage
            ? code(file.report.baseImage)
            : 'unknown';
    const type = file.type === 'script' ? `script (${file.report.script.dialect})` : file.type === 'manifest' ? manifestLabel(file.report.kind) : 'Dockerfile';
    out.push(`| ${cell(code(reportPath(file.path)))} | ${type} | ${file.report.status} | ${cell(what)} | ${file.report.findings.length} |`);
  }
  if (rows < files.length) out.push(`| _and ${files.length - rows} more_ | | | | |`);
  out.push('');
  return out.join('\n');
}

function manifestLabel(kind: 'kubernetes' | 'compose'): string {
  return kind === 'compose' ? 'Compose file' : 'Kubernetes manifest';
}

function section(file: ReportedFile, diff: string, suggestion: string): string | undefined {
  if (file.report.findings.length === 0 && diff === '' && suggestion === '') return undefined;
  const out = ['', `### ${code(reportPath(file.path))}`, ''];
  for (const finding of file.report.findings) {
    const f = resolveFinding(linesOf(file), finding);
    const unsafe = f.fixApplicability === 'unsafe' ? ' (unsafe fix)' : '';
    out.push(`- [${f.rule}](${f.docs}) ${f.severity}, line ${f.line}: ${inline(f.message)}${unsafe}`);
  }
  if (diff !== '') out.push('', 'Proposed change:', '', diffBlock(diff));
  if (suggestion !== '') {
    out.push('', 'Suggested change, not applied: it may change more than the stop (`execwrap fix --unsafe-fixes` applies it):', '', diffBlock(suggestion));
  }
  if (diff === '' && suggestion === '' && file.report.status === 'unfixable') {
    out.push('', 'execwrap does not change this file: the findings above need a person.');
  }
  out.push('');
  return out.join('\n');
}

function diffBlock(diff: string): string {
  const text = diff.endsWith('\n') ? diff : `${diff}\n`;
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}diff\n${text}${fence}`;
}

/** A code span that holds any text: a fence longer than the longest run of backticks inside. */
function code(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: `|` would end the cell even inside a code span, and a line break would end the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A message in a list item: its `code spans` stay as written (a run of backticks opens one only where a run of
 * the same length closes it, as CommonMark reads them); outside them, characters Markdown or HTML would read
 * (`<`, `*`, `_`, `[`, a backslash, a lone backtick…) are escaped, and line breaks become spaces.
 */
function inline(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const escape = (plain: string) => plain.replace(/[\\`*_[\]<>#|~]/g, '\\$&');
  let out = '';
  let at = 0;
  const runs = /`+/g;
  for (let open = runs.exec(flat); open; open = runs.exec(flat)) {
    const closing = new RegExp(`(?<!\`)\`{${open[0].length}}(?!\`)`, 'g');
    closing.lastIndex = open.index + open[0].length;
    const close = closing.exec(flat);
    if (!close) continue;
    out += escape(flat.slice(at, open.index)) + flat.slice(open.index, close.index + close[0].length);
    at = close.index + close[0].length;
    runs.lastIndex = at;
  }
  return out + escape(flat.slice(at));
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
