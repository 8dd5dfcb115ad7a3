import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW112 eval-launch', () => {
  testRule('EW112', {
    invalid: [
      {
        name: '`eval "$CMD"` as the launch',
        code: script`
          CMD="gunicorn app:wsgi --workers $WORKERS"
          eval "$CMD"
        `,
        findings: 1,
        line: 3,
        data: { command: 'eval "$CMD"', fix: 'unsafe' },
        severity: 'error',
        unsafe: true,
        output: script`
          CMD="gunicorn app:wsgi --workers $WORKERS"
          eval exec "$CMD"
        `,
      },
      {
        name: 'unquoted `eval $RUN_CMD` last, under sh',
        shell: 'sh',
        code: 'cd /srv\neval $RUN_CMD\n',
        findings: 1,
        unsafe: true,
        output: 'cd /srv\neval exec $RUN_CMD\n',
      },
      {
        name: 'eval followed by cleanup: no fix (exec would skip it)',
        code: script`
          eval "$START_CMD"
          rm -f /tmp/app.pid
        `,
        findings: 1,
        fixable: false,
      },
      {
        name: 'eval as the last step of a branch of the final `if`: `eval exec` there',
        shell: 'sh',
        code: script`
          if [ -n "$RUN_CMD" ]; then
            eval $RUN_CMD
          else
            exec node server.js
          fi
        `,
        findings: 1,
        line: 3,
        unsafe: true,
        output: script`
          if [ -n "$RUN_CMD" ]; then
            eval exec $RUN_CMD
          else
            exec node server.js
          fi
        `,
      },
      {
        name: 'eval as the last step of the function called last',
        code: script`
          run() {
            eval "$@"
          }
          run "$START"
        `,
        findings: 1,
        line: 3,
        unsafe: true,
        output: script`
          run() {
            eval exec "$@"
          }
          run "$START"
        `,
      },
      {
        name: 'eval with a `||` fallback: no fix (exec would skip the fallback)',
        code: 'eval "$CMD" || echo "command failed"\n',
        findings: 1,
        fixable: false,
      },
      {
        name: 'eval followed by cleanup inside its branch: no fix',
        code: script`
          if [ -n "$CMD" ]; then
            eval "$CMD"
            rm -f /tmp/app.pid
          fi
        `,
        findings: 1,
        fixable: false,
      },
      {
        name: 'eval of a variable that is `exec` in one assignment: no fix (it would run `exec exec …`)',
        code: script`
          if [ "$(id -u)" = 0 ]; then exec_cmd="runuser -u app --"; else exec_cmd="exec"; fi
          eval ${'$'}{exec_cmd} "$APP"
        `,
        findings: 1,
        fixable: false,
      },
    ],
    valid: [
      { name: 'eval during setup', code: script`
          eval "$(ssh-agent -s)"
          exec node server.js
        ` },
      { name: 'no eval', code: 'exec "$@"\n' },
      { name: '`eval exec "$CMD"` already replaces the shell', code: 'eval exec "$START_CMD"\n' },
      { name: '`eval "exec $CMD"` already replaces the shell', code: 'eval "exec $START_CMD"\n' },
      { name: '`eval "exec $CMD"` in a branch already replaces the shell', code: 'if [ -n "$A" ]; then eval "exec $A"; else exec node b.js; fi\n' },
      { name: '`eval ${exec_cmd} …` where every value of exec_cmd starts with exec (neo4j)', code: script`
          if [ "$(id -u)" = 0 ]; then exec_cmd="exec su-exec neo4j:neo4j"; else exec_cmd="exec"; fi
          eval ${'$'}{exec_cmd} ${'$'}{neo4j_console_cmd}
        ` },
    ],
  });
});
