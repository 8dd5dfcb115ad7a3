import { loadTemplate } from './templates.js';

export type ShellDialect = 'sh' | 'bash';
export interface WrapperLaunch {
  /** Verbatim shell text of one launch (may span lines with backslash continuations). */
  command: string;
}

/** Marker lines the analyzer uses to recognise generated code. */
export const PRELUDE_BEGIN = '# >>> execwrap prelude v1';
export const PRELUDE_END = '# <<< execwrap prelude';
export const LAUNCH_BEGIN = '# >>> execwrap launch v1';
export const LAUNCH_END = '# <<< execwrap launch';
/** Variable holding the wrapper's end status after the launch block (useful when exitWhenDone is false). */
export const STATUS_VARIABLE = '_ew_status';
/** Signals the prelude traps, with their numbers (the end status after signal n is 128+n). */
export const HANDLED_SIGNALS = { HUP: 1, INT: 2, QUIT: 3, TERM: 15 } as const;

function templateFor(shell: ShellDialect): string {
  if (shell === 'sh') return 'wrapper-sh.hbs';
  if (shell === 'bash') return 'wrapper-bash.hbs';
  throw new Error(`execwrap: unknown shell dialect ${JSON.stringify(shell)}`);
}

function normalize(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}

/** Shell functions and trap lines; insert before the script's setup steps. */
export function renderPrelude(opts: { shell: ShellDialect }): string {
  return normalize(loadTemplate(templateFor(opts.shell))({ prelude: true, launches: [], exitWhenDone: false }));
}

/**
 * Check one launch text can be followed by ` &`: it must not end in a control operator (`;`, `&`, `|`), a comment,
 * a dangling backslash or an open quote, after which the appended ` &` would not background it. Throws with a
 * clear message; returns the text without trailing blank space.
 */
export function checkLaunchCommand(command: string): string {
  const text = command.replace(/\r\n/g, '\n').replace(/[ \t\n]+$/, '');
  if (text.trim() === '') throw new Error('execwrap: empty launch command');
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  let quote: '' | "'" | '"' = '';
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inComment) {
      if (c === '\n') inComment = false;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = '';
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /[\s;&|()]/.test(text[i - 1]!))) inComment = true;
  }
  const fail = (why: string): never => {
    throw new Error(`execwrap: launch command ${why}, cannot append " &": ${JSON.stringify(lastLine)}`);
  };
  if (quote) fail('ends inside a quoted string');
  if (inComment) fail('ends in a comment');
  if (/(^|[^\\])\\$/.test(text)) fail('ends in a backslash');
  if (/(^|[^\\])[;&|]$/.test(text)) fail('ends in a control operator');
  return text;
}

/** The launch block: starts each launch in the background and supervises them; replaces the original launch lines. */
export function renderLaunchBlock(opts: { shell: ShellDialect; launches: WrapperLaunch[]; exitWhenDone: boolean }): string {
  if (opts.launches.length === 0) throw new Error('execwrap: a launch block needs at least one launch');
  const launches = opts.launches.map((l) => ({ command: checkLaunchCommand(l.command) }));
  return normalize(
    loadTemplate(templateFor(opts.shell))({ prelude: false, launches, exitWhenDone: opts.exitWhenDone === true }),
  );
}
