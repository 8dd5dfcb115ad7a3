import type { Node } from '../parse/shell-parser.js';
import { indexTree, type SyntaxIndex } from '../parse/syntax-index.js';
import { addDirective, type IgnoreDirectives } from '../../core/ignores.js';

/** Reads `# execwrap ignore=EW101` (applies to the next command) and `# execwrap ignore-file`. */
export function readIgnores(root: Node, index: SyntaxIndex = indexTree(root)): IgnoreDirectives {
  const result: IgnoreDirectives = { ranges: [], directives: [] };
  for (const node of index.byType('comment')) {
    const directive = addDirective(result, node.text.trim(), node.startIndex, node.endIndex);
    if (!directive) continue;
    let next = node.nextNamedSibling;
    while (next && next.type === 'comment') next = next.nextNamedSibling;
    if (next) result.ranges.push({ start: next.startIndex, end: next.endIndex, rules: directive.rules });
  }
  return result;
}
