import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

// `*\)*)`: bash and dash accept an escaped parenthesis in a case pattern; tree-sitter-bash does not (it recovers
// within the line: the statements after it are read).
const GAP_LINE = 'case "$1" in *\\)*) echo "odd argument" ;; esac';
// `${X:=a()}`: the grammar misses parentheses inside an expansion too, but that error stays inside one word.
const WORD_GAP_LINE = ': "${FLASK_APP:=app:create_app()}"';
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
        code: `case "$1" in *\\)*) echo odd ;; *) exec gunicorn app ;; esac\n`,
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
        code: `node server.js\n: "${'$'}{FLASK_APP:=create_app($(cat /etc/app))}"\n`,
        findings: 1,
        line: 3,
        severity: 'warning',
      },
      {
        name: 'an error inside one quoted word that holds a command substitution may hide a command: still a gap',
        code: `: "${'$'}{FLASK_APP:=create_app($(cat /etc/app))}"\nexec gunicorn "$FLASK_APP"\n`,
        findings: 1,
        line: 2,
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
      { name: 'an error inside one quoted word, no command substitution (`${X:=a()}`): it hides no command', code: `set -e\n${WORD_GAP_LINE}\nexec gunicorn "$FLASK_APP"\n` },
      { name: 'the launch line holds an error inside one word: the launch is read', code: `exec gunicorn "${'$'}{FLASK_APP:=app:create_app()}"\n` },
      { name: 'jupyter/docker-stacks: `(` inside a quoted `${X:+…}` in a log line', code: 'if [ -n "$X" ]; then\n  echo "owned by 0:0 ${X:+(chown options: ${X})}"\nfi\nexec "$@"\n' },
      { name: 'heredoc and arithmetic', code: 'cat > /tmp/g.conf <<EOF\nworkers = $(( 2 * 2 ))\nEOF\nexec gunicorn -c /tmp/g.conf app\n' },
    ],
  });
});
