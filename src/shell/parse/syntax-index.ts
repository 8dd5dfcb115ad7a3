import type { Node } from './shell-parser.js';

/** Node types the rules look up; only these are materialised as JS objects during the walk. */
export const INDEXED_TYPES: ReadonlySet<string> = new Set([
  'command', 'comment', 'subshell', 'function_definition', 'test_command', 'file_redirect', 'array', 'subscript',
  'process_substitution', 'herestring_redirect', 'ansi_c_string', 'expansion', 'variable_assignment',
]);

/** Every node of the interesting types, in document order, from one walk of the tree. */
export interface SyntaxIndex {
  byType(type: string): readonly Node[];
  /** Nodes of a type that lie inside [start, end). */
  within(type: string, start: number, end: number): readonly Node[];
}

/**
 * Crossing into the wasm parser costs more than the parse itself, so the tree is walked once with a cursor,
 * reading only each node's type until one is wanted.
 */
export function indexTree(root: Node, types: ReadonlySet<string> = INDEXED_TYPES): SyntaxIndex {
  const found = new Map<string, Node[]>();
  const cursor = root.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        const type = cursor.nodeType;
        if (types.has(type)) {
          let list = found.get(type);
          if (!list) found.set(type, (list = []));
          list.push(cursor.currentNode);
        }
        if (cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descending = false;
    }
  } finally {
    cursor.delete();
  }
  const empty: Node[] = [];
  return {
    byType: (type) => found.get(type) ?? empty,
    within: (type, start, end) => (found.get(type) ?? empty).filter((n) => n.startIndex >= start && n.endIndex <= end),
  };
}

/** The same index without the nodes that start at or after `end` (code that never runs is not analysed). */
export function restrictIndex(index: SyntaxIndex, end: number): SyntaxIndex {
  const cache = new Map<string, readonly Node[]>();
  const byType = (type: string): readonly Node[] => {
    let list = cache.get(type);
    if (!list) cache.set(type, (list = index.byType(type).filter((n) => n.startIndex < end)));
    return list;
  };
  return { byType, within: (type, start, stop) => byType(type).filter((n) => n.startIndex >= start && n.endIndex <= stop) };
}
