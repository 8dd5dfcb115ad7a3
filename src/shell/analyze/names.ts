/**
 * What a command word names, for the one question every fix that adds `exec` must answer first: may `exec` go in
 * front of it? `exec` runs a program from PATH; in front of a function or a builtin it fails ("exec: name: not
 * found") and the container never starts, and in front of a word that already expands to `exec` it runs
 * `exec exec …`, which fails the same way (neo4j's `exec_cmd="exec"`, then `${exec_cmd} neo4j console`).
 */
import type { Node } from '../parse/shell-parser.js';
import type { SyntaxIndex } from '../parse/syntax-index.js';

/** Shell builtins and keywords of bash, dash and busybox ash that can stand as a command word. */
export const BUILTINS: ReadonlySet<string> = new Set([
  '.', ':', '[', '[[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete',
  'compopt', 'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false',
  'fc', 'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd',
  'printf', 'pushd', 'pwd', 'read', 'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'suspend',
  'test', 'times', 'trap', 'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

/** One `name=value` in the script (or a file it sources), wherever it stands. */
export interface Assignment {
  name: string;
  node: Node;
  /** The first word of the value as written (`exec` in `"exec gosu neo4j"`); undefined when it expands at run time. */
  firstWord?: string;
  /** The value's text without its outer quotes. */
  text: string;
  /** The sourced file it stands in, when it is not in the script itself. */
  origin?: string;
}

export type Variables = Map<string, Assignment[]>;

/** Every assignment with a value, by variable name (`x=…`, `local x=…`, `declare -g x=…`, `readonly x=…`). */
export function collectAssignments(index: SyntaxIndex, into: Variables = new Map(), origin?: string): Variables {
  for (const node of index.byType('variable_assignment')) {
    const name = node.childForFieldName('name')?.text;
    const value = node.childForFieldName('value');
    if (!name || !value || value.type === 'array') continue;
    const text = value.text.replace(/^(["'])([\s\S]*)\1$/, '$2');
    const first = /^\s*([^\s$`"'\\;&|<>()]+)(?=\s|$)/.exec(text)?.[1];
    const assignment: Assignment = { name, node, text, ...(first !== undefined ? { firstWord: first } : {}), ...(origin !== undefined ? { origin } : {}) };
    const list = into.get(name);
    if (list) list.push(assignment);
    else into.set(name, [assignment]);
  }
  return into;
}

/** The variable a command word consists of (`$v`, `${v}`, `"$v"`, `"${v}"`), or undefined for any other word. */
export function soleVariable(word: Node): { name: string; special: boolean; operator: boolean } | undefined {
  let inner: Node | null = word.type === 'command_name' ? word.firstNamedChild : word;
  if (inner?.type === 'string' && inner.namedChildCount === 1) inner = inner.firstNamedChild;
  if (!inner || (inner.type !== 'simple_expansion' && inner.type !== 'expansion')) return undefined;
  const variable = inner.namedChildren.find((c) => c?.type === 'variable_name' || c?.type === 'special_variable_name');
  if (!variable) return undefined;
  // `${v:-default}`, `${v#prefix}`, `${v[0]}`: the value is the variable's, changed at run time.
  const operator = inner.type === 'expansion' && inner.namedChildren.length > 1;
  return { name: variable.text, special: variable.type === 'special_variable_name' || /^\d+$/.test(variable.text), operator };
}

/**
 * What a command word that is one variable holds: `exec` in every value the script gives it (the command is already
 * exec'd), in some of them (`exec` must not be added, and the others need it), or in none.
 */
export type VariableWord =
  | { kind: 'positional' }
  | { kind: 'environment'; variable: string }
  | { kind: 'exec'; variable: string }
  | { kind: 'some-exec'; variable: string; withExec: Assignment; without: Assignment }
  | { kind: 'values'; variable: string; values: Assignment[] };

export function variableWord(word: Node, variables: Variables): VariableWord | undefined {
  const sole = soleVariable(word);
  if (!sole) return undefined;
  if (sole.special) return { kind: 'positional' };
  const values = variables.get(sole.name) ?? [];
  if (values.length === 0 || sole.operator) {
    const withExec = values.find((v) => v.firstWord === 'exec');
    if (withExec) return { kind: 'some-exec', variable: sole.name, withExec, without: withExec };
    return { kind: 'environment', variable: sole.name };
  }
  const withExec = values.filter((v) => v.firstWord === 'exec');
  if (withExec.length === values.length) return { kind: 'exec', variable: sole.name };
  const without = values.find((v) => v.firstWord !== 'exec')!;
  if (withExec.length > 0) return { kind: 'some-exec', variable: sole.name, withExec: withExec[0]!, without };
  return { kind: 'values', variable: sole.name, values };
}
