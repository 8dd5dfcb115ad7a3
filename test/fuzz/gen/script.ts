/**
 * fast-check arbitraries for realistic container start scripts, in bash and POSIX sh flavours.
 *
 * The generator builds a model first (setup statements, launches, how the script ends) and renders it to text. The
 * properties compare execwrap's output with this model, never with execwrap's own analysis: what must survive a fix
 * byte for byte (setup statements, launch argument text, in order) and which programs run under which arguments
 * and environment (for the PID 1 stop test) are known here, independently.
 *
 * Everything a script does during setup must finish offline in well under a second on a bare Debian overlay
 * (see samples/README.md, `runnable`), so that the PID 1 test can run any generated script.
 */
import fc from 'fast-check';

export type Flavour = 'bash' | 'sh';

/** A program started by the script: `prefix` (env assignments, may be empty) then `core` (program, args, redirections). */
export interface Launch {
  /** `FOO=1 ` (with its trailing space) or ''. */
  prefix: string;
  /** The program word and everything after it on the command, without a trailing `&`. Must survive a fix unchanged. */
  core: string;
  /** The start of `core` up to its last argument (before its redirections). */
  head: string;
  /** Stand-in for the PID 1 test: a bare name (put first in PATH) or an absolute path. */
  program: string;
}

export type Ending =
  /** One program in the foreground, last: as a plain line, after `cd … &&`, inside a function called last, or already exec'd. */
  | { kind: 'single'; launch: Launch; via: 'plain' | 'cd-and' | 'function' | 'exec' | 'pipeline' | 'cleanup' | 'comment' }
  /** A final `if`/`elif`/`else` on $ROLE, one program per branch; `taken` is the branch the PID 1 test selects. */
  | { kind: 'dispatch-if'; branches: { key: string; launch: Launch }[]; taken: number }
  /** A final `case "${1:-…}"` on the first argument, one program per branch, `*) exec "$@"`. */
  | { kind: 'dispatch-case'; branches: { key: string; launch: Launch }[]; taken: number }
  /** `&` jobs, then `wait` (or `wait -n` in bash, or `wait "$PID"` of the first job). */
  | { kind: 'jobs-wait'; jobs: Launch[]; wait: 'wait' | 'wait -n' | 'wait-pid'; oneLine: boolean }
  /** `&` jobs held open by a keep-alive. */
  | { kind: 'jobs-keepalive'; jobs: Launch[]; keepAlive: string }
  /** `&` helpers, then the main program in the foreground. */
  | { kind: 'jobs-foreground'; jobs: Launch[]; main: Launch };

export interface ScriptModel {
  flavour: Flavour;
  shebang: string;
  /** Comment lines between the shebang and the set line. */
  header: string[];
  /** `set -e` … or '' for none. */
  setLine: string;
  /** Setup statements, each possibly several lines (joined with '\n' here; rendered with the script's line ending). */
  setup: string[];
  ending: Ending;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

/** A piece of the rendered text the fixed script must still contain, in this order. */
export type Piece =
  | { kind: 'verbatim'; text: string }
  /** A launch: `prefix`, then optionally `exec ` (execwrap's fix, or already there), then `core`, then ` &` for a job. */
  | { kind: 'launch'; launch: Launch; background: boolean; /** more words (a redirection) may follow */ open?: boolean }
  /** Must appear somewhere in the fixed text (a pipeline's reader, which the fix may move before the program). */
  | { kind: 'present'; text: string };

export interface Rendered {
  text: string;
  pieces: Piece[];
}

// ---------------------------------------------------------------------------------------------------------------
// programs and their arguments

/** The fixed list of launch programs: the text as written and the stand-in that replaces it in the PID 1 test. */
export const PROGRAMS: readonly { text: string; program: string }[] = [
  { text: 'app', program: 'app' },
  { text: 'worker', program: 'worker' },
  { text: 'gunicorn app.wsgi:application', program: 'gunicorn' },
  { text: "nginx -g 'daemon off;'", program: 'nginx' },
  { text: '/usr/local/bin/server', program: '/usr/local/bin/server' },
  { text: 'celery -A proj worker', program: 'celery' },
  { text: 'java -jar /app/app.jar', program: 'java' },
  { text: 'php-fpm -F', program: 'php-fpm' },
];

/** Awkward argument words: spaces, both quotes, variables, "$@", globs, backslashes, non-ASCII. */
const ARGS = [
  '--port 8080',
  '--bind "0.0.0.0:${PORT:-8080}"',
  '"$PORT"',
  '--port="$PORT"',
  '$WORKERS',
  '"hello world"',
  "'single quoted $HOME'",
  '"${WORKERS:-2}"',
  '"$@"',
  '*.conf',
  "-c 'a;b'",
  `"it's"`,
  `'say "hi"'`,
  'a\\ b',
  '--name=café',
  '-v',
  '--log-level info',
  '"$APP_HOME/conf"',
  "--opt='x y'",
  '"${HOME}"/data',
  '--json \'{"a": [1, 2]}\'',
  '-- "$@"',
];

const REDIRECTS = ['>/dev/null', '2>&1', '>>/tmp/app.log 2>&1', '</dev/null', '2>/tmp/app.err', '1>&2'];

const PREFIXES = ['', '', '', 'FOO=1 ', 'PORT=8080 ', 'NAME="x y" ', "MSG='a b' ", 'A=1 B=2 ', 'PYTHONUNBUFFERED=1 '];

export const launchArb: fc.Arbitrary<Launch> = fc
  .record({
    program: fc.constantFrom(...PROGRAMS),
    args: fc.array(fc.constantFrom(...ARGS), { maxLength: 3 }),
    redirects: fc.array(fc.constantFrom(...REDIRECTS), { maxLength: 2 }),
    prefix: fc.constantFrom(...PREFIXES),
    // A long command continued with a backslash before its last argument.
    continued: fc.nat({ max: 6 }).map((n) => n === 0),
  })
  .map(({ program, args, redirects, prefix, continued }) => {
    const tokens = [program.text, ...args, ...redirects];
    // The separator before each token: a space, or a backslash-newline before the last one.
    const seps = tokens.map((_, i) => (i === 0 ? '' : continued && i === tokens.length - 1 ? ' \\\n    ' : ' '));
    const core = tokens.map((t, i) => seps[i] + t).join('');
    const head = tokens.slice(0, 1 + args.length).map((t, i) => seps[i] + t).join('');
    return { prefix, core, head, program: program.program };
  });

// ---------------------------------------------------------------------------------------------------------------
// setup statements

const COMMON_SETUP: string[][] = [
  ['export APP_ENV=production'],
  ['export PATH="/opt/app/bin:$PATH"'],
  ['export LANG=C.UTF-8 LC_ALL=C.UTF-8'],
  [': "${PORT:=8080}"'],
  [': "${WORKERS:=2}"'],
  [': "${APP_HOME:=/srv/app}"'],
  ['mkdir -p /var/run/app /tmp/app-data'],
  ['mkdir -p "${APP_HOME:-/srv/app}/logs"'],
  ['mkdir -p /var/lib/app', 'chown -R nobody /var/lib/app'],
  ['mkdir -p /var/lib/app/cache', 'chown -R 65534:65534 /var/lib/app/cache'],
  ['cat > /tmp/app.conf <<EOF\nport=${PORT:-8080}\nname="x y"\nhome=$HOME\nEOF'],
  ["cat > /tmp/static.conf <<'EOF'\n# literal: $NOT_EXPANDED `not run`\nserver { listen 80; }\nEOF"],
  ['mkdir -p /etc/app', 'cat >/etc/app/app.ini <<-EOF\n\t[main]\n\tworkers = ${WORKERS:-2}\n\t# Kommentar: größer\n\tEOF'],
  ['if [ -n "${DEBUG:-}" ]; then\n  echo "debug mode on" >&2\nfi'],
  ['if [ ! -f /tmp/app-data/.initialised ]; then\n  mkdir -p /tmp/app-data\n  touch /tmp/app-data/.initialised\nelse\n  echo "already initialised"\nfi'],
  ['log() {\n  echo "[entrypoint] $*" >&2\n}', 'log "preparing"'],
  ['echo "starting container… ✓"'],
  ["printf '%s\\n' \"ready on port ${PORT:-8080}\""],
  ['cd /tmp'],
  ['umask 0022'],
  ['# 起動前の準備'],
  ['# Запуск сервиса'],
  ['# 🚀 go'],
  ['mkdir -p /tmp/x # make the scratch dir'],
  ['for i in 1 2 3; do\n  if [ -d /tmp ]; then break; fi\n  sleep 1\ndone'],
  ['for f in /docker-entrypoint.d/*.sh; do\n  if [ -r "$f" ]; then\n    . "$f"\n  fi\ndone'],
  ['[ -d /tmp ] || mkdir -p /tmp'],
  ['rm -f /tmp/app.pid'],
  [''],
];

const BASH_SETUP: string[][] = [
  ['if [[ "${APP_ENV:-}" == prod* ]]; then\n  echo "production"\nfi'],
  ['EXTRA_ARGS=(--verbose "two words")'],
  ['function cleanup_tmp {\n  rm -rf /tmp/app-cache\n}', 'cleanup_tmp'],
  ['readonly CONFIG_DIR=/etc/app'],
  ['declare -i RETRIES=3'],
  ['while read -r line; do\n  echo "$line"\ndone <<< "hello"'],
];

const setupArb = (flavour: Flavour): fc.Arbitrary<string[]> =>
  // unique: a second `readonly X=…` would fail, and real scripts do not repeat a step.
  fc
    .uniqueArray(fc.constantFrom(...(flavour === 'bash' ? [...COMMON_SETUP, ...BASH_SETUP] : COMMON_SETUP)), { maxLength: 7 })
    .map((groups) => groups.flat());

const HEADER_COMMENTS = ['# Container entrypoint', '# 起動スクリプト (entrypoint)', '# Точка входа контейнера', '# shellcheck disable=SC2086', '# ✨ start script ✨'];

const KEEP_ALIVES = ['tail -f /dev/null', 'sleep infinity', 'while true; do sleep 60; done', 'while :; do sleep 3600; done'];

const jobsArb = fc.array(launchArb, { minLength: 1, maxLength: 3 });

const dispatchArb = fc
  .array(launchArb, { minLength: 2, maxLength: 3 })
  .chain((launches) =>
    fc.record({
      // The last branch is the default (`else`, or `${1:-web}` in a case): key `web`.
      branches: fc.constant(launches.map((launch, i) => ({ key: i === launches.length - 1 ? 'web' : ['worker', 'beat'][i]!, launch }))),
      taken: fc.nat({ max: launches.length - 1 }),
    }),
  );

const endingArb = (flavour: Flavour): fc.Arbitrary<Ending> =>
  fc.oneof(
    fc.record({ kind: fc.constant('single' as const), launch: launchArb, via: fc.constantFrom('plain' as const, 'plain' as const, 'cd-and' as const, 'function' as const, 'exec' as const, 'pipeline' as const, 'cleanup' as const, 'comment' as const) }),
    dispatchArb.map((d) => ({ kind: 'dispatch-if' as const, ...d })),
    dispatchArb.map((d) => ({ kind: 'dispatch-case' as const, ...d })),
    fc.record({
      kind: fc.constant('jobs-wait' as const),
      jobs: jobsArb,
      wait: flavour === 'bash' ? fc.constantFrom('wait' as const, 'wait -n' as const, 'wait-pid' as const) : fc.constantFrom('wait' as const, 'wait-pid' as const),
      oneLine: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('jobs-keepalive' as const), jobs: jobsArb, keepAlive: fc.constantFrom(...KEEP_ALIVES) }),
    fc.record({ kind: fc.constant('jobs-foreground' as const), jobs: jobsArb, main: launchArb }),
  );

const SET_LINES: Record<Flavour, string[]> = { sh: ['', 'set -e', 'set -eu'], bash: ['', 'set -e', 'set -eu', 'set -euo pipefail'] };
const SHEBANGS: Record<Flavour, string[]> = { sh: ['#!/bin/sh'], bash: ['#!/bin/bash', '#!/usr/bin/env bash'] };

export interface ScriptOptions {
  /** Allow CRLF line endings (not runnable: the kernel reads `sh\r`). Default true. */
  crlf?: boolean;
}

export function scriptModelArb(options: ScriptOptions = {}): fc.Arbitrary<ScriptModel> {
  const crlf = options.crlf ?? true;
  return fc.constantFrom<Flavour>('sh', 'bash').chain((flavour) =>
    fc.record({
      flavour: fc.constant(flavour),
      shebang: fc.constantFrom(...SHEBANGS[flavour]),
      header: fc.array(fc.constantFrom(...HEADER_COMMENTS), { maxLength: 2 }),
      setLine: fc.constantFrom(...SET_LINES[flavour]),
      setup: setupArb(flavour),
      ending: endingArb(flavour),
      // CRLF about one script in ten, when allowed.
      eol: crlf ? fc.constantFrom<'\n' | '\r\n'>('\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\r\n') : fc.constant<'\n'>('\n'),
      finalNewline: fc.boolean(),
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// rendering

function launchText(l: Launch, exec = false): string {
  return `${l.prefix}${exec ? 'exec ' : ''}${l.core}`;
}

function eolLaunch(l: Launch, eol: string): Launch {
  return { ...l, core: l.core.split('\n').join(eol), head: l.head.split('\n').join(eol) };
}

/** Renders the model. Pieces hold the text each must appear as in the fix (with the script's line ending). */
export function renderScript(m: ScriptModel): Rendered {
  const lines: string[] = [];
  const pieces: Piece[] = [];
  const verbatim = (text: string): void => {
    lines.push(text);
    if (text.trim() !== '') pieces.push({ kind: 'verbatim', text: text.split('\n').join(m.eol) });
  };
  const launch = (l: Launch, background: boolean, line: string): void => {
    lines.push(line);
    pieces.push({ kind: 'launch', launch: eolLaunch(l, m.eol), background });
  };

  lines.push(m.shebang);
  for (const c of m.header) verbatim(c);
  if (m.setLine) verbatim(m.setLine);
  for (const s of m.setup) verbatim(s);

  const e = m.ending;
  switch (e.kind) {
    case 'single':
      if (e.via === 'plain') launch(e.launch, false, launchText(e.launch));
      else if (e.via === 'exec') launch(e.launch, false, launchText(e.launch, true));
      else if (e.via === 'pipeline') {
        // `app | tee -a log`: the wrapper with one child, its output through a fifo to tee (SHELL-FACTS 18). The
        // launch keeps its text but may get a redirection after it; the tee command must still be there.
        lines.push(`${launchText(e.launch)} | tee -a /tmp/app.log`);
        pieces.push({ kind: 'launch', launch: eolLaunch(e.launch, m.eol), background: false, open: true });
        pieces.push({ kind: 'present', text: 'tee -a /tmp/app.log' });
      } else if (e.via === 'cleanup') {
        launch(e.launch, false, launchText(e.launch));
        verbatim('echo "server stopped" >&2');
      } else if (e.via === 'comment') {
        launch(e.launch, false, `${launchText(e.launch)}  # the main process`);
        pieces.push({ kind: 'verbatim', text: '  # the main process' });
      }
      else if (e.via === 'cd-and') {
        // `cd /tmp &&` is kept as it is; the launch after it is the piece.
        lines.push(`cd /tmp && ${launchText(e.launch)}`);
        pieces.push({ kind: 'verbatim', text: 'cd /tmp && ' }, { kind: 'launch', launch: eolLaunch(e.launch, m.eol), background: false });
      } else {
        verbatim('start_server() {\n  echo "starting server"');
        launch(e.launch, false, `  ${launchText(e.launch)}`);
        verbatim('}');
        verbatim('start_server "$@"');
      }
      break;
    case 'dispatch-if':
      e.branches.forEach((b, i) => {
        const last = i === e.branches.length - 1;
        if (last) verbatim('else');
        else verbatim(`${i === 0 ? 'if' : 'elif'} [ "\${ROLE:-web}" = ${b.key} ]; then`);
        launch(b.launch, false, `  ${launchText(b.launch)}`);
      });
      verbatim('fi');
      break;
    case 'dispatch-case':
      verbatim('case "${1:-web}" in');
      for (const b of e.branches) {
        verbatim(`  ${b.key})`);
        launch(b.launch, false, `    ${launchText(b.launch)}`);
        verbatim('    ;;');
      }
      verbatim('  *)\n    exec "$@"\n    ;;\nesac');
      break;
    case 'jobs-wait':
      if (e.oneLine && e.wait === 'wait') {
        lines.push(`${e.jobs.map((j) => `${launchText(j)} &`).join(' ')} wait`);
        for (const j of e.jobs) pieces.push({ kind: 'launch', launch: eolLaunch(j, m.eol), background: true });
      } else {
        e.jobs.forEach((j, i) => {
          launch(j, true, `${launchText(j)} &`);
          if (i === 0 && e.wait === 'wait-pid') verbatim('MAIN_PID=$!');
        });
        lines.push(e.wait === 'wait-pid' ? 'wait "$MAIN_PID"' : e.wait);
      }
      break;
    case 'jobs-keepalive':
      for (const j of e.jobs) launch(j, true, `${launchText(j)} &`);
      lines.push(e.keepAlive);
      break;
    case 'jobs-foreground':
      for (const j of e.jobs) launch(j, true, `${launchText(j)} &`);
      launch(e.main, false, launchText(e.main));
      break;
  }
  // Multi-line statements are written with '\n' above: every line ends the same way.
  const text = lines.map((l) => l.split('\n').join(m.eol)).join(m.eol) + (m.finalNewline ? m.eol : '');
  return { text, pieces };
}

// ---------------------------------------------------------------------------------------------------------------
// what runs (for the PID 1 test)

export interface RunPlan {
  /** Stand-ins to install. */
  programs: string[];
  /** Stand-in names that start (one entry per instance), for the harness's waitFor and the per-program checks. */
  started: string[];
  args: string[];
  env: Record<string, string>;
}

const basename = (p: string): string => p.split('/').pop()!;

export function runPlan(m: ScriptModel): RunPlan {
  const e = m.ending;
  let launches: Launch[];
  let args: string[] = [];
  const env: Record<string, string> = { PORT: '8080', WORKERS: '2', APP_HOME: '/srv/app' };
  switch (e.kind) {
    case 'single':
      launches = [e.launch];
      break;
    case 'dispatch-if':
      launches = [e.branches[e.taken]!.launch];
      if (e.taken !== e.branches.length - 1) env.ROLE = e.branches[e.taken]!.key;
      break;
    case 'dispatch-case':
      launches = [e.branches[e.taken]!.launch];
      args = [e.branches[e.taken]!.key];
      break;
    case 'jobs-wait':
    case 'jobs-keepalive':
      launches = e.jobs;
      break;
    case 'jobs-foreground':
      launches = [...e.jobs, e.main];
      break;
  }
  const programs = [...new Set(PROGRAMS.map((p) => p.program))];
  return { programs, started: launches.map((l) => basename(l.program)), args, env };
}
