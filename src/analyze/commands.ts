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

/** Wrappers that run another program as a child and keep it from receiving the signal. */
export const PRIVILEGE_FORKERS = new Set(['su', 'sudo', 'runuser', 'doas']);

/** Privilege droppers that exec the program (it keeps the PID and gets signals directly). */
export const PRIVILEGE_EXECERS = new Set(['gosu', 'su-exec', 'setpriv', 'chpst', 'setuidgid', 's6-setuidgid']);

/** Package-manager script runners: they add a process between the signal and the program. */
export const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm']);

/** Programs whose own signal forwarding makes them a correct PID 1 or a correct child of one. */
export const SUPERVISORS = new Set(['supervisord', 'tini', 'dumb-init', 's6-svscan', 'runsvdir', 'catatonit']);

/** Service managers that start a daemon and return: nothing is left for the script to hand signals to. */
export const SERVICE_MANAGERS = new Set(['service', 'systemctl', 'rc-service', 'invoke-rc.d', 'apachectl', 'apache2ctl']);

/** Programs that, run in the foreground, normally do not return while the container lives. */
export const FOREGROUND_SERVERS = new Set([
  'nginx', 'httpd', 'apache2', 'php-fpm', 'gunicorn', 'uvicorn', 'node', 'java', 'redis-server', 'mongod', 'postgres',
  'mysqld', 'mariadbd', 'sshd', 'crond', 'cron', 'haproxy', 'supervisord', 'caddy', 'traefik', 'puma', 'rails',
  'python', 'python3', 'celery', 'php', 'ruby', 'dotnet', 'deno', 'bun', 'hypercorn', 'daphne', 'waitress-serve',
]);
