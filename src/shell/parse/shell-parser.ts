import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

let parserPromise: Promise<Parser> | undefined;
let loadedParser: Parser | undefined;

/**
 * Loads the tree-sitter runtime and the bash grammar once per process; every later parse reuses them. Both wasm files
 * are read here, synchronously and by package path: web-tree-sitter would otherwise look for its own beside its
 * script (the bundle's folder once it is bundled in) and load node:fs/promises to read the grammar.
 */
export function loadShellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init({ wasmBinary: readFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm')) });
    const bash = await Language.load(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
    const parser = new Parser();
    parser.setLanguage(bash);
    loadedParser = parser;
    return parser;
  })();
  return parserPromise;
}

export async function parseShell(text: string): Promise<Tree> {
  const parser = await loadShellParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const repaired = tree.rootNode.hasError ? repairGrammarMisses(text) : text;
  if (repaired === text) return tree;
  // Parse the repaired text, then let the tree read the original through the same callback: the repair keeps every
  // offset (one character for one), so node positions and node.text are the script's own.
  let current = repaired;
  const again = parser.parse((index) => current.slice(index, index + 16384));
  current = text;
  if (!again) return tree;
  tree.delete();
  return again;
}

/**
 * Parses a small piece of shell text (a trap's action string) once the parser is loaded, which it is while a script
 * is analysed. The caller deletes the tree.
 */
export function parseShellFragment(text: string): Tree {
  if (!loadedParser) throw new Error('the shell parser is not loaded yet');
  const tree = loadedParser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * Valid shell that tree-sitter-bash 0.25 rejects, rewritten character for character into shell the grammar reads the
 * same way, so that the parse goes on. Only where the tree has an error; a string or comment it touches changes
 * nothing that is analysed.
 * - A negated command that is only a redirection, `while ! </dev/tcp/db/5432; do sleep 1; done` (bash's way to wait
 *   for a port; bash, dash and busybox accept it): everything after it was lost to the analysis. The `!` is read as
 *   a space: the loop keeps its shape (only its condition's negation is not seen, which no rule looks at).
 * - Parentheses in the word of `${NAME:=word}`, `:-`, `:+`, `:?` (and the forms without `:`): `${FLASK_APP:=app:
 *   create_app()}`, `${OPTS:+(options: ${OPTS})}`. In that word the shells take them as plain characters; the grammar
 *   fails, and the script's own shell had to be run (`bash -n`) to tell whether the script was broken (and without
 *   that shell it was reported broken). They are read as `_`. Only in a word of plain characters and `$NAME`/`${NAME}`:
 *   a word with a command substitution, quotes or a backslash is left as it is.
 */
function repairGrammarMisses(text: string): string {
  return text
    .replace(/(^|[\s;&|(])!(?=[ \t]*\d*[<>])/g, '$1 ')
    .replace(/(\$\{[A-Za-z_]\w*:?[-=+?])((?:[^}$`"'\\\n]|\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*)*\})/g, (_, head: string, word: string) =>
      /[()]/.test(word) ? head + word.replace(/[()]/g, '_') : head + word,
    );
}

/**
 * Is this syntax error inside one word of a command that tree-sitter otherwise read (`"${X:+(opts: ${X})}"`,
 * `${X:=app()}`: the grammar misses parentheses inside an expansion)? Only a word on one line with no command
 * substitution anywhere in it: then the error hides no command, and the command around it is read.
 */
export function errorInsideWord(error: Node): boolean {
  if (error.isMissing) return false;
  let word: Node | undefined;
  for (let up = error.parent; up; up = up.parent) {
    if (up.type === 'string' || up.type === 'expansion') word = up;
    else if (up.type !== 'ERROR' && up.type !== 'concatenation') break;
  }
  return word !== undefined && !word.isMissing && word.startPosition.row === word.endPosition.row && !/\$\(|`/.test(word.text);
}

/** The first ERROR or MISSING node in document order: where the script stops being understood. */
export function firstSyntaxError(root: Node, skip?: (error: Node) => boolean): Node | undefined {
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if ((node.isError || node.isMissing) && !skip?.(node)) return node;
      if (node.isError || node.isMissing) {
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return undefined;
        }
        continue;
      }
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}
