import { describe } from 'vitest';
import { testRule, type Case, type InvalidCase } from '../../helpers/rule-tester.js';

/** Each bashism on its own, inside a small sh entrypoint; `code` is the line with the bashism. */
const BASHISMS: { feature: string; line: string; findings?: number }[] = [
  { feature: 'double-bracket', line: 'if [[ -z "$DATABASE_URL" ]]; then echo "DATABASE_URL missing"; exit 1; fi' },
  { feature: 'ampersand-redirect', line: 'pg_isready -h db &> /dev/null || sleep 5' },
  { feature: 'ampersand-redirect', line: 'echo "starting" &>> /var/log/start.log' },
  { feature: 'array', line: 'ARGS=(--bind 0.0.0.0:8000 --workers 2)' },
  { feature: 'array', line: 'echo "${ARGS[0]}"' },
  { feature: 'function-keyword', line: 'function log { echo "[entrypoint] $*"; }' },
  { feature: 'process-substitution', line: 'while read -r line; do echo "$line"; done < <(env)' },
  { feature: 'here-string', line: 'read -r host port <<< "$DB_ADDR"' },
  { feature: 'ansi-c-string', line: "IFS=$'\\n'" },
  { feature: 'source', line: 'source /etc/app/env.sh' },
  { feature: 'pipefail', line: 'set -o pipefail' },
  { feature: 'pipefail', line: 'set -euo pipefail' },
];

const invalid: InvalidCase[] = BASHISMS.map(({ feature, line, findings }) => ({
  name: `${feature}: ${line}`,
  shell: 'sh',
  code: `set -e\n${line}\nexec "$@"\n`,
  findings: findings ?? 1,
  line: 3,
  data: { feature },
  severity: 'error',
  fixable: false,
}));

const valid: Case[] = BASHISMS.map(({ feature, line }) => ({
  name: `${feature} under bash: ${line}`,
  shell: 'bash',
  code: `set -e\n${line}\nexec "$@"\n`,
}));

/** Measured (docs/shells.md): busybox ash rejects only these of the features above. */
const BUSYBOX_REJECTS = new Set(['array', 'here-string', 'case-modification']);
const alpine = { name: 'busybox', source: 'image', image: 'alpine:3.20' } as const;

const underBusybox: InvalidCase[] = [
  ...BASHISMS.filter(({ feature }) => BUSYBOX_REJECTS.has(feature)).map(({ feature, line }) => ({
    name: `busybox ash rejects ${feature}: ${line}`,
    shell: 'sh' as const,
    runShell: alpine,
    code: `set -e\n${line}\nexec "$@"\n`,
    findings: 1,
    line: 3,
    data: { feature, shell: 'busybox', shellSource: 'image', image: 'alpine:3.20' },
  })),
  { name: 'busybox ash: case modification `${v^^}`', shell: 'sh', runShell: alpine, code: 'LEVEL="${LOG_LEVEL^^}"\nexec "$@"\n', findings: 1, data: { feature: 'case-modification' } },
];

const acceptedByBusybox: Case[] = BASHISMS.filter(({ feature }) => !BUSYBOX_REJECTS.has(feature)).map(({ feature, line }) => ({
  name: `busybox ash accepts ${feature}: ${line}`,
  shell: 'sh',
  runShell: alpine,
  code: `set -e\n${line}\nexec "$@"\n`,
}));

describe('EW114 bashism-in-sh', () => {
  testRule('EW114', {
    invalid: [
      ...invalid,
      ...underBusybox,
      {
        name: 'a `#!/bin/bash` script the Dockerfile runs with `sh` on Debian is read by dash',
        runShell: { name: 'dash', source: 'command', command: 'sh', image: 'debian:bookworm' },
        code: 'ARGS=(--workers 2)\nexec gunicorn "${ARGS[@]}"\n',
        findings: 2,
        data: { feature: 'array', shell: 'dash', shellSource: 'command', shellCommand: 'sh' },
      },
      {
        name: 'with nothing to say which shell runs it, dash is assumed, and the data says so',
        shell: 'sh',
        code: 'source /etc/app/env.sh\nexec "$@"\n',
        findings: 1,
        data: { feature: 'source', shell: 'dash', shellSource: 'assumed' },
      },
      {
        name: 'two process substitutions on one line: two findings',
        shell: 'sh',
        code: 'diff <(sort a) <(sort b) || true\nexec "$@"\n',
        findings: 2,
        data: { feature: 'process-substitution' },
      },
      {
        name: 'a bashism in a file with no shebang (read as sh)',
        raw: true,
        code: 'if [[ -f /app/.env ]]; then . /app/.env; fi\nexec "$@"\n',
        findings: 1,
        line: 1,
        data: { feature: 'double-bracket' },
      },
      {
        name: 'a bashism under `#!/usr/bin/env sh`',
        code: '#!/usr/bin/env sh\nsource /app/.env\nexec "$@"\n',
        findings: 1,
        data: { feature: 'source' },
      },
      {
        name: 'substring expansion `${x:1:1}` (dash: Bad substitution)',
        shell: 'sh',
        code: 'first="${VERSION:0:1}"\nexec "$@"\n',
        findings: 1,
        line: 2,
      },
    ],
    valid: [
      ...valid,
      ...acceptedByBusybox,
      { name: 'a shebang-less script the Dockerfile runs with bash', raw: true, runShell: { name: 'bash', source: 'command', command: 'bash' }, code: 'ARGS=(--workers 2)\nexec gunicorn "${ARGS[@]}"\n' },
      { name: 'bash as sh (RHEL family) accepts every feature', shell: 'sh', runShell: { name: 'bash-posix', source: 'image', image: 'rockylinux:9' }, code: 'source /etc/app/env.sh\n[[ -n "$X" ]] && a=(1 2)\nread -r h <<< "$X"\nexec "$@"\n' },
      { name: 'bash syntax after a top-level `exec` never runs: not reported', shell: 'sh', code: 'exec "$@"\nsource /app/app.env\n' },
      // The grammar fails on this valid POSIX line (EW117) and reads part of it as an array: no bashism there.
      { name: 'POSIX default expansion the parser misreads', shell: 'sh', code: ': "${FLASK_APP:=app:create_app()}"\nexec gunicorn "$FLASK_APP"\n' },
      { name: 'POSIX forms under sh', shell: 'sh', code: [
        'set -eu',
        'if [ -z "$DATABASE_URL" ]; then echo missing; exit 1; fi',
        'pg_isready -h db >/dev/null 2>&1 || sleep 5',
        'log() { echo "[entrypoint] $*"; }',
        '. /etc/app/env.sh',
        'x="${FOO:-default}"',
        'exec "$@"',
        '',
      ].join('\n') },
      { name: '`#!/usr/bin/env bash` is bash', code: '#!/usr/bin/env bash\nsource /etc/profile\nexec "$@"\n' },
      { name: '`[[` inside a quoted string or heredoc is text', shell: 'sh', code: 'echo "use [[ in bash"\ncat > /tmp/x.sh <<EOF\nsource /etc/profile\nEOF\nexec "$@"\n' },
    ],
  });
});
