import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

// `${X:=a()}`: bash and dash accept the parentheses in the default value; tree-sitter-bash does not (it recovers
// within the line: the statements after it are read).
const GAP_LINE = ': "${FLASK_APP:=app:create_app()}"';
// A negated command of redirections only, starting with `&>`: tree-sitter-bash gives up on the rest of the script.
const SWALLOWING_GAP = 'while ! &>/dev/null </dev/tcp/db/5432; do sleep 1; done';

describe('EW117 parse-gap', () => {
  testRule('EW117', {
    invalid: [
      {
        name: 'construct the grammar misses within a line, before the launch: a warning (the launch after it is read)',
        code: `set -e\n${GAP_LINE}\nexec gunicorn "$FLASK_APP"\n`,
        findings: 1,
        line: 3,
        data: { line: '3' },
        severity: 'warning',
        fixable: false,
      },
      {
        name: 'a gap at the top that swallows the rest, before the programs: the launch is unknown (an error), not ok',
        code: `${SWALLOWING_GAP}\ncelery -A app worker &\ngunicorn app:wsgi\n`,
        findings: 1,
        line: 2,
        severity: 'error',
        data: { line: '2', launch: 'true' },
      },
      {
        name: 'the launch line itself holds the gap: unknown',
        code: `exec gunicorn "${'$'}{FLASK_APP:=app:create_app()}"\n`,
        findings: 1,
        severity: 'error',
        data: { launch: 'true' },
      },
      {
        name: 'under sh too',
        shell: 'sh',
        code: `${GAP_LINE}\nexec "$@"\n`,
        findings: 1,
        line: 2,
        data: { line: '2' },
      },
      {
        name: 'after the launch line: a warning, the launch before it was read',
        code: `node server.js\n${GAP_LINE}\n`,
        findings: 1,
        line: 3,
        severity: 'warning',
      },
    ],
    valid: [
      { name: 'plain script', code: script`
          set -e
          : "$FLASK_APP"
          exec gunicorn "$FLASK_APP"
        ` },
      { name: '`while ! </dev/tcp/db/5432` (bash waiting for a port): read, although tree-sitter-bash rejects it', code: script`
          while !</dev/tcp/tasks-database/5432;
          do sleep 1;
          done;
          celery -A app beat &
          exec gunicorn app:wsgi
        ` },
      { name: '`if ! </dev/tcp/…` under sh', shell: 'sh', code: 'if ! </dev/tcp/db/5432; then echo "db down"; fi\nexec "$@"\n' },
      { name: 'heredoc and arithmetic', code: 'cat > /tmp/g.conf <<EOF\nworkers = $(( 2 * 2 ))\nEOF\nexec gunicorn -c /tmp/g.conf app\n' },
    ],
  });
});
