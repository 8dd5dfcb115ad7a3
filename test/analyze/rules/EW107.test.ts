import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW107 exec-misuse', () => {
  testRule('EW107', {
    invalid: [
      {
        name: '`exec gunicorn … &` last: the wrapper\'s wait changes when the container ends, so the fix is unsafe (its own kind)',
        code: script`
          exec gunicorn app:wsgi --bind 0.0.0.0:8000 &
        `,
        findings: 1,
        line: 2,
        kind: 'background-then-ends',
        severity: 'error',
        unsafe: true,
        outputContains: ['_ew_wait', 'exec gunicorn app:wsgi --bind 0.0.0.0:8000 &\n_ew_started "$!"'],
      },
      {
        name: '`exec gunicorn … &` + keep-alive',
        code: script`
          exec gunicorn app:wsgi --bind 0.0.0.0:8000 &
          tail -f /dev/null
        `,
        findings: 1,
        line: 2,
        data: { kind: 'background', program: 'gunicorn' },
        kind: 'background',
        severity: 'error',
        outputContains: ['_ew_wait', 'exec gunicorn app:wsgi --bind 0.0.0.0:8000 &\n_ew_started "$!"'],
      },
      {
        name: 'one of several jobs exec-ed',
        code: script`
          node worker.js &
          exec node server.js &
          wait
        `,
        findings: 1,
        line: 3,
        data: { kind: 'background', program: 'node' },
        fixable: true,
      },
      {
        name: 'exec with redirections in the background',
        shell: 'sh',
        code: script`
          exec celery -A proj worker >>/var/log/celery.log 2>&1 &
          exec gunicorn app:wsgi
        `,
        findings: 1,
        data: { kind: 'background', program: 'celery' },
      },
      {
        name: '`exec "$@"` after a foreground server: never reached',
        code: script`
          gunicorn app:wsgi --bind 0.0.0.0:8000
          exec "$@"
        `,
        findings: 1,
        line: 3,
        data: { kind: 'unreachable', program: 'gunicorn', line: '3', blockerLine: '2' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'exec after a foreground nginx with daemon off',
        shell: 'sh',
        code: script`
          envsubst < /etc/nginx/tpl > /etc/nginx/nginx.conf
          nginx -g 'daemon off;'
          exec "$@"
        `,
        findings: 1,
        line: 4,
        data: { kind: 'unreachable', program: 'nginx', blockerLine: '3' },
      },
      {
        name: '`bundle exec rails s` in the foreground before `exec "$@"` (Rails compose entrypoint)',
        code: script`
          rm -f tmp/pids/server.pid
          bundle exec rails s -b 0.0.0.0
          exec "$@"
        `,
        findings: 1,
        line: 4,
        data: { kind: 'unreachable', program: 'bundle', blockerLine: '3' },
      },
      {
        name: '`php artisan serve` before `exec "$@"`',
        shell: 'sh',
        code: 'php artisan migrate --force\nphp artisan serve --host=0.0.0.0\nexec "$@"\n',
        findings: 1,
        data: { kind: 'unreachable', program: 'php', blockerLine: '3' },
      },
      {
        name: '`node server.js` before `exec "$@"`',
        shell: 'sh',
        code: 'node server.js\nexec "$@"\n',
        findings: 1,
        data: { kind: 'unreachable', program: 'node' },
      },
      {
        name: 'lines after a top-level `exec "$@"` never run (they are not analysed either)',
        shell: 'sh',
        code: script`
          set -e
          exec "$@"
          echo "run db migration"
          source /app/app.env
          /app/migrate -path /app/migration up
        `,
        findings: 1,
        line: 3,
        data: { kind: 'dead-code', ender: 'exec "$@"', line: '3', from: '4', to: '6' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'a line after `exit 0`',
        code: script`
          exit 0
          node server.js
        `,
        findings: 1,
        data: { kind: 'dead-code', ender: 'exit 0', from: '3', to: '3' },
      },
    ],
    valid: [
      { name: 'plain `exec prog`', code: 'exec gunicorn app:wsgi\n' },
      { name: 'only a message and exit after `exec` (the shell reaches them when exec fails)', code: script`
          exec gunicorn app:wsgi
          echo "could not start gunicorn" >&2
          exit 1
        ` },
      { name: 'function definitions after `exec` (never defined, never called)', code: script`
          exec "$@"
          helper() { node worker.js; }
        ` },
      { name: '`exec` inside an and-list does not end the script (`cd` may fail)', code: script`
          cd /srv && exec gunicorn app:wsgi
          echo "cd failed"
          node fallback.js
        ` },
      { name: 'exec inside a correct wrapper branch', code: script`
          if [ "$1" = web ]; then exec gunicorn app:wsgi; fi
          exec "$@"
        ` },
      { name: 'a background exec in a subshell job is not top-level (`( exec a ) &`)', code: script`
          trap 'kill -TERM $pid; wait $pid' TERM
          ( exec node worker.js ) &
          pid=$!
          wait $pid
        ` },
      { name: 'a migration before `exec "$@"` returns', code: script`
          python manage.py migrate --noinput
          exec "$@"
        ` },
      { name: '`nginx -t` before `exec nginx`', code: script`
          nginx -t
          exec nginx -g 'daemon off;'
        ` },
      { name: 'setup steps run by interpreters and script runners before `exec "$@"`', code: script`
          node scripts/migrate.js
          npm run build
          php artisan migrate --force
          python manage.py collectstatic --noinput
          bundle exec rake db:migrate
          exec "$@"
        ` },
      { name: '`java -version` before `exec java`', code: script`
          java -version
          exec java -jar /app/app.jar
        ` },
      { name: 'a background server before exec is EW102, not unreachable', code: script`
          gunicorn app:wsgi &
          exec "$@"
        ` },
    ],
  });
});
