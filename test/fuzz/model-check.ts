/**
 * The checks the script properties make, as plain functions: used by the fuzz suites and by the regression test
 * over kept samples (samples/fuzz-*), so a kept case fails for the same reason it was found.
 */
import { LangVariant, parse as parseSh } from 'sh-syntax';
import { isApplied } from '../../src/core/model.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { decodeSource } from '../../src/core/source.js';
import type { Flavour, Piece } from './gen/script.js';
import { escapeRegExp } from './support.js';

export interface FixOutcome {
  input: string;
  text: string;
  changed: boolean;
  launcherBefore: string;
  statusBefore: string;
  statusAfter: string;
  /** Rules whose findings still carry a fix that `fix` applies after fixing (must be none; unsafe ones are suggestions). */
  fixableAfter: string[];
  /** Rules found before fixing. */
  rulesBefore: string[];
}

const cache = new Map<string, FixOutcome>();

/** fixScript on a text, keeping only what the properties need (parse trees are freed at once). Cached by text. */
export async function fixText(text: string, path = 'start.sh'): Promise<FixOutcome> {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = await fixScript(decodeSource(path, Buffer.from(text, 'utf8')));
  const outcome: FixOutcome = {
    input: text,
    text: result.text,
    changed: result.changed,
    launcherBefore: result.before.launcher,
    statusBefore: result.before.status,
    statusAfter: result.after.status,
    fixableAfter: result.after.findings.filter((f) => f.fix && isApplied(f.fix, false)).map((f) => f.rule),
    rulesBefore: result.before.findings.map((f) => f.rule),
  };
  if (cache.size > 5000) cache.clear();
  cache.set(text, outcome);
  return outcome;
}

/** CR bytes are EW115's business (reported, kept); the syntax checks read the text the way `tr -d '\r'` leaves it. */
export function withoutCr(text: string): string {
  return text.replace(/\r/g, '');
}

/** Property 1 (in-process half): mvdan/sh's parser in the script's dialect (POSIX for sh) accepts the text. */
export async function shSyntaxError(text: string, flavour: Flavour): Promise<string | null> {
  try {
    await parseSh(withoutCr(text), { variant: flavour === 'sh' ? LangVariant.LangPOSIX : LangVariant.LangBash });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Property 3: every piece of the original (setup statements byte-identical, launches with their prefix and argument
 * text unchanged, `exec ` allowed in front of the program) appears in the fixed text, in the original order.
 * Returns what is missing, or null.
 */
export function missingPiece(fixed: string, pieces: Piece[]): string | null {
  let at = 0;
  for (const p of pieces) {
    if (p.kind === 'verbatim') {
      const i = fixed.indexOf(p.text, at);
      if (i < 0) {
        const anywhere = fixed.indexOf(p.text) >= 0;
        return `setup statement ${anywhere ? 'out of order' : 'missing or changed'}: ${JSON.stringify(p.text)}`;
      }
      at = i + p.text.length;
      continue;
    }
    if (p.kind === 'present') {
      if (!fixed.includes(p.text)) return `missing or changed: ${JSON.stringify(p.text)}`;
      continue;
    }
    // An open launch (a pipeline's program) keeps its text up to its last argument; a redirection may follow.
    const { prefix } = p.launch;
    const core = p.open ? p.launch.head : p.launch.core;
    // A foreground program may become a tracked job of the wrapper (`core &`); a job must stay a job.
    const tail = p.open ? '(?![^\\s;&|)])' : p.background ? '[ \\t]*&(?!&)' : '(?=[ \\t]*(?:&(?!&)|&&|\\|\\||\\||;|#|\\r?\\n|$))';
    const re = new RegExp(`${escapeRegExp(prefix)}(?:exec )?${escapeRegExp(core)}${tail}`, 'g');
    re.lastIndex = at;
    const m = re.exec(fixed);
    if (!m) {
      const anywhere = new RegExp(`${escapeRegExp(prefix)}(?:exec )?${escapeRegExp(core)}`).test(fixed);
      return `launch ${anywhere ? 'out of order or its `&` changed' : 'missing or its text changed'}: ${JSON.stringify(prefix + core)}${p.background ? ' &' : ''}`;
    }
    at = m.index + m[0].length;
  }
  return null;
}

/** A CRLF file stays CRLF: every line the fix adds ends the way the file's lines do. */
export function eolProblem(original: string, fixed: string): string | null {
  const crlf = original.includes('\r\n');
  const lfOnly = /(^|[^\r])\n/.test(original);
  if (crlf && !lfOnly && /(^|[^\r])\n/.test(fixed)) {
    const line = fixed.split('\n').findIndex((l, i, all) => i < all.length - 1 && !l.endsWith('\r'));
    return `the CRLF file got LF-only lines (first at line ${line + 1}: ${JSON.stringify(fixed.split('\n')[line])})`;
  }
  if (!crlf && fixed.includes('\r')) return 'the LF file got CR bytes';
  return null;
}
