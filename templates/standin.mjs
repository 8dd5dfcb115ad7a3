// Stand-in for a real program in PID 1 stop runs (`execwrap verify`, and the tests through src/verify/pid1.ts). The
// harness installs a tiny sh launcher under the program's name (nginx in PATH, /usr/sbin/nginx inside the namespace) that
// runs this file with EXECWRAP_STANDIN_NAME set to that name.
//
// It logs JSON lines to $EXECWRAP_STANDIN_LOG: {"ev":"start"|"signal"|"exit", name, pid, t, sig?, code?, argv?}
// (t = Date.now() in ms). Behaviour, per program name from $EXECWRAP_STANDIN_CONFIG (JSON object keyed by name,
// "*" applies to all):
//   handle:     signals it installs handlers for (default TERM INT QUIT HUP USR1 USR2). A signal NOT listed is
//               left to node, which resets inherited dispositions at startup: QUIT, HUP, USR2 then kill it
//               (default action, no log line); INT and TERM go to node's own handler, which also exits. So
//               `handle: ["TERM"]` models a node/JVM-style app that only stops gracefully on TERM.
//   stopOn:     handled signals that start a graceful stop (default TERM INT QUIT HUP); other handled signals
//               are only logged.
//   ignore:     handled signals that are only logged (overrides stopOn), e.g. ["TERM"] for a stubborn worker.
//   shutdownMs: time a graceful stop takes (default 100); then it exits with stopExitCode (default 0, as nginx,
//               php-fpm, gunicorn do after a graceful stop).
//   exitAfterMs, exitCode: exit by itself after that long with that code (a crash or a one-shot step).
//   launches:   the calls that are the program's launch, as argument patterns (a string: that word; null: any
//               number of words, for what the script only knows at run time). A call matching none is a setup
//               step (`python manage.py migrate` before `exec python -m gunicorn`): it logs "setup" and exits 0 at
//               once. Without `launches` every call is a launch; `[]` makes every call a setup step (--stub).
//   daemonize:  start a copy of itself in a new session (logged with "daemon": true; it behaves like the program
//               but neither daemonizes nor exits by itself) and exit 0 at once, as a program that daemonizes does.
//   foregroundFlags: with daemonize, the words that keep it in the foreground instead (`-n` for supervisord).
//
// Every signal it handles is logged for as long as it runs, also while it shuts down: a test that keeps a stand-in
// running past the last moment a duplicate could be sent (shutdownMs) sees every duplicate.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const name = process.env.EXECWRAP_STANDIN_NAME || basename(process.argv[1] ?? 'standin');
const logFile = process.env.EXECWRAP_STANDIN_LOG;
let all = {};
try {
  all = JSON.parse(process.env.EXECWRAP_STANDIN_CONFIG || '{}');
} catch {
  all = {};
}
const cfg = { ...(all['*'] ?? {}), ...(all[name] ?? {}) };
const handle = cfg.handle ?? ['TERM', 'INT', 'QUIT', 'HUP', 'USR1', 'USR2'];
const stopOn = new Set(cfg.stopOn ?? ['TERM', 'INT', 'QUIT', 'HUP']);
const ignore = new Set(cfg.ignore ?? []);
const shutdownMs = cfg.shutdownMs ?? 100;
const stopExitCode = cfg.stopExitCode ?? 0;
const daemonCopy = process.env.EXECWRAP_STANDIN_DAEMON === '1';

function log(ev, extra = {}) {
  const line = JSON.stringify({ ev, name, pid: process.pid, t: Date.now(), ...extra }) + '\n';
  if (logFile) appendFileSync(logFile, line);
  else process.stderr.write(line);
}

let stopping = false;
function finish(code) {
  log('exit', { code });
  process.exit(code);
}
for (const sig of handle) {
  process.on(`SIG${sig}`, () => {
    log('signal', { sig });
    if (ignore.has(sig) || !stopOn.has(sig) || stopping) return;
    stopping = true;
    setTimeout(() => finish(stopExitCode), shutdownMs);
  });
}
/** Does argv match a pattern of words and wildcards (null: zero or more words)? */
function matches(pattern, argv) {
  if (pattern.length === 0) return argv.length === 0;
  const [head, ...rest] = pattern;
  if (head === null) return argv.some((_, i) => matches(rest, argv.slice(i))) || matches(rest, []);
  return argv.length > 0 && argv[0] === head && matches(rest, argv.slice(1));
}

const argv = process.argv.slice(2);
if (Array.isArray(cfg.launches) && !cfg.launches.some((pattern) => matches(pattern, argv))) {
  log('setup', { argv });
  process.exit(0);
}
log('start', { argv, ...(daemonCopy ? { daemon: true } : {}) });
const keptInForeground = (cfg.foregroundFlags ?? []).some((flag) => argv.includes(flag));
if (cfg.daemonize && !daemonCopy && !keptInForeground) {
  const copy = spawn(process.execPath, process.argv.slice(1), { env: { ...process.env, EXECWRAP_STANDIN_DAEMON: '1' }, stdio: 'ignore', detached: true });
  copy.unref();
  copy.on('spawn', () => finish(0));
} else {
  if (typeof cfg.exitAfterMs === 'number' && !daemonCopy) setTimeout(() => finish(cfg.exitCode ?? 0), cfg.exitAfterMs);
  setInterval(() => {}, 1 << 30);
}
