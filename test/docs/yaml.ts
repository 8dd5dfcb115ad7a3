/**
 * A tiny YAML reader for the two files the docs tests read (action.yml, .pre-commit-hooks.yaml): block maps and
 * lists, `|`/`|-`/`>`/`>-` block scalars, single- and double-quoted and plain scalars, flow lists of plain words,
 * `true`/`false`, comments. Not a YAML parser for anything else; it throws on what it does not understand.
 */
export type Yaml = string | boolean | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  raw: string;
}

export function parseYaml(source: string): Yaml {
  const lines: Line[] = source.split('\n').map((raw) => ({ raw, indent: /^ */.exec(raw)![0].length, text: raw.trim() }));
  const state = { i: 0 };
  skipBlank(lines, state);
  if (state.i >= lines.length) return {};
  return parseBlock(lines, state, lines[state.i]!.indent);
}

function isBlank(line: Line): boolean {
  return line.text === '' || line.text.startsWith('#');
}

function skipBlank(lines: Line[], state: { i: number }): void {
  while (state.i < lines.length && isBlank(lines[state.i]!)) state.i++;
}

function parseBlock(lines: Line[], state: { i: number }, indent: number): Yaml {
  const first = lines[state.i]!;
  return first.text === '-' || first.text.startsWith('- ') ? parseList(lines, state, indent) : parseMap(lines, state, indent);
}

function parseList(lines: Line[], state: { i: number }, indent: number): Yaml[] {
  const out: Yaml[] = [];
  for (skipBlank(lines, state); state.i < lines.length; skipBlank(lines, state)) {
    const line = lines[state.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) throw new Error(`yaml: unexpected line ${state.i + 1}: ${line.raw}`);
    const rest = line.text.slice(1).trim();
    if (rest === '') {
      state.i++;
      skipBlank(lines, state);
      out.push(parseBlock(lines, state, lines[state.i]!.indent));
    } else if (/^[A-Za-z0-9_.-]+:(\s|$)/.test(rest)) {
      // `- key: value`: a map whose keys sit two columns right of the dash.
      const inner = indent + 2;
      lines[state.i] = { raw: ' '.repeat(inner) + rest, indent: inner, text: rest };
      out.push(parseMap(lines, state, inner));
    } else {
      out.push(scalar(rest));
      state.i++;
    }
  }
  return out;
}

function parseMap(lines: Line[], state: { i: number }, indent: number): { [key: string]: Yaml } {
  const out: { [key: string]: Yaml } = {};
  for (skipBlank(lines, state); state.i < lines.length; skipBlank(lines, state)) {
    const line = lines[state.i]!;
    if (line.indent < indent) break;
    const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.text);
    if (line.indent > indent || !m) throw new Error(`yaml: unexpected line ${state.i + 1}: ${line.raw}`);
    const key = m[1]!;
    const rest = (m[2] ?? '').trim();
    state.i++;
    const block = /^([|>])([+-]?)$/.exec(rest);
    if (block) {
      out[key] = blockScalar(lines, state, indent, block[1] === '>', block[2]!);
    } else if (rest === '' || rest.startsWith('#')) {
      skipBlank(lines, state);
      const next = lines[state.i];
      const nested = next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
      out[key] = nested ? parseBlock(lines, state, next.indent) : '';
    } else {
      out[key] = scalar(rest);
    }
  }
  return out;
}

function blockScalar(lines: Line[], state: { i: number }, parentIndent: number, folded: boolean, chomp: string): string {
  const body: string[] = [];
  let indent: number | undefined;
  while (state.i < lines.length) {
    const line = lines[state.i]!;
    if (line.text !== '' && line.indent <= parentIndent) break;
    if (line.text !== '') indent ??= line.indent;
    body.push(line.text === '' ? '' : line.raw.slice(indent));
    state.i++;
  }
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  let text: string;
  if (folded) {
    text = '';
    for (const [n, l] of body.entries()) text += n === 0 ? l : l === '' ? '\n' : text.endsWith('\n') ? l : ` ${l}`;
  } else {
    text = body.join('\n');
  }
  return chomp === '-' ? text : `${text}\n`;
}

function scalar(text: string): Yaml {
  if (text.startsWith("'")) {
    const end = text.lastIndexOf("'");
    return text.slice(1, end).replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const end = text.lastIndexOf('"');
    return JSON.parse(text.slice(0, end + 1)) as string;
  }
  const plain = text.replace(/\s+#.*$/, '').trim();
  if (plain.startsWith('[')) {
    if (!plain.endsWith(']')) throw new Error(`yaml: unsupported flow value ${text}`);
    return plain
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (plain === 'true') return true;
  if (plain === 'false') return false;
  return plain;
}
