import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW102 unforwarded-background-jobs', () => {
  testRule('EW102', {
    invalid: [
      {
        name: 'a helper started before `exec main` inside one branch: the wrapper there, `exec` stays in the other',
        code: script`
          if [ -f /certs/node.crt ]; then
            node index.js &
            exec nginx -g "daemon off;"
          else
            exec node index.js
          fi
        `,
        findings: 1,
        line: 3,
        data: { orphaned: 'true', program: 'node' },
        outputContains: [
          '  node index.js &\n  _ew_started "$!"\n  nginx -g "daemon off;" &\n  _ew_started "$!"\n  _ew_wait',
          '\nelse\n  exec node index.js\nfi\n',
        ],
      },
      {
        name: 'a job in an `if` that ends before the `exec` it leads to, in the other branch of the final `if` from another `exec`',
        code: script`
          if [ "$ALL" = True ]; then
            exec supervisord -c all.conf
          else
            if [ "$TASKS" != False ]; then
              supervisord -n -c tasks.conf &
            fi
            exec uwsgi uwsgi.ini
          fi
        `,
        findings: 1,
        line: 6,
        data: { orphaned: 'true', program: 'supervisord', main: 'uwsgi' },
        outputContains: [
          '    supervisord -n -c tasks.conf &\n    _ew_started "$!"\n  fi\n  uwsgi uwsgi.ini &\n  _ew_started "$!"\n  _ew_wait main "$!"',
          '  exec supervisord -c all.conf\n',
        ],
      },
      {
        name: 'jobs before a final `if`: every branch runs under the wrapper; one without exec does not get one',
        code: script`
          redis-server &
          if [ "$1" = worker ]; then
            celery -A app worker
          else
            exec gunicorn app:wsgi
          fi
        `,
        findings: 1,
        outputContains: ['  celery -A app worker &\n  _ew_started "$!"\n  _ew_wait', '  gunicorn app:wsgi &\n  _ew_started "$!"\n  _ew_wait'],
      },
      {
        name: 'programs started in a loop, their PIDs collected, then waited for',
        code: script`
          for s in redis-server memcached; do
            "$s" &
            pids+=($!)
          done
          wait "${'$'}{pids[@]}"
        `,
        findings: 1,
        line: 3,
        data: { loop: 'true', program: '"$s"' },
        outputContains: ['  "$s" &\n  _ew_started "$!"\n  pids+=($!)', '_ew_wait'],
      },
      {
        name: 'scripts started in a loop without a wait: held by a keep-alive',
        shell: 'sh',
        code: script`
          for f in /start.d/*.sh; do sh "$f" & done
          tail -f /dev/null
        `,
        findings: 1,
        data: { loop: 'true', program: 'sh' },
        outputContains: ['do sh "$f" & _ew_started "$!"; done'],
      },
      {
        name: '`a & b & wait`',
        code: script`
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait
        `,
        findings: 1,
        line: 2,
        data: { program: 'nginx', count: '2' },
        severity: 'error',
        outputContains: ["nginx -g 'daemon off;' &\n_ew_started \"$!\"", 'php-fpm -F &\n_ew_started "$!"', '\n_ew_wait all  # '],
      },
      {
        name: '`wait -n` does not forward either',
        code: script`
          nginx -g 'daemon off;' &
          php-fpm -F &
          wait -n
        `,
        findings: 1,
        data: { count: '2' },
        outputContains: ['\n_ew_wait first  # '],
      },
      {
        name: '`wait "$a" "$b"` waits for those two only',
        shell: 'sh',
        code: script`
          worker &
          a=$!
          api &
          b=$!
          migrate-helper &
          wait "$a" "$b"
        `,
        findings: 1,
        data: { count: '3' },
        outputContains: ['worker &\n_ew_started "$!"\na=$!', 'migrate-helper &\n_ew_started "$!"', '\n_ew_wait all "$a" "$b"  # '],
      },
      {
        name: '`(sleep 5; curl …) &` is no program but a child `wait` waits for: handed to the wrapper too',
        shell: 'sh',
        code: script`
          (sleep 5; curl -fsS http://localhost:8080/ready) &
          api &
          worker &
          wait
        `,
        findings: 1,
        data: { count: '2' },
        outputContains: ['(sleep 5; curl -fsS http://localhost:8080/ready) &\n_ew_started "$!"', '\n_ew_wait all  # '],
      },
      {
        name: 'the script ends right after its `&` jobs: the container stops at once; the wait is only an unsafe fix (it changes that)',
        shell: 'sh',
        code: script`
          api &
          worker &
        `,
        findings: 1,
        data: { endsAtOnce: 'true' },
        fixable: true,
        unsafe: true,
        outputContains: ['worker &\n_ew_started "$!"\n_ew_wait all  # execwrap: added (unsafe fix)'],
      },
      {
        name: 'an endless loop after the jobs keeps running, as the thing the script ends with',
        shell: 'sh',
        code: script`
          api &
          worker &
          while sleep 60; do echo heartbeat; done
        `,
        findings: 1,
        outputContains: ['while sleep 60; do echo heartbeat; done &\n_ew_started "$!"\n_ew_wait main "$!"  # '],
      },
      {
        name: '`tail -f` of a real log file is a program (log forwarder), the one the script ends with',
        shell: 'sh',
        code: script`
          nohup java -jar /app.jar > /var/log/app.log 2>&1 &
          tail -f /var/log/app.log
        `,
        findings: 1,
        data: { program: 'java', count: '1' },
        outputContains: ['nohup java -jar /app.jar > /var/log/app.log 2>&1 &\n_ew_started "$!"', 'tail -f /var/log/app.log &\n_ew_started "$!"\n_ew_wait main "$!"  # '],
      },
      {
        name: 'a program added below execwrap\'s wrapper without handing its PID over',
        shell: 'sh',
        code: script`
          # >>> execwrap prelude v2
          _ew_started() { :; }
          _ew_wait() { :; }
          # <<< execwrap prelude
          api &
          _ew_started "$!"
          late-worker --queue mail &
          _ew_wait all
        `,
        findings: 1,
        line: 8,
        data: { program: 'late-worker --queue mail', untracked: 'true' },
        outputContains: ['late-worker --queue mail &\n_ew_started "$!"\n_ew_wait all'],
      },
      {
        name: 'one job + keep-alive',
        shell: 'sh',
        code: script`
          redis-server --appendonly yes &
          tail -f /dev/null
        `,
        findings: 1,
        data: { program: 'redis-server', count: '1' },
        outputContains: ['redis-server --appendonly yes &\n_ew_started "$!"', '\n_ew_wait all  # '],
      },
      {
        name: 'helpers in the background, the main program in the foreground',
        code: script`
          Xvfb :99 -screen 0 1280x800x24 &
          x11vnc -display :99 -forever &
          novnc_proxy --listen 6080
        `,
        findings: 1,
        line: 2,
        data: { program: 'Xvfb', count: '2' },
        outputContains: ['novnc_proxy --listen 6080 &\n_ew_started "$!"\n_ew_wait main "$!"  # '],
      },
      {
        name: 'helper in the background, then `exec "$@"`: orphaned',
        code: script`
          dockerd --host=unix:///var/run/docker.sock &
          exec "$@"
        `,
        findings: 1,
        data: { program: 'dockerd', orphaned: 'true', main: '"$@"' },
        outputContains: ['"$@" &\n_ew_started "$!"\n_ew_wait main "$!"  # '],
      },
      {
        name: 'background server used for setup and not killed, then exec: orphaned',
        code: script`
          redis-server --port 6380 &
          sleep 2
          redis-cli -p 6380 ping
          exec node server.js
        `,
        findings: 1,
        data: { program: 'redis-server', orphaned: 'true', main: 'node' },
        fixable: true,
      },
      {
        name: 'a forwarding trap does not help the job orphaned by a final exec',
        code: script`
          trap 'kill -TERM $pid; wait $pid' TERM
          app &
          pid=$!
          exec other
        `,
        findings: 1,
        data: { orphaned: 'true', main: 'other' },
      },
      {
        name: '`cd /srv && gunicorn &`: the job gets an inner exec so its PID is the program',
        code: script`
          cd /srv && gunicorn app:wsgi &
          celery -A proj worker &
          wait
        `,
        findings: 1,
        data: { program: 'gunicorn', count: '2' },
        outputContains: ['cd /srv && exec gunicorn app:wsgi &'],
      },
      {
        name: 'backslash-continued launch line: PIDs recorded inline',
        shell: 'sh',
        code: script`
          gunicorn app:wsgi & \
          celery -A proj worker & \
          nginx -g 'daemon off;'
        `,
        findings: 1,
        data: { count: '2' },
        outputContains: ['gunicorn app:wsgi & _ew_started "$!"; \\'],
      },
      {
        name: 'detached `( nohup dockerd & )`: reported, no fix',
        code: script`
          ( nohup dockerd > /var/log/dockerd.log 2>&1 & ) 2>/dev/null
          exec "$@"
        `,
        findings: 1,
        data: { detached: 'true' },
        fixable: false,
      },
      {
        name: 'job started inside a function, then exec: orphaned',
        code: script`
          start_redis() {
            redis-server --save '' &
          }
          start_redis
          exec node server.js
        `,
        findings: 1,
        data: { program: 'redis-server', orphaned: 'true' },
      },
      {
        name: 'a forwarding trap for HUP only does not forward the stop signal',
        code: script`
          node server.js &
          pid=$!
          trap 'kill -HUP $pid' HUP
          wait $pid
        `,
        findings: 1,
        line: 2,
        data: { program: 'node', count: '1' },
      },
      {
        // open-webui's backend/start.sh: no fix was given for a job plus a final pipeline.
        name: 'a job in a branch, then the program piped into tee: one wrapper hands the job over and reads the log through a fifo',
        code: script`
          if [ "$USE_OLLAMA" = true ]; then
            ollama serve &
          fi
          uvicorn app:app --port 8080 2>&1 | tee server.log
        `,
        findings: 1,
        line: 3,
        data: { program: 'ollama', count: '1' },
        outputContains: [
          'ollama serve &\n  _ew_started "$!"\nfi',
          'tee server.log <"$_ew_log_fifo" &\n_ew_log_reader=$!\nuvicorn app:app --port 8080 >"$_ew_log_fifo" 2>&1 &\n_ew_started "$!"\n_ew_wait main "$!" "$_ew_log_reader"  # ',
        ],
      },
    ],
    valid: [
      { name: '`trap --` before a forwarding action, signal quoted', code: script`
          trap -- 'kill $pid1 $pid2; wait' "TERM"
          gunicorn app & pid1=$!
          celery worker & pid2=$!
          wait
        ` },
      {
        name: 'hand-written wrapper forwarding with `killall` and waiting',
        code: script`
          trap 'killall -TERM php-fpm nginx; wait' TERM INT
          php-fpm -F &
          nginx -g 'daemon off;' &
          wait
        `,
      },
      {
        name: 'MariaDB: a temporary server started in a function, its PID saved after a declare, killed and waited for in another function called later, then `exec "$@"`',
        code: script`
          temp_server_start() {
            "$@" --skip-networking --socket=/run/mysqld/init.sock &
            declare -g SERVER_PID
            SERVER_PID=$!
            for i in {30..0}; do
              if mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1; then break; fi
              sleep 1
            done
          }
          temp_server_stop() {
            kill "$SERVER_PID"
            wait "$SERVER_PID"
          }
          if [ ! -d /var/lib/mysql/mysql ]; then
            temp_server_start "$@"
            mariadb --socket=/run/mysqld/init.sock < /docker-entrypoint-initdb.d/init.sql
            temp_server_stop
          fi
          exec "$@"
        `,
      },
      {
        name: 'parallel setup steps started in a loop and waited for before the launch',
        shell: 'sh',
        code: script`
          for f in /docker-entrypoint-initdb.d/*.sql; do
            psql -f "$f" &
          done
          wait
          exec postgres
        `,
      },
      { name: 'single exec', code: 'exec node server.js\n' },
      { name: 'single program without exec (EW101 territory)', code: 'node server.js\n' },
      {
        name: 'hand-written wrapper that forwards and waits',
        code: script`
          term() { kill -TERM "$pid"; wait "$pid"; }
          trap term TERM INT
          node server.js &
          pid=$!
          wait "$pid"
        `,
      },
      {
        name: 'setup server killed via its PID before the final exec',
        shell: 'sh',
        code: script`
          mysqld --skip-networking &
          pid="$!"
          mysql -e 'CREATE DATABASE app'
          kill -s TERM "$pid"
          wait "$pid"
          exec mysqld
        `,
      },
      {
        name: 'setup server killed with `kill %1`',
        code: script`
          postgres -c listen_addresses='' &
          sleep 3
          psql -c 'CREATE DATABASE app'
          kill %1
          exec postgres
        `,
      },
      {
        name: 'a daemonizing launch makes it unknown (EW111 says why)',
        shell: 'sh',
        code: script`
          service nginx start
          php-fpm -F &
          wait
        `,
      },
      { name: 'short-lived background task', code: script`
          sleep 5 &
          exec node server.js
        ` },
    ],
  });
});

