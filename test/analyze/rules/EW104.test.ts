import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW104 sh-signal-name', () => {
  testRule('EW104', {
    invalid: [
      {
        name: "`trap 'x' SIGTERM` under sh",
        shell: 'sh',
        code: script`
          trap 'kill -TERM $pid' SIGTERM
          node server.js &
          pid=$!
          wait $pid
        `,
        findings: 1,
        line: 2,
        data: { word: 'SIGTERM', replacement: 'TERM', command: 'trap' },
        severity: 'error',
        output: script`
          trap 'kill -TERM $pid' TERM
          node server.js &
          pid=$!
          wait $pid
        `,
      },
      {
        name: 'each SIG name in one trap',
        shell: 'sh',
        code: script`
          trap 'kill -TERM $pid' SIGTERM SIGINT
          node server.js &
          pid=$!
          wait $pid
        `,
        findings: 2,
        output: script`
          trap 'kill -TERM $pid' TERM INT
          node server.js &
          pid=$!
          wait $pid
        `,
      },
      {
        name: '`kill -SIGTERM`',
        shell: 'sh',
        code: script`
          pid=$(cat /run/app.pid)
          kill -SIGTERM "$pid"
        `,
        findings: 1,
        line: 3,
        data: { word: '-SIGTERM', replacement: '-TERM', command: 'kill' },
        output: script`
          pid=$(cat /run/app.pid)
          kill -TERM "$pid"
        `,
      },
      {
        name: '`kill -s SIGTERM`',
        shell: 'sh',
        code: script`
          pid=$(cat /run/app.pid)
          kill -s SIGTERM "$pid"
        `,
        findings: 1,
        data: { word: 'SIGTERM', replacement: 'TERM', command: 'kill' },
        output: script`
          pid=$(cat /run/app.pid)
          kill -s TERM "$pid"
        `,
      },
      {
        name: 'inside a handler function',
        shell: 'sh',
        code: script`
          term() {
            kill -SIGTERM "$pid"
            wait "$pid"
          }
          trap term TERM
        `,
        findings: 1,
        line: 3,
        output: script`
          term() {
            kill -TERM "$pid"
            wait "$pid"
          }
          trap term TERM
        `,
      },
      {
        name: '`trap - SIGTERM` (reset) and `trap "" SIGINT` (ignore)',
        shell: 'sh',
        code: script`
          trap "" SIGINT
          trap - SIGTERM
        `,
        findings: 2,
        output: script`
          trap "" INT
          trap - TERM
        `,
      },
      {
        name: 'EXIT kept, SIGHUP replaced',
        shell: 'sh',
        code: script`
          trap 'rm -f /run/app.pid' EXIT SIGHUP
          exec "$@"
        `,
        findings: 1,
        data: { word: 'SIGHUP', replacement: 'HUP' },
        output: script`
          trap 'rm -f /run/app.pid' EXIT HUP
          exec "$@"
        `,
      },
      {
        name: 'the image runs `#!/bin/sh` with bash as sh (RHEL family): `kill -SIGTERM` is refused there',
        shell: 'sh',
        runShell: { name: 'bash-posix', source: 'image', image: 'rockylinux:9' },
        code: script`
          trap 'kill -SIGTERM "$pid"' SIGTERM
          kill -SIGTERM "$pid"
        `,
        findings: 1,
        line: 3,
        data: { word: '-SIGTERM', command: 'kill', shell: 'bash-posix', shellSource: 'image' },
        output: script`
          trap 'kill -SIGTERM "$pid"' SIGTERM
          kill -TERM "$pid"
        `,
      },
      {
        name: 'the message says dash is assumed when nothing says which shell runs a `#!/bin/sh` script',
        shell: 'sh',
        code: "trap 'exit 0' SIGTERM\nexec \"$@\"\n",
        findings: 1,
        data: { shell: 'dash', shellSource: 'assumed' },
      },
      {
        name: '`--shell dash` on a script whose shebang names bash',
        runShell: { name: 'dash', source: 'flag' },
        code: "trap 'exit 0' SIGTERM\nexec \"$@\"\n",
        findings: 1,
        data: { shell: 'dash', shellSource: 'flag' },
      },
      {
        name: 'no shebang means sh',
        raw: true,
        code: "trap 'exit 0' SIGTERM\nexec \"$@\"\n",
        findings: 1,
        output: "trap 'exit 0' TERM\nexec \"$@\"\n",
      },
    ],
    valid: [
      { name: "busybox ash (Alpine's /bin/sh) accepts SIG names in trap and kill", shell: 'sh', runShell: { name: 'busybox', source: 'image', image: 'alpine:3.20' }, code: script`
          trap 'kill -SIGTERM $pid' SIGTERM SIGINT
          kill -s SIGTERM "$pid"
        ` },
      { name: '`--shell busybox`', shell: 'sh', runShell: { name: 'busybox', source: 'flag' }, code: "trap 'exit 0' SIGTERM\nexec \"$@\"\n" },
      { name: 'bash as sh accepts `trap x SIGTERM`', shell: 'sh', runShell: { name: 'bash-posix', source: 'image' }, code: "trap 'exit 0' SIGTERM\nexec \"$@\"\n" },
      { name: 'bash accepts `trap x SIGTERM`', shell: 'bash', code: script`
          trap 'kill -TERM $pid' SIGTERM
          kill -SIGTERM 1
          kill -s SIGTERM 1
        ` },
      { name: '`#!/usr/bin/env bash` accepts SIG names', code: "#!/usr/bin/env bash\ntrap 'exit 0' SIGTERM SIGINT\nexec \"$@\"\n" },
      { name: '`trap x TERM` under sh', shell: 'sh', code: script`
          trap 'kill -TERM $pid' TERM INT
          trap 'exit 0' 15
        ` },
      { name: '`kill -TERM`, `kill -s TERM`, `kill -9`, `kill -l`', shell: 'sh', code: script`
          kill -TERM "$pid"
          kill -s TERM "$pid"
          kill -9 "$pid"
          kill -l
        ` },
      { name: 'SIGTERM in an echo or a string is not a signal argument', shell: 'sh', code: script`
          echo "waiting for SIGTERM"
          exec "$@"
        ` },
    ],
  });
});
