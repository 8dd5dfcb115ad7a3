import { createRequire } from 'node:module';
import type { Instruction as AstInstruction } from 'dockerfile-ast';

/**
 * dockerfile-ast (and the language-server types under it) is required on the first Dockerfile parsed: loading it
 * is a quarter of start-up time, and a script check never needs it.
 */
let parser: typeof import('dockerfile-ast').DockerfileParser | undefined;
function dockerfileParser(): typeof import('dockerfile-ast').DockerfileParser {
  parser ??= (createRequire(import.meta.url)('dockerfile-ast') as typeof import('dockerfile-ast')).DockerfileParser;
  return parser;
}
import type { LineIndex } from '../../core/source.js';

/** One Dockerfile instruction with UTF-16 offsets into the source text and its arguments as Docker reads them. */
export interface Instr {
  /** Upper-case keyword (`CMD`), whatever the casing in the file. */
  keyword: string;
  /** Start of the keyword; end of the last character of the instruction (heredoc bodies and continuations included). */
  start: number;
  end: number;
  /** Start of the arguments (after the keyword and its blank), or `end` when there are none. */
  argsStart: number;
  /** 1-based line of the keyword. */
  line: number;
  /** Arguments with continuations joined and comment lines inside them dropped, trimmed (what buildkit reads). */
  args: string;
  /** Leading `--name=value` flags (FROM, COPY, ADD, RUN). */
  flags: Map<string, string | null>;
  /** `args` without the leading flags. */
  rest: string;
  /** Index of the build stage it belongs to; -1 before the first FROM. */
  stage: number;
  heredocs: string[];
}

export interface Stage {
  index: number;
  from: Instr;
  /** The image reference as written, with global ARG defaults substituted. */
  image: string;
  name?: string;
  /** Index of the earlier stage this one is built on (`FROM build`), when it is one. */
  parent?: number;
  instructions: Instr[];
}

export interface ParsedDockerfile {
  escape: string;
  instructions: Instr[];
  stages: Stage[];
}

/** Exec form (valid JSON array of strings), shell form, or something that looks like JSON but is not (shell form too). */
export type CommandForm =
  | { kind: 'exec'; argv: string[] }
  | { kind: 'shell'; text: string }
  | { kind: 'broken-json'; text: string };

const FLAGGED = new Set(['FROM', 'COPY', 'ADD', 'RUN']);

export function parseDockerfile(text: string, lines: LineIndex): ParsedDockerfile {
  const ast = dockerfileParser().parse(text);
  const escape = ast.getEscapeCharacter();
  const offset = (p: { line: number; character: number }) => lines.lineStart(p.line + 1) + p.character;
  const instructions: Instr[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  let stage = -1;
  for (const node of ast.getInstructions()) {
    const range = node.getRange();
    const keyword = node.getKeyword().toUpperCase();
    const start = offset(range.start);
    const end = offset(range.end);
    // dockerfile-ast starts the arguments after any flags (`COPY --from=x`); ours start right after the keyword.
    const keywordEnd = offset(node.getInstructionRange().end);
    const blank = /^[ \t]*/.exec(text.slice(keywordEnd, end))![0].length;
    const argsStart = node.getArgumentsRange() ? keywordEnd + blank : end;
    const args = joinContinuations(text.slice(argsStart, end), escape);
    const { flags, rest } = FLAGGED.has(keyword) ? splitFlags(args) : { flags: new Map<string, string | null>(), rest: args };
    if (keyword === 'FROM') stage++;
    const instr: Instr = {
      keyword,
      start,
      end,
      argsStart,
      line: range.start.line + 1,
      args,
      flags,
      rest,
      stage,
      heredocs: heredocNames(node),
    };
    instructions.push(instr);
    if (keyword === 'ARG' && stage === -1) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(rest);
      if (m) globalArgs.set(m[1]!, unquote(m[2] ?? ''));
    }
    if (keyword === 'FROM') {
      const words = rest.split(/\s+/).filter(Boolean);
      const image = substitute(words[0] ?? '', globalArgs);
      const name = words.length >= 3 && words[1]!.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
      const parentIndex = stages.findIndex((s) => s.name === image.toLowerCase());
      const numeric = /^\d+$/.test(image) && Number(image) < stages.length ? Number(image) : -1;
      const parent = parentIndex !== -1 ? parentIndex : numeric !== -1 ? numeric : undefined;
      stages.push({ index: stage, from: instr, image, ...(name ? { name } : {}), ...(parent !== undefined ? { parent } : {}), instructions: [] });
    }
    if (stage >= 0) stages[stage]!.instructions.push(instr);
  }
  return { escape, instructions, stages };
}

/**
 * The argument text as buildkit reads it: an escape character at the end of a line continues it (the escape and
 * the line break go), comment lines and blank lines inside a continuation are dropped.
 */
export function joinContinuations(raw: string, escape: string): string {
  const physical = raw.split('\n').map((l) => l.replace(/\r$/, ''));
  let out = '';
  let first = true;
  for (const line of physical) {
    if (!first && (/^\s*#/.test(line) || line.trim() === '')) continue;
    first = false;
    const trimmed = line.replace(/[ \t]+$/, '');
    if (trimmed.endsWith(escape)) out += trimmed.slice(0, -escape.length);
    else out += line;
  }
  return out.trim();
}

function splitFlags(args: string): { flags: Map<string, string | null>; rest: string } {
  const flags = new Map<string, string | null>();
  let rest = args;
  for (;;) {
    const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|\S*))?(?:\s+|$)/.exec(rest);
    if (!m) break;
    flags.set(m[1]!.toLowerCase(), m[2] === undefined ? null : unquote(m[2]));
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

function heredocNames(node: AstInstruction): string[] {
  const withHeredocs = node as AstInstruction & { getHeredocs?: () => { getName(): string }[] };
  try {
    return typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs().map((h) => h.getName()) : [];
  } catch {
    return [];
  }
}

function unquote(value: string): string {
  return /^"(.*)"$/.test(value) || /^'(.*)'$/.test(value) ? value.slice(1, -1) : value;
}

/** `$VAR`, `${VAR}` and `${VAR:-default}` from global ARG defaults (what FROM can use). */
export function substitute(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced?: string, fallback?: string, bare?: string) => {
    const name = braced ?? bare!;
    const known = vars.get(name);
    return known !== undefined && known !== '' ? known : fallback ?? '';
  });
}

/** How Docker reads CMD/ENTRYPOINT/SHELL arguments: a JSON array of strings, else shell form. */
export function commandForm(args: string): CommandForm {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return { kind: 'exec', argv: parsed as string[] };
    } catch {
      // falls through: not JSON, so Docker runs it with the shell
    }
    return { kind: 'broken-json', text: args };
  }
  return { kind: 'shell', text: args };
}

/** Offset just after the line holding `offset` (after its line break); the text length on a last line without one. */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
