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

// Programs with facts of their own (inits, privilege droppers, servers, daemons, interpreters, script runners,
// service managers) are in programs.ts: one entry per program.
