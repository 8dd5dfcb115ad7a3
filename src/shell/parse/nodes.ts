import type { Node } from './shell-parser.js';

/** A statement as it stands in a block: the node plus whether a `&` puts it in the background. */
export interface Statement {
  node: Node;
  background: boolean;
  /** End offset including the `&` when backgrounded. */
  end: number;
}

/** Node types that are syntax rather than executable statements. */
const NON_STATEMENTS = new Set(['comment', 'heredoc_body']);

/** Statements of a block-like node (program, compound_statement, do_group, subshell) in order. */
export function statementsOf(block: Node, from = 0, until = Infinity): Statement[] {
  const result: Statement[] = [];
  for (const child of block.children) {
    if (!child || !child.isNamed || NON_STATEMENTS.has(child.type)) continue;
    if (child.startIndex < from || child.startIndex >= until) continue;
    const next = child.nextSibling;
    const background = next?.type === '&';
    result.push({ node: child, background, end: background ? next!.endIndex : child.endIndex });
  }
  return result;
}

/** The statements of a branch that start after the given keyword token (`then`, `else`, `do`, `)`). */
export function statementsAfterToken(parent: Node, token: string, skipFields: string[] = []): Statement[] {
  const tokenNode = parent.children.find((c) => c && !c.isNamed && c.type === token);
  if (!tokenNode) return [];
  const skip = new Set(skipFields.flatMap((field) => parent.childrenForFieldName(field).map((n) => n?.id)));
  return statementsOf(parent, tokenNode.endIndex).filter(
    (s) => !skip.has(s.node.id) && s.node.type !== 'elif_clause' && s.node.type !== 'else_clause',
  );
}

/** Strips a redirected_statement down to what it runs. */
export function unwrapRedirects(node: Node): Node {
  let current = node;
  while (current.type === 'redirected_statement') {
    const body = current.childForFieldName('body');
    if (!body) break;
    current = body;
  }
  return current;
}

/** True when the node is a redirected_statement whose redirections include a heredoc or file redirect. */
export function redirectsOf(node: Node): Node[] {
  return node.type === 'redirected_statement' ? node.childrenForFieldName('redirect').filter((n): n is Node => n !== null) : [];
}

/** The word a simple command runs, with quotes removed; undefined for non-commands or `$CMD`-style names. */
export function commandName(command: Node): string | undefined {
  if (command.type !== 'command') return undefined;
  const name = command.childForFieldName('name');
  if (!name) return undefined;
  return literalWord(name);
}

/** The argument nodes of a simple command (everything after the name). */
export function commandArguments(command: Node): Node[] {
  return command.childrenForFieldName('argument').filter((n): n is Node => n !== null);
}

/** Text of a word when it is a plain literal (possibly quoted); undefined when it expands at run time. */
export function literalWord(node: Node): string | undefined {
  const inner = node.type === 'command_name' ? node.firstNamedChild : node;
  if (!inner) return undefined;
  const text = inner.text;
  switch (inner.type) {
    case 'word':
    case 'number':
      return text.includes('$') || text.includes('`') ? undefined : text.replace(/\\(.)/g, '$1');
    case 'raw_string':
      return text.slice(1, -1);
    case 'string':
      return inner.namedChildren.some((c) => c && c.type !== 'string_content') ? undefined : text.slice(1, -1);
    case 'concatenation': {
      const parts = inner.namedChildren.map((c) => (c ? literalWord(c) : undefined));
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    default:
      return undefined;
  }
}

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Variable assignments in front of a command (`FOO=1 app`). */
export function envPrefix(command: Node): Node[] {
  return command.namedChildren.filter((c): c is Node => c !== null && c.type === 'variable_assignment' && c.startIndex < (command.childForFieldName('name')?.startIndex ?? Infinity));
}

export function* descendants(node: Node): Generator<Node> {
  const cursor = node.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) yield cursor.currentNode;
      if (descending && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent() || cursor.currentNode.id === node.id) return;
      descending = false;
    }
  } finally {
    cursor.delete();
  }
}
