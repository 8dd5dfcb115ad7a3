import type { Node } from '../parse/shell-parser.js';
import { indexTree, type SyntaxIndex } from '../parse/syntax-index.js';

export interface IgnoreRange {
  start: number;
  end: number;
  /** Rule IDs, or every rule when the directive named none. */
  rules: Set<string> | 'all';
}

export interface IgnoreDirective {
  comment: Node;
  ids: string[];
}

export interface IgnoreDirectives {
  /** `# execwrap ignore-file` (every rule) or `# execwrap ignore-file=EW101,EW115`. */
  file?: Set<string> | 'all';
  ranges: IgnoreRange[];
  directives: IgnoreDirective[];
}

const DIRECTIVE = /^#\s*execwrap\s+(ignore-file|ignore)(?:\s*=\s*([A-Za-z0-9_,\s]+))?\s*$/;

/** Reads `# execwrap ignore=EW101` (applies to the next command) and `# execwrap ignore-file`. */
export function readIgnores(root: Node, index: SyntaxIndex = indexTree(root)): IgnoreDirectives {
  const result: IgnoreDirectives = { ranges: [], directives: [] };
  for (const node of index.byType('comment')) {
    const match = DIRECTIVE.exec(node.text.trim());
    if (!match) continue;
    const ids = (match[2] ?? '').split(/[\s,]+/).filter(Boolean).map((id) => id.toUpperCase());
    const rules: Set<string> | 'all' = ids.length === 0 ? 'all' : new Set(ids);
    result.directives.push({ comment: node, ids });
    if (match[1] === 'ignore-file') {
      result.file = result.file === 'all' || rules === 'all' ? 'all' : new Set([...(result.file ?? []), ...rules]);
      continue;
    }
    let next = node.nextNamedSibling;
    while (next && next.type === 'comment') next = next.nextNamedSibling;
    if (next) result.ranges.push({ start: next.startIndex, end: next.endIndex, rules });
  }
  return result;
}

export function isIgnored(ignores: IgnoreDirectives, rule: string, offset: number): boolean {
  if (ignores.file === 'all' || ignores.file?.has(rule)) return true;
  return ignores.ranges.some((r) => offset >= r.start && offset < r.end && (r.rules === 'all' || r.rules.has(rule)));
}
