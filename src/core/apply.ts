import type { Fix, TextEdit } from './model.js';

export interface ApplyResult {
  text: string;
  /** Fixes applied in full; the others overlapped an accepted fix and wait for the next pass. */
  applied: number;
}

/**
 * Applies fixes to the original text in one go. A fix is all or nothing: if any of its edits overlaps
 * an edit already accepted it is dropped whole (an edit identical to an accepted one counts as done,
 * so two findings sharing one fix apply it once). Rules never touch text; this is the only writer.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const accepted: TextEdit[] = [];
  let applied = 0;
  const ordered = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  for (const fix of ordered) {
    const fresh = fix.edits.filter((edit) => !accepted.some((done) => sameEdit(done, edit)));
    if (fresh.some((edit) => accepted.some((done) => overlaps(done, edit)))) continue;
    if (fresh.some((edit, i) => fresh.some((other, j) => i !== j && overlaps(edit, other)))) continue;
    accepted.push(...fresh);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of accepted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { text: result, applied };
}

/**
 * Joins insertions at one offset into one edit, in the order given. A fix builder that means "the prelude, then
 * this line" at the same point says so with this; the applier rightly refuses to guess an order between fixes.
 */
export function mergeInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = edit.start === edit.end ? merged.find((m) => m.start === edit.start && m.end === edit.start) : undefined;
    if (same) same.text += edit.text;
    else merged.push({ ...edit });
  }
  return merged;
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.start));
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

/** Ranges that share text, or two insertions at one point (their order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
