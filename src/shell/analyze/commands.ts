/**
 * What execwrap knows about commands by name. Kept in one place so rules and the launch analysis
 * agree on what is a setup step, what is cleanup and what is a long-running program.
 */

/** Commands that finish quickly: setup or cleanup, never the program the container exists for. */
export const SHORT_LIVED = new Set([
  ':', '.', '[', '[[', 'alias', 'basename', 'bind', 'break', 'builtin', 'cat', 'cd', 'chgrp', 'chmod', 'chown',
  'command', 'continue', 'cp', 'cut', 'date', 'declare', 'dirname', 'echo', 'envsubst', 'eval', 'exit', 'export',
  'false', 'find', 'getent', 'grep', 'groupadd', 'hash', 'hostname', 'id', 'install', 'kill', 'let', 'ln', 'local',
  'logger', 'ls', 'mkdir', 'mktemp', 'mv', 'printf', 'pwd', 'read', 'readarray', 'readlink', 'readonly', 'return',
  'rm', 'rmdir', 'sed', 'set', 'shift', 'shopt', 'sleep', 'source', 'stat', 'tee', 'test', 'touch', 'tr', 'trap',
  'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'update-ca-certificates', 'useradd',
  'usermod', 'adduser', 'addgroup', 'wait', 'awk', 'head', 'sort', 'uniq', 'wc', 'xargs', 'ldconfig', 'sysctl',
  'chpasswd', 'openssl', 'curl', 'wget', 'nc', 'pg_isready', 'mysqladmin', 'timeout', 'usleep', 'ps', 'pgrep',
  'pkill', 'killall', 'tar', 'gzip', 'gunzip', 'unzip', 'ssh-keygen', 'locale-gen', 'dpkg-reconfigure',
]);

/** Commands that only print or end the script: harmless after the main program, skipped by `exec`. */
export const CLEANUP = new Set(['echo', 'printf', 'exit', 'true', ':', 'logger', 'return', 'rm', 'sync']);

/**
 * User switchers that stand between the stop signal and the program even under `exec` (measured as PID 1, EW109's
 * docs): `su`/`runuser -c` run the program under a shell that passes nothing on, and `su`, `runuser` and OpenDoas
 * end the session 2 s after the signal with SIGKILL and status 143, whatever the program did. `sudo` is not one of
 * them: it relays the signal and ends when the program does, so `exec sudo -u app prog` is right.
 */
export const PRIVILEGE_FORKERS = new Set(['su', 'runuser', 'doas']);

/** Privilege droppers that exec the program (it keeps the PID and gets signals directly). */
export const PRIVILEGE_EXECERS = new Set(['gosu', 'su-exec', 'setpriv', 'chpst', 'setuidgid', 's6-setuidgid']);

/** Package-manager script runners: they add a process between the signal and the program. */
export const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm']);

/** Programs whose own signal forwarding makes them a correct PID 1 or a correct child of one. */
export const SUPERVISORS = new Set(['supervisord', 'tini', 'dumb-init', 's6-svscan', 'runsvdir', 'catatonit']);

/** Service managers that start a daemon and return: nothing is left for the script to hand signals to. */
export const SERVICE_MANAGERS = new Set(['service', 'systemctl', 'rc-service', 'invoke-rc.d', 'apachectl', 'apache2ctl']);

/**
 * Programs so widely used under their own names that a function of the same name, in a sourced file execwrap could
 * not read, is very unlikely; `exec` in front of them is then offered, as an unsafe fix. Any other bare name might be
 * one of that file's functions (`runEntrypoints`, `start_server`), and `exec` in front of a function fails.
 */
const KNOWN_PROGRAMS = new Set([
  'node', 'nodejs', 'deno', 'bun', 'python', 'python3', 'python2', 'java', 'ruby', 'php', 'perl', 'dotnet', 'bundle',
  'rails', 'rackup', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'celery', 'waitress-serve', 'flask', 'puma',
  'unicorn', 'sidekiq', 'nginx', 'httpd', 'apache2', 'apachectl', 'apache2ctl', 'php-fpm', 'redis-server', 'mongod',
  'mysqld', 'mariadbd', 'postgres', 'memcached', 'haproxy', 'traefik', 'caddy', 'envoy', 'supervisord', 'sshd',
  'cron', 'crond', 'rsyslogd', 'npm', 'yarn', 'pnpm', 'npx', 'sudo', 'gosu', 'su-exec', 'setpriv', 'tini',
  'dumb-init', 'minio', 'vault', 'consul', 'nomad', 'grafana-server', 'prometheus', 'dockerd', 'containerd', 'tail',
]);

export function isKnownProgram(name: string): boolean {
  return KNOWN_PROGRAMS.has(name) || /^php-fpm\d/.test(name) || /^python3\.\d+$/.test(name);
}

/**
 * Programs that, started like this in the foreground, do not return while the container lives: a final `exec`
 * after one of them is never reached. Interpreters (`python`, `node`) are left out on purpose: before an
 * `exec` they are nearly always setup steps (`python manage.py migrate`, `node -v`).
 */
export function isForegroundServer(name: string, args: readonly string[]): boolean {
  const joined = args.join(' ');
  const positional = args.filter((a) => !a.startsWith('-'));
  switch (name) {
    case 'bundle': // `bundle exec rails s`, `bundle exec puma`
      return args[0] === 'exec' && args.length > 1 && isForegroundServer(args[1]!.split('/').pop()!, args.slice(2));
    case 'rails':
      return positional[0] === 's' || positional[0] === 'server';
    case 'rackup': case 'sidekiq':
      return !args.some((a) => /^(-v|--version|-h|--help)$/.test(a));
    case 'php': // `php artisan serve`, `php -S 0.0.0.0:8000`
      return (positional[0] === 'artisan' && positional[1] === 'serve') || args.includes('-S');
    case 'python': case 'python3':
      return positional[1] === 'runserver' || (args[0] === '-m' && (args[1] === 'http.server' || args[1] === 'flask' && args.includes('run')));
    case 'flask':
      return positional[0] === 'run';
    case 'node': case 'nodejs': // `node server.js`; `node scripts/migrate.js` is a step
      return /(^|\/)(server|app)\.[cm]?js$/.test(positional[0] ?? '');
    case 'npm': case 'yarn': case 'pnpm':
      return positional[0] === 'start' || (positional[0] === 'run' && /^(start|serve|dev)$/.test(positional[1] ?? '')) || /^(serve|dev)$/.test(positional[0] ?? '');
    case 'celery':
      return positional.some((a) => a === 'worker' || a === 'beat' || a === 'flower');
    case 'gunicorn': case 'uvicorn': case 'hypercorn': case 'daphne': case 'puma': case 'unicorn': case 'redis-server':
    case 'mongod': case 'mysqld': case 'mariadbd': case 'traefik': case 'waitress-serve':
      return !args.some((a) => /^(-v|-V|--version|-h|--help|--check-config|--check)$/.test(a));
    case 'haproxy':
      return !args.some((a) => /^(-v|-vv|-c)$/.test(a));
    case 'supervisord':
      return args.includes('-n') || args.includes('--nodaemon');
    case 'nginx':
      return /daemon\s+off/.test(joined);
    case 'php-fpm':
      return args.includes('-F') || args.includes('--nodaemonize');
    case 'httpd': case 'apache2':
      return args.includes('-DFOREGROUND');
    case 'sshd':
      return args.includes('-D');
    case 'crond': case 'cron':
      return args.includes('-f');
    case 'caddy':
      return args[0] === 'run';
    case 'java': {
      // `java -jar app.jar` with nothing after the jar is the app; `java -jar flyway.jar migrate` is a step.
      const jar = args.indexOf('-jar');
      return jar !== -1 && jar === args.length - 2;
    }
    default:
      return /^php-fpm\d/.test(name) && (args.includes('-F') || args.includes('--nodaemonize'));
  }
}
