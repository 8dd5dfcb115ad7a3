/**
 * Where each character of a YAML string scalar comes from in the file. The `yaml` package parses the file and gives
 * each scalar's value and source range; it does not say where each character of a folded, escaped or indented value
 * comes from, which a finding inside an inline script needs. This follows the YAML 1.2 rules for one scalar at a time
 * (line folding, `''` and `\` escapes, block indentation and chomping) and keeps the result only when it equals the
 * value `yaml` read; otherwise every position is the scalar's start and nothing inside it is edited.
 */
import { Scalar } from 'yaml';
import { approximate, MappedBuilder, type MappedText } from './mapped-text.js';

interface Line {
  /** Source offset of the first character of the line. */
  start: number;
  /** Source offset of the line break ending it (or the end of the range). */
  end: number;
  text: string;
}

function splitLines(source: string, start: number, end: number): Line[] {
  const lines: Line[] = [];
  let at = start;
  while (at <= end) {
    let stop = source.indexOf('\n', at);
    if (stop === -1 || stop > end) stop = end;
    let textEnd = stop;
    if (textEnd > at && source[textEnd - 1] === '\r' && stop < end) textEnd--;
    lines.push({ start: at, end: textEnd, text: source.slice(at, textEnd) });
    if (stop >= end) break;
    at = stop + 1;
  }
  return lines;
}

const BLANK = /^[ \t]*$/;

/** The mapped value of a string scalar; approximate when the scalar is not a string or the decoding disagrees with `yaml`. */
export function mapScalar(source: string, node: Scalar): MappedText {
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  const [start, valueEnd] = node.range ?? [0, 0];
  let result: MappedText | undefined;
  try {
    switch (node.type) {
      case Scalar.PLAIN:
        result = flowFolded(source, start, valueEnd, 'plain');
        break;
      case Scalar.QUOTE_SINGLE:
        result = flowFolded(source, start + 1, valueEnd - 1, 'single');
        break;
      case Scalar.QUOTE_DOUBLE:
        result = flowFolded(source, start + 1, valueEnd - 1, 'double');
        break;
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        result = block(source, node, node.type === Scalar.BLOCK_FOLDED);
        break;
    }
  } catch {
    result = undefined;
  }
  if (result && result.text === value) return result;
  return approximate(value, start, valueEnd);
}

/**
 * Plain and quoted flow scalars: each line break folds into a space, or into n-1 newlines after n breaks; the white
 * space around a break goes. Quoted scalars keep their first line's leading and last line's trailing space; double
 * quotes add escapes and `\` line joins.
 */
function flowFolded(source: string, start: number, end: number, style: 'plain' | 'single' | 'double'): MappedText {
  const out = new MappedBuilder();
  const lines = splitLines(source, start, end);
  let emptyLines = 0;
  let breakOffset = start;
  /** The previous line ended in a double-quoted `\`: the break is dropped, not folded. */
  let joined = false;
  for (const [index, line] of lines.entries()) {
    const first = index === 0;
    const last = index === lines.length - 1;
    let from = line.start;
    let to = line.end;
    if (!first) while (from < to && (source[from] === ' ' || source[from] === '\t')) from++;
    if (!last) {
      // White space before a break goes, unless a double-quoted `\` escapes it.
      while (to > from && (source[to - 1] === ' ' || source[to - 1] === '\t') && !(style === 'double' && escapedAt(source, line.start, to - 1))) to--;
    }
    if (!first && !last && from === to) {
      emptyLines++;
      continue;
    }
    if (!first) {
      if (joined) for (let i = 0; i < emptyLines; i++) out.push('\n', breakOffset);
      else if (emptyLines === 0) out.push(' ', breakOffset);
      else for (let i = 0; i < emptyLines; i++) out.push('\n', breakOffset);
    }
    emptyLines = 0;
    joined = false;
    for (let i = from; i < to; ) {
      const c = source[i]!;
      if (style === 'single' && c === "'" && source[i + 1] === "'") {
        out.push("'", i);
        i += 2;
        continue;
      }
      if (style === 'double' && c === '\\') {
        if (i + 1 >= to && !last) {
          joined = true;
          i++;
          continue;
        }
        const escape = doubleEscape(source, i);
        out.push(escape.text, i);
        i += escape.length;
        continue;
      }
      out.push(c, i);
      i++;
    }
    breakOffset = line.end;
  }
  return out.done(end);
}

function escapedAt(source: string, lineStart: number, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= lineStart && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

function doubleEscape(source: string, at: number): { text: string; length: number } {
  const c = source[at + 1]!;
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c]!, length: 2 };
  const digits = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (digits > 0) {
    const hex = source.slice(at + 2, at + 2 + digits);
    if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) throw new Error('bad escape');
    return { text: String.fromCodePoint(parseInt(hex, 16)), length: 2 + digits };
  }
  throw new Error('bad escape');
}

/** Literal (`|`) and folded (`>`) block scalars: indentation, folding of `>` and the chomping indicator. */
function block(source: string, node: Scalar, folded: boolean): MappedText {
  const token = node.srcToken as { source?: string; props?: { source: string }[] } | undefined;
  const contentSource = token?.source;
  const [, valueEnd] = node.range!;
  if (contentSource === undefined) throw new Error('no source token');
  const contentStart = valueEnd - contentSource.length;
  const header = (token?.props ?? []).map((p) => p.source).find((s) => /^[|>]/.test(s)) ?? (folded ? '>' : '|');
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines = splitLines(source, contentStart, valueEnd);
  if (lines.length > 0 && lines[lines.length - 1]!.start === valueEnd) lines.pop(); // after the final line break
  const explicit = /\d/.exec(header)?.[0];
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (BLANK.test(line.text)) continue;
    indent = line.text.length - line.text.trimStart().length;
    break;
  }
  if (explicit !== undefined) throw new Error('explicit indentation indicator');
  if (indent === Number.POSITIVE_INFINITY) indent = 0;
  let lastContent = -1;
  for (const [i, line] of lines.entries()) if (!BLANK.test(line.text) || line.text.length > indent) lastContent = i;
  const out = new MappedBuilder();
  let previous: 'none' | 'normal' | 'more' = 'none';
  let blankRun: Line[] = [];
  for (let i = 0; i <= lastContent; i++) {
    const line = lines[i]!;
    const blank = BLANK.test(line.text) && line.text.length <= indent;
    if (blank) {
      blankRun.push(line);
      continue;
    }
    const body = line.text.slice(indent);
    const kind = body.startsWith(' ') || body.startsWith('\t') ? 'more' : 'normal';
    if (previous !== 'none') {
      const breakAt = lines[i - 1 - blankRun.length]!.end;
      if (folded && previous === 'normal' && kind === 'normal') {
        if (blankRun.length === 0) out.push(' ', breakAt);
        else for (const b of blankRun) out.push('\n', b.start);
      } else {
        out.push('\n', breakAt);
        for (const b of blankRun) out.push('\n', b.start);
      }
    } else {
      for (const b of blankRun) out.push('\n', b.start);
    }
    blankRun = [];
    for (let k = 0; k < body.length; k++) out.push(body[k]!, line.start + indent + k);
    previous = kind;
  }
  if (lastContent >= 0) {
    const lastLine = lines[lastContent]!;
    const trailing = lines.slice(lastContent + 1);
    if (chomp === 'clip') {
      if (lastLine.end < valueEnd) out.push('\n', lastLine.end);
    } else if (chomp === 'keep') {
      if (lastLine.end < valueEnd) out.push('\n', lastLine.end);
      for (const b of trailing) if (b.end < valueEnd) out.push('\n', b.end);
    }
  } else if (chomp === 'keep') {
    for (const b of lines) if (b.end < valueEnd) out.push('\n', b.end);
  }
  return out.done(valueEnd);
}
