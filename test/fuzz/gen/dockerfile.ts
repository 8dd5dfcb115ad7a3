/**
 * fast-check arbitraries for Dockerfiles whose final CMD or ENTRYPOINT is shell form: words with every quoting
 * style, escapes, `$VAR` and other expansions that must keep a shell, env prefixes, `cd … &&`, redirections, glob and
 * bash-only expansions under a bash SHELL, line continuations (also with `# escape=\``).
 *
 * The model knows the argv Docker runs for the original (`[...SHELL, text]`); the property runs it and the fixed
 * file's argv (read back from the fixed text with the small reader below, not with execwrap's) and compares.
 */
import fc from 'fast-check';

/** Stand-in programs (each dumps its argv); the same names as the script generator's bare programs. */
export const DF_PROGRAMS = ['app', 'worker', 'gunicorn', 'celery'];

/** Words that plain exec form can carry (the shell only removes quoting). */
const PLAIN_WORDS = [
  '--port',
  '8080',
  '--name=café',
  'x=1',
  '@%+:,./-',
  '"hello world"',
  "'single quoted $HOME'",
  `"it's"`,
  `'say "hi"'`,
  '"back\\\\slash"',
  'a\\ b',
  'e\\"f',
  "'c\\d'",
  '"tab\there"',
  '""',
  "''",
  '"a\\$b"',
  '"\\`"',
  '"ü ñ 日本"',
  "it'\\''s",
  '"{a,b}"',
  "'*.conf'",
  '--json=\'{"k": "v"}\'',
];

/** Words the shell gives meaning to: the conversion must keep a shell (or produce the same argv without one). */
const SHELL_WORDS = [
  '$PORT',
  '"$PORT"',
  '"${PORT:-80}"',
  '$HOME/x',
  '"$HOME"/x',
  '*.conf',
  '~',
  '~/data',
  'x=~/data',
  'a:~/b',
  '{a,b}',
  '"$(echo sub)"',
  '`echo tick`',
  '$UNSET_VAR',
  '"$@"',
  '2>&1',
  '</dev/null',
  '[ab].conf',
];

const PREFIXES = ['', '', '', '', 'FOO=1 ', 'NAME="x y" ', 'FOO=1 NAME=z ', 'cd /tmp && ', 'exec ', 'umask 022 && '];

const SHELLS: (string[] | null)[] = [null, null, ['/bin/sh', '-c'], ['/bin/bash', '-c'], ['/bin/bash', '-o', 'pipefail', '-c']];

const OTHER_LINES = ['ENV PORT=8080', 'EXPOSE 8080', '# run the app', 'LABEL org.opencontainers.image.title="demo app"', 'RUN mkdir -p /srv/app', 'USER 1000'];

export interface DockerfileModel {
  keyword: 'CMD' | 'ENTRYPOINT';
  /** The shell-form command on one line, as the shell receives it. */
  command: string;
  /** SHELL instruction argv, or null for Docker's default `/bin/sh -c`. */
  shell: string[] | null;
  /** Continue the command on a new line before word `split` (0: no continuation). */
  split: number;
  /** `# escape=\`` directive (continuations then end in a backtick). */
  backtickEscape: boolean;
  before: string[];
  after: string[];
  words: string[];
  crlf: boolean;
}

export const dockerfileModelArb: fc.Arbitrary<DockerfileModel> = fc
  .record({
    keyword: fc.constantFrom<'CMD' | 'ENTRYPOINT'>('CMD', 'CMD', 'ENTRYPOINT'),
    program: fc.constantFrom(...DF_PROGRAMS),
    prefix: fc.constantFrom(...PREFIXES),
    args: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PLAIN_WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...SHELL_WORDS) }), { maxLength: 5 }),
    shell: fc.constantFrom(...SHELLS),
    splitAt: fc.nat({ max: 6 }),
    backtickEscape: fc.boolean(),
    before: fc.subarray(OTHER_LINES),
    after: fc.subarray(['EXPOSE 9090', '# the end', 'HEALTHCHECK CMD true']),
    crlf: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  })
  .map(({ keyword, program, prefix, args, shell, splitAt, backtickEscape, before, after, crlf }) => {
    const words = [program, ...args];
    const command = `${prefix}${words.join(' ')}`;
    // A backtick directive is only generated when no word ends in a backtick (it would read as a continuation).
    const escape = backtickEscape && !command.includes('`');
    return { keyword, command, shell, split: splitAt <= args.length ? splitAt : 0, backtickEscape: escape, before, after, words: [prefix, ...words], crlf };
  });

export function renderDockerfile(m: DockerfileModel): { text: string; preserved: string[] } {
  const eol = m.crlf ? '\r\n' : '\n';
  const lines: string[] = [];
  const preserved: string[] = [];
  const keep = (l: string): void => {
    lines.push(l);
    preserved.push(l);
  };
  if (m.backtickEscape) keep('# escape=`');
  keep('FROM debian:12');
  for (const l of m.before) keep(l);
  if (m.shell) keep(`SHELL ${JSON.stringify(m.shell).replace(/","/g, '", "')}`);
  let text = `${m.keyword} ${m.command}`;
  if (m.split > 0) {
    // Split before word `split` of the program's words (never inside a quoted word: words are whole tokens).
    const [prefix, ...words] = m.words;
    const head = `${m.keyword} ${prefix}${words.slice(0, m.split).join(' ')}`;
    const tail = words.slice(m.split).join(' ');
    text = `${head} ${m.backtickEscape ? '`' : '\\'}${eol}    ${tail}`;
  }
  lines.push(text);
  for (const l of m.after) keep(l);
  return { text: lines.join(eol) + eol, preserved };
}

/** What Docker runs for the original: the SHELL (default `/bin/sh -c`) and the joined command text. */
export function originalArgv(m: DockerfileModel): string[] {
  const { text } = renderDockerfile(m);
  const instr = readInstructions(text).filter((i) => i.keyword === m.keyword).pop()!;
  return [...(m.shell ?? ['/bin/sh', '-c']), instr.args];
}

// ---------------------------------------------------------------------------------------------------------------
// an independent, minimal Dockerfile reader (one stage; enough for what the generator and the fixer write)

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined the way Docker joins them. */
  args: string;
}

export function readInstructions(text: string): Instruction[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let escape = '\\';
  const directive = /^#\s*escape\s*=\s*(\S)\s*$/i.exec(lines[0] ?? '');
  if (directive) escape = directive[1]!;
  const out: Instruction[] = [];
  let current: string | null = null;
  for (const raw of lines) {
    if (current === null && (/^\s*#/.test(raw) || raw.trim() === '')) continue;
    const continued = raw.endsWith(escape) && !/^\s*#/.test(raw);
    const body = continued ? raw.slice(0, -1) : raw;
    current = current === null ? body : current + body;
    if (continued) continue;
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(current)!;
    out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim() === '' ? '' : m[2]!.replace(/\s+$/, '') });
    current = null;
  }
  return out;
}

/** Exec form when the arguments are a JSON array of strings (Docker's rule); else undefined (shell form). */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* not JSON: Docker runs it as a shell command */
  }
  return undefined;
}

/** The argv PID 1 runs for a (single-stage) Dockerfile text: ENTRYPOINT and CMD, with Docker's combination rules. */
export function pid1Argv(text: string): { argv: string[]; invalidJson: string[] } {
  let shell = ['/bin/sh', '-c'];
  let entrypoint: string[] | undefined;
  let cmd: string[] | undefined;
  const invalidJson: string[] = [];
  const resolve = (args: string): { argv: string[]; shellForm: boolean } => {
    const exec = execForm(args);
    if (!exec && args.trimStart().startsWith('[')) invalidJson.push(args);
    return exec ? { argv: exec, shellForm: false } : { argv: [...shell, args], shellForm: true };
  };
  let entrypointShellForm = false;
  for (const i of readInstructions(text)) {
    if (i.keyword === 'SHELL') shell = execForm(i.args) ?? shell;
    if (i.keyword === 'ENTRYPOINT') {
      const r = resolve(i.args);
      entrypoint = r.argv;
      entrypointShellForm = r.shellForm;
      // (An ENTRYPOINT resets only a CMD inherited from the base image, not one set earlier in the same stage.)
    }
    if (i.keyword === 'CMD') cmd = resolve(i.args).argv;
  }
  if (entrypoint && entrypointShellForm) return { argv: entrypoint, invalidJson };
  return { argv: [...(entrypoint ?? []), ...(cmd ?? [])], invalidJson };
}
