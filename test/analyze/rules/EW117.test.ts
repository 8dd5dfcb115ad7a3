import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

// `${X:=a()}`: bash and dash accept the parentheses in the default value; tree-sitter-bash does not.
const GAP_LINE = ': "${FLASK_APP:=app:create_app()}"';

describe('EW117 parse-gap', () => {
  testRule('EW117', {
    invalid: [
      {
        name: 'construct the grammar misses, before the launch',
        code: `set -e\n${GAP_LINE}\nexec gunicorn "$FLASK_APP"\n`,
        findings: 1,
        line: 3,
        data: { line: '3' },
        severity: 'warning',
        fixable: false,
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
        name: 'after the launch line',
        code: `node server.js\n${GAP_LINE}\n`,
        findings: 1,
        line: 3,
      },
    ],
    valid: [
      { name: 'plain script', code: script`
          set -e
          : "$FLASK_APP"
          exec gunicorn "$FLASK_APP"
        ` },
      { name: 'heredoc and arithmetic', code: 'cat > /tmp/g.conf <<EOF\nworkers = $(( 2 * 2 ))\nEOF\nexec gunicorn -c /tmp/g.conf app\n' },
    ],
  });
});
