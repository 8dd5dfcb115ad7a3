/**
 * The names a script can call besides programs: its own functions, the functions of the files it sources
 * (`. ./lib.sh`, `source "$(dirname "$0")/functions.sh"`), and the values its variables are given. A sourced file
 * is read relative to the script (or through the image's COPY lines, when the caller knows them); when it cannot
 * be read, any bare command name may be one of its functions, and the fixes say so.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { commandArguments, commandName, literalWord } from '../parse/nodes.js';
import { parseShell, type Node, type Tree } from '../parse/shell-parser.js';
import { indexTree, type SyntaxIndex } from '../parse/syntax-index.js';
import { collectAssignments, type Variables } from './names.js';

/** A file the script sources with `.` or `source`. */
export interface SourcedFile {
  /** The `.`/`source` command that reads it (in the script, or in the file that sourced this one). */
  command: Node;
  /** The path as written. */
  written: string;
  /** The sourced file whose `source` line this is, when it is not the script itself. */
  origin?: string;
  /** Where it was read from. */
  path?: string;
  /** Why it could not be read. */
  problem?: 'computed' | 'not-found' | 'image-path';
  tree?: Tree;
  functions: Map<string, Node>;
}

export interface Scope {
  variables: Variables;
  /** Functions defined in sourced files: name → the file and the definition. */
  external: Map<string, { file: SourcedFile; definition: Node }>;
  /** Every sourced file (their trees are freed with the script's). */
  sourced: SourcedFile[];
  /** Sourced files that could not be read: any command name may be one of their functions. */
  unread: SourcedFile[];
}

export interface ScopeOptions {
  /** Maps a path as the image sees it (`/opt/docker/bin/config.sh`) to a file here, when the image is known. */
  resolveImagePath?: (imagePath: string) => string | undefined;
}

/** How deep `source` chains are followed (a library sourcing its own helpers). */
const MAX_DEPTH = 3;

/** `$(dirname "$0")`, `${BASH_SOURCE%/*}` and friends: the folder the script itself is in. */
const SCRIPT_DIR_FORMS = [
  /^\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)/,
  /^\$\(\s*cd\s+"?\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)"?\s*(?:&&|;)\s*pwd(?:\s+-P)?\s*\)/,
  /^\$\(\s*dirname\s+"?\$\(\s*readlink\s+-f\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)"?\s*\)/,
  /^\$\{BASH_SOURCE(?:\[0\])?%\/\*\}/,
  /^\$\{0%\/\*\}/,
];

export async function loadScope(index: SyntaxIndex, scriptPath: string | undefined, options: ScopeOptions = {}): Promise<Scope> {
  const scope: Scope = { variables: collectAssignments(index), external: new Map(), sourced: [], unread: [] };
  const seen = new Set<string>();
  try {
    await readSourced(scope, index, scriptPath, options, seen, 0);
  } catch (error) {
    // The caller frees a scope it got back; one it never gets is freed here.
    disposeScope(scope);
    throw error;
  }
  return scope;
}

/** Frees the parse trees of the sourced files. */
export function disposeScope(scope: Scope): void {
  for (const file of scope.sourced) file.tree?.delete();
}

async function readSourced(scope: Scope, index: SyntaxIndex, fromPath: string | undefined, options: ScopeOptions, seen: Set<string>, depth: number): Promise<void> {
  const origin = depth === 0 ? undefined : fromPath;
  for (const command of index.byType('command')) {
    const name = commandName(command);
    if (name !== '.' && name !== 'source') continue;
    // Sourced in a subshell, a command substitution or a background job: its functions do not reach the script.
    if (inChildShell(command)) continue;
    const argument = commandArguments(command)[0];
    if (!argument) continue;
    const file: SourcedFile = { command, written: argument.text, functions: new Map(), ...(origin !== undefined ? { origin } : {}) };
    scope.sourced.push(file);
    const written = literalWord(argument);
    const heredoc = written !== undefined ? writtenByHeredoc(index, written, command.startIndex) : undefined;
    const where = heredoc !== undefined ? { path: written!, text: heredoc } : locate(argument, fromPath, scope.variables, options);
    if ('problem' in where) {
      file.problem = where.problem;
      scope.unread.push(file);
      continue;
    }
    file.path = where.path;
    if (seen.has(where.path)) continue;
    seen.add(where.path);
    let text: string;
    if ('text' in where) {
      text = where.text;
    } else {
      try {
        if (!statSync(where.path).isFile()) throw new Error('not a file');
        text = readFileSync(where.path, 'utf8');
      } catch {
        file.problem = 'not-found';
        scope.unread.push(file);
        continue;
      }
    }
    file.tree = await parseShell(text.replace(/^\ufeff/, ''));
    const fileIndex = indexTree(file.tree.rootNode);
    for (const definition of fileIndex.byType('function_definition')) {
      const functionName = definition.childForFieldName('name')?.text;
      if (!functionName || file.functions.has(functionName)) continue;
      file.functions.set(functionName, definition);
      if (!scope.external.has(functionName)) scope.external.set(functionName, { file, definition });
    }
    collectAssignments(fileIndex, scope.variables, where.path);
    if (depth + 1 < MAX_DEPTH) await readSourced(scope, fileIndex, where.path, options, seen, depth + 1);
  }
}

function inChildShell(node: Node): boolean {
  for (let up: Node | null = node; up; up = up.parent) {
    if (up.type === 'subshell' || up.type === 'command_substitution' || up.type === 'process_substitution') return true;
    if (up.nextSibling?.type === '&') return true;
  }
  return false;
}

/**
 * `cat > /tmp/app.env <<EOF … EOF` before `. /tmp/app.env`: the script wrote the file itself, so its text is the
 * heredoc's (expansions in it only give values, they cannot define functions).
 */
function writtenByHeredoc(index: SyntaxIndex, path: string, before: number): string | undefined {
  let text: string | undefined;
  for (const redirect of index.byType('file_redirect')) {
    if (redirect.startIndex >= before) break;
    const destination = redirect.childForFieldName('destination');
    if (!destination || literalWord(destination) !== path || !redirect.children.some((c) => c?.type === '>')) continue;
    const statement = redirect.parent;
    const body = statement?.type === 'redirected_statement' ? statement.descendantsOfType('heredoc_body')[0] : undefined;
    text = body ? body.text : undefined;
  }
  return text;
}

function locate(
  argument: Node,
  fromPath: string | undefined,
  variables: Variables,
  options: ScopeOptions,
): { path: string } | { problem: 'computed' | 'image-path' | 'not-found' } {
  const literal = literalWord(argument);
  const folder = fromPath === undefined ? undefined : dirname(fromPath);
  if (literal !== undefined) {
    if (isAbsolute(literal)) {
      const mapped = options.resolveImagePath?.(literal);
      return mapped ? { path: mapped } : { problem: 'image-path' };
    }
    // A relative path is read from the working directory, which for an entrypoint is usually the script's own.
    return folder === undefined ? { problem: 'not-found' } : { path: join(folder, literal) };
  }
  // `"$(dirname "$0")/lib.sh"`, or `"$DIR/lib.sh"` with `DIR=$(dirname "$0")`.
  const text = argument.text.replace(/^"|"$/g, '');
  const prefix = scriptDirPrefix(text, variables);
  if (prefix === undefined || folder === undefined) return { problem: 'computed' };
  const rest = text.slice(prefix).replace(/^\//, '');
  if (rest === '' || /[$`*?[]/.test(rest)) return { problem: 'computed' };
  return { path: join(folder, rest.replace(/^"|"$/g, '')) };
}

/** Length of a leading expression that names the script's folder, or undefined. */
function scriptDirPrefix(text: string, variables: Variables): number | undefined {
  for (const form of SCRIPT_DIR_FORMS) {
    const match = form.exec(text);
    if (match) return match[0].length;
  }
  const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text);
  const name = variable?.[1] ?? variable?.[2];
  const values = name ? variables.get(name) : undefined;
  if (!values || values.length === 0) return undefined;
  const allScriptDir = values.every((v) => SCRIPT_DIR_FORMS.some((form) => (form.exec(v.text)?.[0].length ?? -1) === v.text.length));
  return allScriptDir ? variable![0].length : undefined;
}
