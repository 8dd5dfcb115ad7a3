import type { Node } from '../parse/shell-parser.js';
import { commandArguments, commandName, statementsOf, unwrapRedirects, type Statement } from '../parse/nodes.js';

/** Top-level code after an `exec prog` or `exit`: it never runs, so it is not analysed and never edited. */
export interface Unreachable {
  /** The `exec`/`exit` command that ends the script. */
  ender: Node;
  /** Start of the first statement after it: nothing at or after this offset runs. */
  from: number;
  statements: Statement[];
}

/**
 * The first top-level `exec prog …` or `exit` that has statements after it. `exec "$@"` counts too: an entrypoint
 * is started with its CMD as arguments (started with none, `exec` alone does nothing and the script would run on).
 */
export function findUnreachable(root: Node): Unreachable | undefined {
  const statements = statementsOf(root);
  for (const [i, statement] of statements.entries()) {
    if (statement.background || i === statements.length - 1) continue;
    const node = unwrapRedirects(statement.node);
    const name = commandName(node);
    if (name !== 'exit' && !(name === 'exec' && commandArguments(node).length > 0)) continue;
    const rest = statements.slice(i + 1);
    return { ender: node, from: rest[0]!.node.startIndex, statements: rest };
  }
  return undefined;
}
