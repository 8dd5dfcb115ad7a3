import { loadTemplate } from '../../core/templates.js';
import { splitShellText } from '../parse/shell-words.js';

export type ShellDialect = 'sh' | 'bash';
export interface WrapperLaunch {
  /** Verbatim shell text of one launch (may span lines with backslash continuations). */
  command: string;
}

/**
 * When the wrapper's wait ends (docs/wrapper.md): `main` when the given programs have ended (their last one's
 * status, also after a stop signal), `all` when the given programs (default: every program) have ended, `first`
 * when one program has. Derived from the line the wait replaces: `exec B` or a final `B` → main, `wait` and a
 * keep-alive → all, `wait -n` (and --fail-fast) → first.
 */
export type WaitRule = 'main' | 'all' | 'first';

/** Marker lines the analyzer uses to recognise generated code; any version of the prelude starts with PRELUDE_MARKER. */
export const PRELUDE_MARKER = '# >>> execwrap prelude';
/** The prelude's version, in its marker line: a prelude with another text is an older or edited one (EW119). */
export const PRELUDE_VERSION = 'v3';
export const PRELUDE_BEGIN = `${PRELUDE_MARKER} ${PRELUDE_VERSION}`;
export const PRELUDE_END = '# <<< execwrap prelude';
/**
 * Preludes earlier versions of execwrap wrote, by the SHA-256 of their text (LF line endings, from the marker line to
 * the end marker line): EW119 replaces them with the current one. All of v2 has the interface of v3 (`_ew_started`,
 * `_ew_wait main|all|first`), so the replacement changes nothing but the defects v3 fixed (docs/wrapper.md F21).
 */
export const OLDER_PRELUDES: Readonly<Record<string, readonly string[]>> = {
  v2: [
    'b721679c17c183d334d27384a4c80810f8df2859c0db921a2f7a1418c1a9e6aa',
    '37192e740931530464e481b4d56429c35b819832bb25ebda2db177157d5f6275',
    '8437a104f977a3e35fd4e33bd624cb62ba2d7c4c950584dd00a5100e7e035b8d',
    'd93a25a6c28c9f0cc84264fc1da8a5143fe732557416a1ca8306e71207d5c944',
  ],
};
/** execwrap 0.1's wrapper (prelude v1) waited with this call, in a launch block of its own; nothing else calls it. */
export const V1_WAIT_FUNCTION = '_ew_supervise';
/** The prelude's function a launch line hands a program's PID to (`_ew_started "$!"`). */
export const STARTED_FUNCTION = '_ew_started';
/** The prelude's function that replaces the script's `wait`, keep-alive or final program (`_ew_wait main "$!"`). */
export const WAIT_FUNCTION = '_ew_wait';
/** Signals the prelude traps, with their numbers (the end status after signal n is 128+n). */
export const HANDLED_SIGNALS = { HUP: 1, INT: 2, QUIT: 3, TERM: 15 } as const;

function normalize(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}

/**
 * Shell functions and trap lines; insert before the script's setup steps. One text serves both dialects: it uses
 * only what dash, busybox ash and bash all accept (`local` included), and picks `wait -n` at run time under bash.
 */
export function renderPrelude(opts: { shell: ShellDialect }): string {
  if (opts.shell !== 'sh' && opts.shell !== 'bash') throw new Error(`execwrap: unknown shell dialect ${JSON.stringify(opts.shell)}`);
  return normalize(loadTemplate('wrapper.hbs')({}));
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
  const fail = (why: string): never => {
    throw new Error(`execwrap: launch command ${why}, cannot append " &": ${JSON.stringify(lastLine)}`);
  };
  const { tokens, unterminated, trailingBackslash } = splitShellText(text);
  const last = tokens[tokens.length - 1];
  if (unterminated) fail(unterminated.opening === "'" || unterminated.opening === '"' ? 'ends inside a quoted string' : `ends inside an unclosed expansion (${unterminated.opening})`);
  if (last?.kind === 'comment') fail('ends in a comment');
  if (trailingBackslash !== undefined) fail('ends in a backslash');
  if (last?.kind === 'operator' && ';&|'.includes(last.text)) fail('ends in a control operator');
  return text;
}

/**
 * The launch lines of a script written from scratch (scaffold): each program in the background with its PID handed
 * to the wrapper, then the wait. `until: 'all'` waits for every program (a program that ends by itself leaves the
 * others running), `'first'` is --fail-fast.
 */
export function renderLaunchBlock(opts: { shell: ShellDialect; launches: WrapperLaunch[]; until: 'all' | 'first' }): string {
  if (opts.launches.length === 0) throw new Error('execwrap: a launch block needs at least one launch');
  const lines = renderLaunchLines();
  const out: string[] = [];
  for (const launch of opts.launches) out.push(`${checkLaunchCommand(launch.command)} &`, lines.started);
  out.push(lines.wait(opts.until, [], opts.until === 'first' ? 'fail-fast' : 'scaffold'));
  return normalize(out.join('\n'));
}

/** Why the wait line is there, said in its trailing comment. */
export type WaitReason = 'exec' | 'program' | 'task' | 'wait' | 'wait -n' | 'keep-alive' | 'pipeline' | 'fail-fast' | 'scaffold' | 'added';

const REASONS: Record<WaitReason, string> = {
  exec: 'ends when this program ends, as `exec` did; passes stop signals on',
  program: 'ends when this program ends, as before; passes stop signals on',
  task: 'ends when this loop ends, as before; passes stop signals on',
  wait: 'waits as `wait` did; passes stop signals on',
  'wait -n': 'ends when the first program ends, as `wait -n` did; passes stop signals on',
  'keep-alive': 'was a keep-alive: waits for every program; passes stop signals on',
  pipeline: 'ends when the pipeline ends, as before; passes stop signals on',
  'fail-fast': 'ends when the first program ends (--fail-fast); passes stop signals on',
  scaffold: 'waits for every program; passes stop signals on',
  added: 'added (unsafe fix): the script used to end here; now it waits for every program, passing stop signals on',
};

export interface LaunchLines {
  /** After each `&`: hands the program's PID to the wrapper. */
  started: string;
  /** What replaces the `wait`, keep-alive or final program. */
  wait(rule: WaitRule, pids: readonly string[], reason: WaitReason): string;
}

/** The lines the in-place fix adds beside the script's own launch lines (they call the prelude's functions). */
export function renderLaunchLines(): LaunchLines {
  const template = loadTemplate('launch-lines.hbs');
  return {
    started: template({ started: true, rule: '', pids: [], note: '' }).trim(),
    wait: (rule, pids, reason) => template({ started: false, rule, pids, note: REASONS[reason] }).trim(),
  };
}

/**
 * `app | tee log` as the final line: both run in the background joined by a fifo; the program is handed to the
 * wrapper (it gets the stop signal), the reader is only waited for, so it drains every line (SHELL-FACTS 18). The
 * wait ends when both have, with the pipeline's status: the reader's, or under `pipefail` the program's.
 */
export function renderPipelineLaunch(opts: { producer: string; consumer: string; consumerName: string; pipefail: boolean; failFast: boolean }): string[] {
  const lines = renderLaunchLines();
  // --fail-fast: the first program to end decides; the reader is waited for too, so it still writes the last lines.
  const wait = opts.failFast
    ? lines.wait('first', ['"$_ew_log_reader"'], 'fail-fast')
    : lines.wait('main', opts.pipefail ? ['"$_ew_log_reader"', '"$!"'] : ['"$!"', '"$_ew_log_reader"'], 'pipeline');
  return loadTemplate('pipeline.hbs')({ ...opts, wait })
    .split('\n')
    .filter((l) => l !== '');
}

/** Where the program's output is sent in the rendered pipeline launch. */
export const LOG_FIFO_REDIRECT = '>"$_ew_log_fifo"';
