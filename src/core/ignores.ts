/**
 * Ignore comments (`# execwrap ignore=EW101`, `# execwrap ignore-file`): the same words in scripts, Dockerfiles and
 * manifests, all of which comment with `#`. Where a directive's range ends is the reader's business: the next
 * command in a script (src/shell), the next instruction in a Dockerfile, the next workload field in a manifest.
 */
export interface IgnoreRange {
  start: number;
  end: number;
  /** Rule IDs, or every rule when the directive named none. */
  rules: Set<string> | 'all';
}

export interface IgnoreDirective {
  /** Offsets of the comment. */
  start: number;
  end: number;
  ids: string[];
}

export interface IgnoreDirectives {
  /** `# execwrap ignore-file` (every rule) or `# execwrap ignore-file=EW101,EW115`. */
  file?: Set<string> | 'all';
  ranges: IgnoreRange[];
  directives: IgnoreDirective[];
}

/** `# execwrap ignore=EW101,EW110`, `# execwrap ignore-file`: the same words in scripts and Dockerfiles. */
export const DIRECTIVE = /^#\s*execwrap\s+(ignore-file|ignore)(?:\s*=\s*([A-Za-z0-9_,\s]+))?\s*$/;

/**
 * Records one comment if it is a directive. Returns what the next command's range needs for an `ignore`,
 * or undefined for other comments and for `ignore-file` (which applies at once to the whole file).
 */
export function addDirective(result: IgnoreDirectives, comment: string, start: number, end: number): { rules: Set<string> | 'all' } | undefined {
  const match = DIRECTIVE.exec(comment);
  if (!match) return undefined;
  const ids = (match[2] ?? '').split(/[\s,]+/).filter(Boolean).map((id) => id.toUpperCase());
  const rules: Set<string> | 'all' = ids.length === 0 ? 'all' : new Set(ids);
  result.directives.push({ start, end, ids });
  if (match[1] === 'ignore-file') {
    result.file = result.file === 'all' || rules === 'all' ? 'all' : new Set([...(result.file ?? []), ...rules]);
    return undefined;
  }
  return { rules };
}

/** Directives on comment lines (Dockerfiles, manifests): an `ignore` covers the next of the given ranges (instructions, fields). */
export function readLineIgnores(text: string, instructions: readonly { start: number; end: number }[]): IgnoreDirectives {
  const result: IgnoreDirectives = { ranges: [], directives: [] };
  const comment = /^[ \t]*(#[^\r\n]*)/gm;
  for (let match = comment.exec(text); match; match = comment.exec(text)) {
    const start = match.index + match[0].length - match[1]!.length;
    const end = start + match[1]!.length;
    const directive = addDirective(result, match[1]!.trim(), start, end);
    const next = directive ? instructions.find((i) => i.start >= end) : undefined;
    if (directive && next) result.ranges.push({ start: next.start, end: next.end, rules: directive.rules });
  }
  return result;
}

export function isIgnored(ignores: IgnoreDirectives, rule: string, offset: number): boolean {
  if (ignores.file === 'all' || ignores.file?.has(rule)) return true;
  return ignores.ranges.some((r) => offset >= r.start && offset < r.end && (r.rules === 'all' || r.rules.has(rule)));
}
