import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW101 missing-exec', () => {
  testRule('EW101', {
    invalid: [
      {
        name: '`sudo -u` as the last line: `exec sudo` (sudo relays the stop signal, measured as PID 1)',
        shell: 'sh',
        code: 'chown -R www-data storage\nsudo -u www-data -E php artisan queue:work\n',
        findings: 1,
        data: { program: 'sudo' },
        output: 'chown -R www-data storage\nexec sudo -u www-data -E php artisan queue:work\n',
      },
      {
        name: 'a variable that is `exec` in one assignment and not in the other: no exec in front of it (neo4j-admin)',
        code: script`
          if [ "$(id -u)" = 0 ]; then
            exec_cmd="runuser -p -u neo4j -g neo4j --"
          else
            exec_cmd="exec"
          fi
          ${'$'}{exec_cmd} "$@"
        `,
        findings: 1,
        line: 7,
        data: { blocker: 'holds-exec', variable: 'exec_cmd', execLine: '5', value: 'runuser -p -u neo4j -g neo4j --', valueLine: '3' },
        fixable: false,
      },
      {
        name: 'a variable holding a function name: exec cannot run it',
        code: script`
          serve() { gunicorn app:wsgi; }
          launcher=serve
          $launcher
        `,
        findings: 1,
        data: { blocker: 'function-value', variable: 'launcher', value: 'serve' },
        fixable: false,
      },
      {
        name: 'a command word from the environment: exec is an unsafe fix',
        code: '$APP_CMD --port 8080\n',
        findings: 1,
        data: { caveat: 'environment', variable: 'APP_CMD' },
        unsafe: true,
        output: 'exec $APP_CMD --port 8080\n',
      },
      {
        name: 'a name after sourcing a file that cannot be read: may be its function, no exec (webdevops)',
        code: script`
          source /opt/docker/bin/config.sh
          runEntrypoints "$@"
        `,
        findings: 1,
        data: { blocker: 'maybe-function', file: '/opt/docker/bin/config.sh', sourcedLine: '2' },
        fixable: false,
      },
      {
        name: 'a well-known program after sourcing a file that cannot be read: exec as an unsafe fix',
        code: script`
          . /params/params
          node server.js
        `,
        findings: 1,
        data: { caveat: 'maybe-function', file: '/params/params' },
        unsafe: true,
        output: script`
          . /params/params
          exec node server.js
        `,
      },
      {
        name: 'a file sourced only in a subshell cannot define the script\'s functions: exec is safe',
        code: script`
          ( . /opt/app/init-env.sh && prepare-data )
          run-server --port 80
        `,
        findings: 1,
        output: script`
          ( . /opt/app/init-env.sh && prepare-data )
          exec run-server --port 80
        `,
      },
      {
        name: 'a function from a sourced file that runs its program without exec: the exec belongs there',
        files: { 'lib.sh': 'start_app() {\n  cd /srv\n  node server.js\n}\n' },
        code: script`
          . ./lib.sh
          start_app
        `,
        findings: 1,
        data: { blocker: 'external-function', inner: 'node' },
        fixable: false,
      },
      {
        name: 'a file the script writes with a heredoc and then sources is read: only variables, so exec is safe',
        code: script`
          cat > /tmp/app.env <<EOF
          DATA_DIR=${'$'}{DATA_DIR:-/data}
          EOF
          . /tmp/app.env
          gunicorn app:wsgi
        `,
        findings: 1,
        output: script`
          cat > /tmp/app.env <<EOF
          DATA_DIR=${'$'}{DATA_DIR:-/data}
          EOF
          . /tmp/app.env
          exec gunicorn app:wsgi
        `,
      },
      {
        name: 'a sourced file beside the script that defines other functions: exec is safe',
        files: { 'functions.sh': 'log() { echo "$*"; }\n' },
        code: script`
          . "$(dirname "$0")/functions.sh"
          log starting
          gunicorn app:wsgi
        `,
        findings: 1,
        output: script`
          . "$(dirname "$0")/functions.sh"
          log starting
          exec gunicorn app:wsgi
        `,
      },
      {
        name: 'simple last command after setup',
        code: script`
          cd /app
          node server.js
        `,
        findings: 1,
        line: 3,
        data: { program: 'node' },
        severity: 'error',
        output: script`
          cd /app
          exec node server.js
        `,
      },
      {
        name: '`cd /srv && server`: exec goes after the guard',
        code: script`
          set -e
          cd /srv && server --port 8080
        `,
        findings: 1,
        line: 3,
        data: { program: 'server' },
        output: script`
          set -e
          cd /srv && exec server --port 8080
        `,
      },
      {
        name: 'and-list of setup steps then the program',
        code: script`
          python3 manage.py migrate && python3 manage.py runserver 0.0.0.0:8000
        `,
        findings: 1,
        data: { program: 'python3' },
        output: script`
          python3 manage.py migrate && exec python3 manage.py runserver 0.0.0.0:8000
        `,
      },
      {
        name: 'env prefix `FOO=1 app`: exec goes after the assignment',
        code: script`
          export PORT=8080
          FOO=1 app --port "$PORT"
        `,
        findings: 1,
        data: { program: 'app' },
        output: script`
          export PORT=8080
          FOO=1 exec app --port "$PORT"
        `,
      },
      {
        name: 'env prefix inside an and-list',
        code: script`
          cd /srv && NODE_ENV=production node server.js
        `,
        findings: 1,
        output: script`
          cd /srv && NODE_ENV=production exec node server.js
        `,
      },
      {
        name: 'every branch of a final if/else',
        code: script`
          if [ "$1" = web ]; then
            gunicorn app:wsgi --bind 0.0.0.0:8000
          else
            celery -A proj worker
          fi
        `,
        findings: 2,
        line: 3,
        data: { program: 'gunicorn' },
        output: script`
          if [ "$1" = web ]; then
            exec gunicorn app:wsgi --bind 0.0.0.0:8000
          else
            exec celery -A proj worker
          fi
        `,
      },
      {
        name: 'every branch of a final if/elif/else',
        code: script`
          if [ "$ROLE" = web ]; then
            gunicorn app:wsgi
          elif [ "$ROLE" = beat ]; then
            celery -A proj beat
          else
            celery -A proj worker
          fi
        `,
        findings: 3,
        output: script`
          if [ "$ROLE" = web ]; then
            exec gunicorn app:wsgi
          elif [ "$ROLE" = beat ]; then
            exec celery -A proj beat
          else
            exec celery -A proj worker
          fi
        `,
      },
      {
        name: 'every branch of a final case',
        shell: 'sh',
        code: script`
          case "$ROLE" in
            web) gunicorn app:wsgi ;;
            *) celery -A proj worker ;;
          esac
        `,
        findings: 2,
        line: 3,
        output: script`
          case "$ROLE" in
            web) exec gunicorn app:wsgi ;;
            *) exec celery -A proj worker ;;
          esac
        `,
      },
      {
        name: 'a branch that already execs is left alone, the other one is fixed',
        code: script`
          if [ "$1" = shell ]; then
            exec bash
          else
            node server.js
          fi
        `,
        findings: 1,
        line: 5,
        output: script`
          if [ "$1" = shell ]; then
            exec bash
          else
            exec node server.js
          fi
        `,
      },
      {
        name: 'function called last: exec goes inside the function',
        code: script`
          start() {
            echo "starting"
            node server.js
          }
          start
        `,
        findings: 1,
        line: 4,
        data: { program: 'node' },
        output: script`
          start() {
            echo "starting"
            exec node server.js
          }
          start
        `,
      },
      {
        name: 'main "$@" calling a function that runs the program',
        code: script`
          main() {
            mkdir -p /run/app
            gunicorn app:wsgi "$@"
          }
          main "$@"
        `,
        findings: 1,
        output: script`
          main() {
            mkdir -p /run/app
            exec gunicorn app:wsgi "$@"
          }
          main "$@"
        `,
      },
      {
        name: '`app || exit 1`: reported, no fix (exec would skip the fallback)',
        code: script`
          cd /srv
          app --config /etc/app.yml || exit 1
        `,
        findings: 1,
        line: 3,
        data: { program: 'app', blocker: 'or-fallback' },
        fixable: false,
      },
      {
        name: '`cd && app || exit 1`: reported, no fix',
        code: script`
          cd /srv && node server.js || exit 1
        `,
        findings: 1,
        data: { blocker: 'or-fallback' },
        fixable: false,
      },
      {
        name: 'trailing `echo done`: the one-child wrapper keeps the echo',
        code: script`
          cd /app
          node server.js
          echo "server stopped"
        `,
        findings: 1,
        line: 3,
        outputContains: ['node server.js &\n_ew_started "$!"\n_ew_wait main "$!"  # ', '\necho "server stopped"\n'],
      },
      {
        name: 'an EXIT trap (`trap cleanup EXIT`): the wrapper, since after `exec` no shell is left to run the trap',
        code: script`
          cleanup() { deregister --service app; }
          trap cleanup EXIT
          java -jar /app/app.jar
        `,
        findings: 1,
        line: 4,
        outputContains: ['trap cleanup EXIT\njava -jar /app/app.jar &\n_ew_started "$!"\n_ew_wait main "$!"  # '],
      },
      {
        name: 'an EXIT trap and the program in a branch: no fix (exec would skip the trap, the wrapper cannot go there)',
        code: script`
          trap 'rm -f /run/app.pid' EXIT
          if [ -n "$DEBUG" ]; then
            node --inspect server.js
          else
            node server.js
          fi
        `,
        findings: 2,
        data: { blocker: 'exit-trap' },
        fixable: false,
      },
      {
        name: 'trailing `rm -f` cleanup: the wrapper, not a plain exec',
        code: script`
          set -e
          node server.js
          rm -f /tmp/app.pid
        `,
        findings: 1,
        outputContains: ['_ew_wait', 'rm -f /tmp/app.pid'],
      },
      {
        name: 'trailing `exit 0`: plain exec (nothing is lost)',
        code: script`
          node server.js
          exit 0
        `,
        findings: 1,
        line: 2,
        output: script`
          exec node server.js
          exit 0
        `,
      },
      {
        name: 'unquoted "$@" without exec',
        code: script`
          chown -R app /data
          "$@"
        `,
        findings: 1,
        data: { program: '"$@"' },
        output: script`
          chown -R app /data
          exec "$@"
        `,
      },
      {
        name: 'nohup prefix: exec goes before nohup',
        code: script`
          nohup node server.js
        `,
        findings: 1,
        data: { program: 'node' },
        output: script`
          exec nohup node server.js
        `,
      },
      {
        name: 'gosu without exec',
        code: script`
          chown -R app /data
          gosu app node server.js
        `,
        findings: 1,
        data: { program: 'node' },
        output: script`
          chown -R app /data
          exec gosu app node server.js
        `,
      },
      {
        name: 'backslash-continued launch line',
        code: script`
          gunicorn app:wsgi \
            --workers 4 \
            --bind 0.0.0.0:8000
        `,
        findings: 1,
        line: 2,
        output: script`
          exec gunicorn app:wsgi \
            --workers 4 \
            --bind 0.0.0.0:8000
        `,
      },
      {
        name: 'after a redirect-only `exec >>log 2>&1`',
        code: script`
          exec >>/var/log/app.log 2>&1
          node server.js
        `,
        findings: 1,
        line: 3,
        output: script`
          exec >>/var/log/app.log 2>&1
          exec node server.js
        `,
      },
      {
        name: 'after a heredoc that writes the config',
        code: script`
          cat > /etc/app.conf <<EOF
          listen 80
          EOF
          nginx -c /etc/app.conf -g 'daemon off;'
        `,
        findings: 1,
        line: 5,
        output: script`
          cat > /etc/app.conf <<EOF
          listen 80
          EOF
          exec nginx -c /etc/app.conf -g 'daemon off;'
        `,
      },
      {
        name: 'under sh too',
        shell: 'sh',
        code: script`
          set -e
          exec 2>&1
          supervisord -n -c /etc/supervisord.conf
        `,
        findings: 1,
        data: { program: 'supervisord' },
        output: script`
          set -e
          exec 2>&1
          exec supervisord -n -c /etc/supervisord.conf
        `,
      },
      {
        name: 'foreground server before `exec "$@"`: the server is the real final program',
        code: script`
          gunicorn app:wsgi --bind 0.0.0.0:8000
          exec "$@"
        `,
        findings: 1,
        line: 2,
        data: { program: 'gunicorn' },
        output: script`
          exec gunicorn app:wsgi --bind 0.0.0.0:8000
          exec "$@"
        `,
      },
      {
        name: 'CRLF file: the fix keeps CRLF',
        raw: true,
        code: '#!/bin/sh\r\ncd /app\r\nnode server.js\r\n',
        findings: 1,
        line: 3,
        output: '#!/bin/sh\r\ncd /app\r\nexec node server.js\r\n',
      },
      {
        name: 'no final newline',
        raw: true,
        code: '#!/bin/sh\ncd /app\nnode server.js',
        findings: 1,
        output: '#!/bin/sh\ncd /app\nexec node server.js',
      },
      {
        name: 'launch before a line the parser misses (EW117): still fixed',
        code: 'node server.js\n: "${FLASK_APP:=app:create_app()}"\n',
        findings: 1,
        line: 2,
        output: 'exec node server.js\n: "${FLASK_APP:=app:create_app()}"\n',
      },

      {
        name: 'launch after a line the parser misses within itself (EW117): reported, not edited',
        code: 'case "$1" in *\\)*) echo odd ;; esac\nnode server.js\n',
        findings: 1,
        line: 3,
        fixable: false,
      },
      {
        name: 'inside `( … )`: reported, no fix',
        code: script`
          ( cd /srv && node server.js )
        `,
        findings: 1,
        data: { blocker: 'subshell' },
        fixable: false,
      },
      {
        name: 'cleanup after the program inside a function: reported, no fix',
        code: script`
          start() {
            node server.js
            echo "stopped"
          }
          start
        `,
        findings: 1,
        line: 3,
        data: { blocker: 'cleanup-in-block' },
        fixable: false,
      },
      {
        name: '`app | tee log`: fixed through a fifo',
        code: script`
          node server.js 2>&1 | tee -a /var/log/app.log
        `,
        findings: 1,
        data: { program: 'node' },
        outputContains: [
          'tee -a /var/log/app.log <"$_ew_log_fifo" &\n_ew_log_reader=$!\nnode server.js >"$_ew_log_fifo" 2>&1 &\n_ew_started "$!"\n_ew_wait main "$!" "$_ew_log_reader"  # ',
        ],
      },
      {
        name: '`set -o pipefail` then `app | tee log`: the wait ends with the program\'s status (waited for last)',
        code: script`
          set -euo pipefail
          python -u bot.py 2>&1 | tee -a /var/log/app.log
        `,
        findings: 1,
        outputContains: ['_ew_wait main "$_ew_log_reader" "$!"  # '],
      },
      {
        name: 'a three-part pipeline: reported, no fix',
        code: script`
          node server.js 2>&1 | tee -a /var/log/app.log | logger -t app
        `,
        findings: 1,
        data: { blocker: 'pipeline' },
        fixable: false,
      },
      {
        name: 'non-ASCII text before the launch',
        code: script`
          echo "démarrage du serveur 🚀"
          node server.js
        `,
        findings: 1,
        line: 3,
        output: script`
          echo "démarrage du serveur 🚀"
          exec node server.js
        `,
      },
      {
        name: 'jobs and a `wait`, then the server, with no trap that passes a stop on: the server is the launch',
        code: script`
          /opt/app/migrate &
          /opt/app/seed &
          wait
          node server.js
        `,
        findings: 1,
        line: 5,
        output: script`
          /opt/app/migrate &
          /opt/app/seed &
          wait
          exec node server.js
        `,
      },
    ],
    valid: [
      { name: 'launch after a line that swallows the rest of the script: unknown (EW117 says so), not guessed', code: 'while ! &>/dev/null </dev/tcp/db/5432; do sleep 1; done\nnode server.js\n' },
      { name: '`${exec_cmd} neo4j console` where every value of exec_cmd starts with exec (neo4j)', code: script`
          if [ "$(id -u)" = 0 ]; then exec_cmd="exec gosu neo4j"; else exec_cmd="exec"; fi
          readonly exec_cmd
          ${'$'}{exec_cmd} neo4j console
        ` },
      { name: 'a function from a sourced file that execs (webdevops `runEntrypoints "$@"`)', files: {
          'config.sh': 'function runEntrypoints() {\n  echo "running $1"\n  exec "$@"\n}\n',
        }, code: script`
          DIR="$(cd "$(dirname "$0")" && pwd)"
          source "$DIR/config.sh"
          runEntrypoints "$@"
        ` },
      { name: 'a builtin last is not a program (`exec popd` would fail)', code: script`
          pushd /srv
          popd
        ` },
      { name: 'a program after a top-level `exec "$@"` never runs: not reported', shell: 'sh', code: script`
          exec "$@"
          /app/migrate -path /app/migration up
        ` },
      { name: '`exec app`', code: script`
          cd /app
          exec node server.js
        ` },
      { name: '`exec "$@"` after setup', shell: 'sh', code: script`
          set -e
          chown -R app:app /data
          exec "$@"
        ` },
      {
        name: 'official-image style: exec gosu in a branch, exec "$@" last',
        shell: 'sh',
        code: script`
          set -e
          if [ "$1" = 'postgres' ]; then
            chown -R postgres "$PGDATA"
            exec gosu postgres "$@"
          fi
          exec "$@"
        `,
      },
      { name: '`cd /srv && exec server`', code: 'cd /srv && exec server\n' },
      { name: '`FOO=1 exec app`', code: 'FOO=1 exec app\n' },
      { name: '`exec -a name prog`', code: 'exec -a myapp node server.js\n' },
      { name: 'exec inside the function called last', code: script`
          main() {
            exec node server.js
          }
          main "$@"
        ` },
      { name: 'init-only script', shell: 'sh', code: script`
          set -e
          mkdir -p /data
          chown -R app /data
          echo "initialised"
        ` },
      { name: 'function library', code: script`
          log() { echo "[$(date)] $*"; }
          die() { log "$@"; exit 1; }
          wait_for() { until nc -z "$1" "$2"; do sleep 1; done; }
        ` },
      { name: 'exec after a redirect-only exec', code: script`
          exec >>/var/log/app.log 2>&1
          exec node server.js
        ` },
      { name: 'setup server killed before the final exec', shell: 'sh', code: script`
          mysqld --skip-networking &
          pid="$!"
          mysql -e 'CREATE DATABASE app'
          kill -s TERM "$pid"
          wait "$pid"
          exec mysqld
        ` },
      { name: 'background jobs + wait (a multi launcher, not EW101)', code: script`
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait
        ` },
      {
        // pi-hole's start.sh: the post-stop step after the final `wait` runs once the server has ended.
        name: 'a program after the final `wait`, under a trap that passes the stop on: cleanup, not the launch',
        code: script`
          stop() { kill -s TERM "$pid"; wait "$pid"; /opt/app/poststop; exit 0; }
          trap stop TERM INT
          server --port 8080 &
          pid=$!
          wait "$pid"
          /opt/app/poststop
        `,
      },
      { name: 'su as the last line (EW109 territory)', code: 'su app -c "node server.js"\n' },
      { name: 'eval as the launch (EW112 territory)', code: 'eval "$START_CMD"\n' },
      { name: 'a migration step before `exec "$@"` returns: it must not get exec', code: script`
          python manage.py migrate --noinput
          exec "$@"
        ` },
      { name: '`nginx -t` before `exec nginx`', code: script`
          nginx -t
          exec nginx -g 'daemon off;'
        ` },
      { name: 'collectstatic before `exec gunicorn`', code: script`
          python3 manage.py collectstatic --noinput
          exec gunicorn app.wsgi --bind 0.0.0.0:8000
        ` },
      { name: 'ignored by comment', code: script`
          # execwrap ignore=EW101
          node server.js
        ` },
    ],
  });
});
