/**
 * Just enough Markdown for the docs tests: `## ` sections and fenced code blocks with their info strings.
 *
 * Info-string words after the language are flags the docs tests understand (GitHub highlights by the first word only):
 * - `crlf`: the block is analysed with CRLF line endings (EW115's Bad example);
 * - `file=NAME`: the block is a build-context file for the Dockerfile blocks of the same section (`start.sh`);
 * - `fixed`: the block is exactly what `execwrap fix` makes of the Bad example.
 */
export interface CodeBlock {
  lang: string;
  flags: Set<string>;
  file?: string;
  text: string;
}

export interface Page {
  title: string;
  /** Text before the first `## ` heading (after the title). */
  intro: string;
  sections: Map<string, string>;
}

export function parsePage(markdown: string): Page {
  const lines = markdown.split('\n');
  const title = lines[0]?.startsWith('# ') ? lines[0].slice(2).trim() : '';
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  const intro: string[] = [];
  let fenced = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      if (current !== undefined) sections.set(current, body.join('\n'));
      current = line.slice(3).trim();
      body = [];
      continue;
    }
    (current === undefined ? intro : body).push(line);
  }
  if (current !== undefined) sections.set(current, body.join('\n'));
  return { title, intro: intro.join('\n'), sections };
}

export function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const m of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)) {
    const [lang = '', ...words] = m[1]!.trim().split(/\s+/);
    const file = words.find((w) => w.startsWith('file='))?.slice('file='.length);
    blocks.push({ lang, flags: new Set(words.filter((w) => !w.startsWith('file='))), ...(file ? { file } : {}), text: m[2]! });
  }
  return blocks;
}
