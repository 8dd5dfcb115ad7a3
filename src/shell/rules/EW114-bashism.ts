import { scriptRule } from '../analyze/model.js';
import { commandArguments, commandName } from '../parse/nodes.js';
import { describeShell, shellData, shellUnderstands } from '../parse/shells.js';

/**
 * Bash syntax in a script a POSIX shell runs: dash (Debian's sh) rejects or misreads all of it, busybox ash
 * (Alpine's) only arrays, here-strings and case modification (docs/shells.md). Judged against the shell that
 * really runs the script: its image's /bin/sh when a Dockerfile says, `--shell`, else dash (assumed, and said).
 */
export const EW114 = scriptRule({
  id: 'EW114',
  name: 'bashism-in-sh',
  description: "Bash-only syntax in a script a POSIX shell reads (the image's /bin/sh, or dash when unknown): dash and busybox ash reject it or read it differently.",
  portability: true,
  kinds: {
    'bashism': {
      severity: 'error',
      fix: 'none',
      message: (d) => `${FEATURES[d.feature] ?? d.feature} is bash-only: ${describeShell(d)} ${consequence(d)}. ${ADVICE[d.shellSource ?? ''] ?? 'Use POSIX syntax or a `#!/bin/bash` shebang'}`,
    },
  },
  check(script, report) {
    if (script.shell.name === 'bash') return;
    const nodes = BASH_SYNTAX_TYPES.flatMap((type) => script.index.byType(type)).sort((a, b) => a.startIndex - b.startIndex);
    const hasError = script.root.hasError;
    for (const node of nodes) {
      const feature = bashFeature(node);
      if (!feature || shellUnderstands(script.shell.name, feature)) continue;
      // Inside a region the parser could not read (EW117) its node types mean nothing.
      if (hasError && insideError(node)) continue;
      report({ kind: 'bashism', start: node.startIndex, end: node.startIndex + node.text.split('\n')[0]!.length, data: { feature, ...shellData(script.shell) } });
    }
  },
});

const BASH_SYNTAX_TYPES = [
  'test_command', 'file_redirect', 'array', 'subscript', 'function_definition', 'process_substitution', 'herestring_redirect',
  'ansi_c_string', 'command', 'expansion',
];

/** In or right beside an ERROR node: the parser's reading of that spot is a guess (`${X:=f()}` yields an `array`). */
function insideError(node: import('../parse/shell-parser.js').Node): boolean {
  if (node.parent?.children.some((sibling) => sibling?.isError)) return true;
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.isError) return true;
  return false;
}

function bashFeature(node: import('../parse/shell-parser.js').Node): string | undefined {
  switch (node.type) {
    case 'test_command':
      return node.firstChild?.type === '[[' ? 'double-bracket' : undefined;
    case 'file_redirect':
      return node.children.some((c) => c?.type === '&>' || c?.type === '&>>') ? 'ampersand-redirect' : undefined;
    case 'array':
      return 'array';
    case 'subscript':
      return 'array';
    case 'function_definition':
      return node.firstChild?.type === 'function' ? 'function-keyword' : undefined;
    case 'process_substitution':
      return 'process-substitution';
    case 'herestring_redirect':
      return 'here-string';
    case 'ansi_c_string':
      return 'ansi-c-string';
    case 'expansion': {
      const operators = node.children.filter((c) => c !== null && !c.isNamed).map((c) => c!.type);
      if (operators.includes(':')) return 'substring';
      if (operators.some((o) => o === '/' || o === '//' || o === '/#' || o === '/%')) return 'substitution';
      if (operators.some((o) => o === '^' || o === '^^' || o === ',' || o === ',,')) return 'case-modification';
      return undefined;
    }
    case 'command': {
      const name = commandName(node);
      if (name === 'source') return 'source';
      if (name === 'set' && commandArguments(node).some((a) => a.text === 'pipefail')) return 'pipefail';
      return undefined;
    }
    default:
      return undefined;
  }
}

const FEATURES: Record<string, string> = {
  'double-bracket': '`[[ … ]]`',
  'ampersand-redirect': '`&>`',
  array: 'an array',
  'function-keyword': 'the `function` keyword',
  'process-substitution': 'process substitution `<( … )`',
  'here-string': 'a here-string `<<<`',
  'ansi-c-string': "`$'…'` quoting",
  source: '`source`',
  substring: 'substring expansion `${var:offset:length}`',
  substitution: 'pattern substitution `${var/pattern/replacement}`',
  'case-modification': 'case modification `${var^^}`',
  pipefail: '`set -o pipefail`',
};

/** What each shell does with the feature (measured; docs/shells.md). */
const CONSEQUENCES: Record<string, Record<string, string>> = {
  dash: {
    'double-bracket': 'fails with "[[: not found"',
    'ampersand-redirect': 'reads `cmd &> file` as `cmd &` (background) then `> file` (truncate)',
    array: 'fails with a syntax error',
    'function-keyword': 'fails with a syntax error',
    'process-substitution': 'fails with a syntax error',
    'here-string': 'fails with a syntax error',
    'ansi-c-string': "keeps `$'…'` as literal text",
    source: 'fails with "source: not found" (use `.`)',
    pipefail: 'exits with status 2 at that line',
    substring: 'fails with "Bad substitution"',
    substitution: 'fails with "Bad substitution"',
    'case-modification': 'fails with "Bad substitution"',
  },
  busybox: {
    array: 'fails with a syntax error',
    'here-string': 'fails with a syntax error',
    'case-modification': 'fails with "bad substitution"',
  },
};

function consequence(d: Record<string, string>): string {
  return CONSEQUENCES[d.shell ?? 'dash']?.[d.feature ?? ''] ?? 'rejects it';
}

/** Where the Dockerfile chose the shell, the shebang is not the place to change it. */
const ADVICE: Record<string, string> = {
  command: 'Use POSIX syntax, or run the script with bash in the Dockerfile',
  image: 'Use POSIX syntax, or a `#!/bin/bash` shebang with bash installed in the image',
};
