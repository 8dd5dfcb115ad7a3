import { describe, expect, test } from 'vitest';
import { analyze, script } from '../helpers/rule-tester.js';

interface Row {
  name: string;
  code: string;
  launcher: 'single' | 'multi' | 'none' | 'unknown';
  status: 'ok' | 'fixable' | 'unfixable';
}

const bash = (body: string) => `#!/bin/bash\n${body}`;
const sh = (body: string) => `#!/bin/sh\n${body}`;

const TABLE: Row[] = [
  // single
  { name: 'simple command last', launcher: 'single', status: 'fixable', code: bash('cd /app\nnode server.js\n') },
  { name: 'and-list', launcher: 'single', status: 'fixable', code: bash('cd /srv && gunicorn app:wsgi\n') },
  { name: 'if branches', launcher: 'single', status: 'fixable', code: bash('if [ "$1" = web ]; then\n  gunicorn app:wsgi\nelse\n  celery -A proj worker\nfi\n') },
  { name: 'case branches', launcher: 'single', status: 'fixable', code: sh('case "$ROLE" in\n  web) gunicorn app:wsgi ;;\n  *) celery -A proj worker ;;\nesac\n') },
  { name: 'function called last', launcher: 'single', status: 'fixable', code: bash('start() {\n  echo starting\n  node server.js\n}\nstart\n') },
  { name: 'pipeline `app | tee log`', launcher: 'single', status: 'fixable', code: bash('node server.js 2>&1 | tee -a /var/log/app.log\n') },
  { name: 'program + `echo done; exit 0`', launcher: 'single', status: 'fixable', code: bash('node server.js\necho done\nexit 0\n') },
  { name: '`app || exit 1`', launcher: 'single', status: 'unfixable', code: bash('app || exit 1\n') },
  { name: 'su as the last line (unsafe fix: exec setpriv)', launcher: 'single', status: 'fixable', code: bash('su app -c "node server.js"\n') },
  // A line dash cannot read (EW114) is reported, but does not make a launch that has a fix unfixable.
  { name: '`[[ … ]]` under sh, then a program without exec', launcher: 'single', status: 'fixable', code: sh('[[ -n "$X" ]] && echo x\nnode server.js\n') },
  { name: '`[[ … ]]` under sh, then `exec prog`: nothing to fix, the line stays', launcher: 'single', status: 'unfixable', code: sh('[[ -n "$X" ]] && echo x\nexec node server.js\n') },
  // multi
  { name: '`a & b & wait`', launcher: 'multi', status: 'fixable', code: bash("nginx -g 'daemon off;' &\nphp-fpm -F &\nwait\n") },
  { name: '`app & tail -f /dev/null`', launcher: 'multi', status: 'fixable', code: bash('redis-server &\ntail -f /dev/null\n') },
  { name: '`app & sleep infinity`', launcher: 'multi', status: 'fixable', code: sh('crond -f &\nsleep infinity\n') },
  { name: '`app & while true; do sleep 60; done`', launcher: 'multi', status: 'fixable', code: sh('crond -f &\nwhile true; do sleep 60; done\n') },
  { name: 'helpers + foreground program last', launcher: 'multi', status: 'fixable', code: bash('Xvfb :99 &\nx11vnc -display :99 &\nnovnc_proxy --listen 6080\n') },
  { name: 'helpers before `exec main`', launcher: 'multi', status: 'fixable', code: bash('dockerd &\nexec "$@"\n') },
  { name: 'detached helper', launcher: 'multi', status: 'unfixable', code: bash('( nohup dockerd & ) 2>/dev/null\nexec "$@"\n') },
  { name: 'handler exits without waiting', launcher: 'multi', status: 'unfixable', code: bash('trap \'kill -TERM $pid; exit 0\' TERM\nnode server.js &\npid=$!\nwait $pid\n') },
  { name: 'programs started in a loop, then wait', launcher: 'multi', status: 'fixable', code: bash('for s in api worker; do\n  "$s" &\ndone\nwait\n') },
  { name: 'responsive idle loop: a trap wrapper around its own sleep', launcher: 'multi', status: 'ok', code: bash('trap "kill \\$!; exit 0" TERM\nwhile :; do sleep 60 & wait $!; done\n') },
  { name: 'temporary init server killed and waited for, then exec', launcher: 'single', status: 'ok', code: bash('"$@" --skip-networking &\npid=$!\nsleep 1\nkill "$pid"\nwait "$pid"\nexec "$@"\n') },
  // Temporary servers stopped by their own stop request before the launch (MariaDB 10.2-10.7, MySQL 5.7, hand-written images).
  { name: 'temporary server stopped by `mysqladmin shutdown` in a function, then exec', launcher: 'single', status: 'ok', code: bash('start() { "$@" --skip-networking & }\nstop() { mysqladmin shutdown -uroot; }\nstart "$@"\nstop\nexec "$@"\n') },
  { name: 'temporary server stopped by `mysql <<<SHUTDOWN`, then exec', launcher: 'single', status: 'ok', code: bash("mysqld --skip-networking &\nsleep 1\nmysql -uroot <<<'SHUTDOWN'\nexec mysqld\n") },
  { name: 'temporary server stopped by `echo SHUTDOWN | mysql`, then exec', launcher: 'single', status: 'ok', code: sh('mysqld_safe --skip-networking &\nsleep 1\necho "SHUTDOWN;" | mysql -uroot\nexec mysqld_safe\n') },
  { name: 'temporary server stopped by `redis-cli shutdown`, then exec', launcher: 'single', status: 'ok', code: sh('redis-server --port 7777 &\nsleep 1\nredis-cli -p 7777 shutdown\nexec redis-server\n') },
  { name: 'temporary server stopped by `mongod --shutdown` (not a foreground server), then exec', launcher: 'single', status: 'ok', code: bash('"$@" --bind_ip 127.0.0.1 &\nsleep 1\nmongod --shutdown\nexec "$@"\n') },
  { name: 'temporary server stopped through its pid file, then exec', launcher: 'single', status: 'ok', code: bash('mysqld --skip-networking &\nsleep 1\nkill $(cat "$PIDFILE")\nexec "$@"\n') },
  { name: 'temporary server stopped with `kill %1; wait`, then exec', launcher: 'single', status: 'ok', code: sh('mysqld --skip-networking &\nsleep 1\nkill %1\nwait\nexec mysqld\n') },
  { name: '`service mysql start`, setup, `service mysql stop`, then exec', launcher: 'single', status: 'ok', code: sh('service mysql start\nmysql < /init.sql\nservice mysql stop\nexec mysqld\n') },
  { name: 'a stop request for another server does not end a job', launcher: 'multi', status: 'fixable', code: sh("nginx -g 'daemon off;' &\nmysqld --skip-networking &\nmysqladmin shutdown\nexec mysqld\n") },
  { name: 'a helper stopped only after the main program ended is a launched program', launcher: 'multi', status: 'fixable', code: sh("nginx -g 'daemon off;' &\nphp-fpm -F\nnginx -s quit\n") },
  { name: 'a helper killed only after the main program ended is a launched program', launcher: 'multi', status: 'fixable', code: sh('worker &\npid=$!\nphp-fpm -F\nkill $pid\n') },
  { name: '`${exec_cmd} app` with exec_cmd="exec"', launcher: 'single', status: 'ok', code: bash('exec_cmd="exec"\n${exec_cmd} app --serve\n') },
  // none
  { name: 'function library', launcher: 'none', status: 'ok', code: bash('log() { echo "$*"; }\ndie() { log "$@"; exit 1; }\n') },
  { name: 'init-only', launcher: 'none', status: 'ok', code: sh('set -e\nmkdir -p /data\nchown -R app /data\n') },
  { name: 'empty script', launcher: 'none', status: 'ok', code: sh('') },
  // unknown
  { name: 'idle loop without a trap (deaf)', launcher: 'unknown', status: 'unfixable', code: bash('while :; do sleep 60 & wait $!; done\n') },
  { name: 'a line that swallows the rest before the launch', launcher: 'unknown', status: 'unfixable', code: bash('while ! &>/dev/null </dev/tcp/db/5432; do sleep 1; done\nnode server.js\n') },
  { name: '`eval "$CMD"` (an unsafe fix: `eval exec`)', launcher: 'unknown', status: 'fixable', code: bash('CMD="node server.js"\neval "$CMD"\n') },
  { name: '`eval "$CMD"` then cleanup', launcher: 'unknown', status: 'unfixable', code: bash('eval "$CMD"\nrm -f /run/app.pid\n') },
  { name: '`eval exec "$CMD"`', launcher: 'single', status: 'ok', code: bash('eval exec "$CMD"\n') },
  { name: '`service nginx start; tail -f /dev/null` (unsafe fix: nginx as a job)', launcher: 'multi', status: 'fixable', code: sh('service nginx start\ntail -f /dev/null\n') },
  { name: '`/etc/init.d/x start` before exec (unsafe fix)', launcher: 'multi', status: 'fixable', code: sh('/etc/init.d/mysql start\nexec "$@"\n') },
  { name: 'bare `nginx` (unsafe fix)', launcher: 'multi', status: 'fixable', code: sh('nginx\n') },
  { name: 'a service without a foreground form', launcher: 'unknown', status: 'unfixable', code: sh('service postgresql start\ntail -f /dev/null\n') },
  { name: 'restart loop', launcher: 'unknown', status: 'unfixable', code: bash('while true; do node server.js; done\n') },
  // ok
  { name: '`exec prog`', launcher: 'single', status: 'ok', code: bash('cd /app\nexec node server.js\n') },
  { name: '`exec "$@"`', launcher: 'single', status: 'ok', code: sh('set -e\nchown -R app /data\nexec "$@"\n') },
  { name: '`exec supervisord -n`', launcher: 'single', status: 'ok', code: bash('exec supervisord -n -c /etc/supervisor/supervisord.conf\n') },
  { name: '`exec gosu user "$@"`', launcher: 'single', status: 'ok', code: sh('exec gosu app "$@"\n') },
  {
    name: 'a correct trap wrapper',
    launcher: 'multi',
    status: 'ok',
    code: bash(script`
      term() { kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 143; }
      trap term TERM INT
      node server.js &
      pid=$!
      wait "$pid"
    `),
  },
  { name: 'migration step before `exec "$@"`', launcher: 'single', status: 'ok', code: bash('python manage.py migrate --noinput\nexec "$@"\n') },
];

describe('launcher and status', () => {
  test.each(TABLE.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const report = await analyze(row.code);
    expect({ launcher: report.launcher, status: report.status }).toEqual({ launcher: row.launcher, status: row.status });
  });

  test('every launcher kind and status appears in the table', () => {
    expect(new Set(TABLE.map((r) => r.launcher))).toEqual(new Set(['single', 'multi', 'none', 'unknown']));
    expect(new Set(TABLE.map((r) => r.status))).toEqual(new Set(['ok', 'fixable', 'unfixable']));
  });
});

describe('processes', () => {
  test('background jobs first, then the final program, with line and background flag', async () => {
    const report = await analyze(bash("nginx -g 'daemon off;' &\nphp-fpm -F &\nexec node server.js\n"));
    expect(report.processes).toEqual([
      { command: "nginx -g 'daemon off;'", line: 2, background: true },
      { command: 'php-fpm -F', line: 3, background: true },
      { command: 'node server.js', line: 4, background: false },
    ]);
  });

  test('`exec` is left out of the command; an env prefix is kept', async () => {
    expect((await analyze(bash('exec gunicorn app:wsgi --bind 0.0.0.0:8000\n'))).processes).toEqual([
      { command: 'gunicorn app:wsgi --bind 0.0.0.0:8000', line: 2, background: false },
    ]);
    expect((await analyze(bash('FOO=1 app --port 80\n'))).processes).toEqual([{ command: 'FOO=1 app --port 80', line: 2, background: false }]);
  });

  test('`exec gosu user prog`: the program after the privilege dropper', async () => {
    expect((await analyze(bash('exec gosu app node server.js\n'))).processes).toEqual([{ command: 'node server.js', line: 2, background: false }]);
  });

  // chpst and setpriv take the user as an option's value (`-u USER`, `--reuid UID`), not as an operand; prefix
  // commands take values (`nice -n 5`) and operands after their options (`chrt -f 99`, `taskset -c 0,1`).
  for (const launch of [
    'chpst -u app',
    'chpst -u app -o 1024',
    'setpriv --reuid 1000 --regid 1000 --init-groups',
    'setpriv --reuid=1000 --clear-groups',
    'gosu app nice -n 5',
    'nice -n 5 --',
    'chrt -f 99',
    'taskset -c 0,1',
    'taskset 0x3',
    'env -u HOME A=1',
    'ionice -c 2 -n 7',
    'numactl --cpunodebind 0 --membind 0',
    'stdbuf -o L',
  ]) {
    test(`\`exec ${launch} prog\`: the program after the dropper and its options' values`, async () => {
      expect((await analyze(bash(`exec ${launch} node server.js\n`))).processes).toEqual([{ command: 'node server.js', line: 2, background: false }]);
    });
  }

  test('the program inside an and-list', async () => {
    expect((await analyze(bash('set -e\ncd /srv && gunicorn app:wsgi\n'))).processes).toEqual([{ command: 'gunicorn app:wsgi', line: 3, background: false }]);
  });

  test('one process per branch of the final if', async () => {
    const report = await analyze(bash('if [ "$1" = web ]; then\n  gunicorn app:wsgi\nelse\n  celery -A proj worker\nfi\n'));
    expect(report.processes).toEqual([
      { command: 'gunicorn app:wsgi', line: 3, background: false },
      { command: 'celery -A proj worker', line: 5, background: false },
    ]);
  });

  test('the program in the function called last, at its line in the function', async () => {
    const report = await analyze(bash('start() {\n  echo starting\n  node server.js\n}\nstart\n'));
    expect(report.processes).toEqual([{ command: 'node server.js', line: 4, background: false }]);
  });

  test('a continued command is one line of text, words separated by single spaces', async () => {
    const report = await analyze(bash('gunicorn app:wsgi \\\n  --workers 4 \\\n  --bind 0.0.0.0:8000\n'));
    expect(report.processes).toEqual([{ command: 'gunicorn app:wsgi --workers 4 --bind 0.0.0.0:8000', line: 2, background: false }]);
  });

  test('temporary setup servers are not processes', async () => {
    const report = await analyze(sh('mysqld --skip-networking &\npid="$!"\nmysql -e "CREATE DATABASE app"\nkill -s TERM "$pid"\nwait "$pid"\nexec mysqld\n'));
    expect(report.processes).toEqual([{ command: 'mysqld', line: 7, background: false }]);
  });

  test('none and unknown daemon launchers list no processes; a daemon with a foreground form is listed', async () => {
    expect((await analyze(sh('mkdir -p /data\n'))).processes).toEqual([]);
    expect((await analyze(sh('service postgresql start\ntail -f /dev/null\n'))).processes).toEqual([]);
    expect((await analyze(sh('service nginx start\ntail -f /dev/null\n'))).processes).toEqual([{ command: 'service nginx start', line: 2, background: true }]);
  });

  test('line numbers count from the real first line when there is no shebang', async () => {
    expect((await analyze('set -e\n\nexec "$@"\n')).processes).toEqual([{ command: '"$@"', line: 3, background: false }]);
  });
});

describe('input execwrap refuses', () => {
  test('a python shebang is not a shell script', async () => {
    await expect(analyze('#!/usr/bin/python3\nprint("hi")\n')).rejects.toMatchObject({ name: 'NotApplicableError', kind: 'not-shell', line: 1, reason: 'not a shell script (#!/usr/bin/python3)' });
  });

  test('a real syntax error (a line holding only `&`) is refused with its line', async () => {
    await expect(analyze('#!/bin/sh\nset -e\n&\nexec "$@"\n')).rejects.toMatchObject({ name: 'InputError', line: 3 });
  });
});
