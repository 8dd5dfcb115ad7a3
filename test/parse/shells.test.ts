/**
 * The shell profiles execwrap judges scripts by (src/shell/parse/shells.ts) are measurements: this test measures them
 * again on this machine's dash, busybox ash and bash (started as `sh`, as on the RHEL family), feature by
 * feature, and fails when the table and the shells disagree. A test whose shell is missing is skipped and named in the
 * notice at the end of the run (EXECWRAP_REQUIRE_PID1=1, as in CI, makes that a failure).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readShebang } from '../../src/shell/parse/shebang.js';
import { generatedDialect, shellFromShebang, shellInImage, shellUnderstands, type ShellName } from '../../src/shell/parse/shells.js';
import { imageShell } from '../../src/dockerfile/analyze/images.js';
import { needPrograms } from '../harness/support.js';

const scratch = mkdtempSync(join(tmpdir(), 'execwrap-shells-'));
const bashAsSh = join(scratch, 'sh');
symlinkSync(spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim() || '/bin/bash', bashAsSh);

/** How each shell is started: bash through a link named `sh`, which puts it in POSIX mode as RHEL's /bin/sh does. */
const COMMANDS: Record<ShellName, string[]> = { dash: ['dash'], busybox: ['busybox', 'ash'], bash: ['bash'], 'bash-posix': [bashAsSh] };

/** Each feature, as a script that prints `ok` only when the shell reads it the way bash does. */
const PROBES: Record<string, string> = {
  'double-bracket': '[[ -n x && a == a ]] && echo ok',
  'ampersand-redirect': '{ echo ok &> "$T"; wait; } >/dev/null; cat "$T"',
  array: 'a=(x ok); echo "${a[1]}"',
  'function-keyword': 'function f { echo ok; }; f',
  'process-substitution': 'cat <(echo ok)',
  'here-string': 'cat <<< ok',
  'ansi-c-string': "x=$'o\\x6b'; echo \"$x\"",
  source: 'echo "echo ok" > "$T"; source "$T"',
  substring: 'v=xoky; echo "${v:1:2}"',
  substitution: 'v=oX; echo "${v/X/k}"',
  'case-modification': 'v=OK; echo "${v,,}"',
  pipefail: 'set -o pipefail; false | true || echo ok',
  'trap-sig-name': "trap 'echo ok' SIGTERM; kill -TERM $$; :",
  'kill-sig-name': 'sleep 5 & kill -SIGTERM $! && kill -s SIGTERM $! 2>/dev/null; wait $! 2>/dev/null; [ $? -eq 143 ] && echo ok',
};

/** The program each shell is (bash-posix: bash, through the link). */
const PROGRAM: Record<ShellName, string> = { dash: 'dash', busybox: 'busybox', bash: 'bash', 'bash-posix': 'bash' };

describe('shell profiles are what the shells do (measured)', () => {
  for (const shell of Object.keys(COMMANDS) as ShellName[]) {
    for (const [feature, probe] of Object.entries(PROBES)) {
      const expected = shellUnderstands(shell, feature);
      test(`${shell} ${expected ? 'reads' : 'does not read'} ${feature} as bash does`, () => {
        needPrograms(PROGRAM[shell]);
        const [command, ...args] = COMMANDS[shell];
        const run = spawnSync(command!, [...args, '-c', probe], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, T: join(scratch, `${shell}-${feature}`) } });
        expect(run.stdout.trim() === 'ok', `${shell} -c '${probe}': stdout ${JSON.stringify(run.stdout)}, stderr ${JSON.stringify(run.stderr)}`).toBe(expected);
      });
    }
  }
});

describe('which shell runs a script', () => {
  const shebang = (line: string) => readShebang(line, false);

  test('alone: the #! line names it; #!/bin/sh and no #! line are dash, assumed', () => {
    expect(shellFromShebang(shebang('#!/bin/bash\n'))).toEqual({ name: 'bash', source: 'shebang' });
    expect(shellFromShebang(shebang('#!/usr/bin/env bash\n'))).toEqual({ name: 'bash', source: 'shebang' });
    expect(shellFromShebang(shebang('#!/bin/ash\n'))).toEqual({ name: 'busybox', source: 'shebang' });
    expect(shellFromShebang(shebang('#!/bin/dash\n'))).toEqual({ name: 'dash', source: 'shebang' });
    expect(shellFromShebang(shebang('#!/bin/sh\n'))).toEqual({ name: 'dash', source: 'assumed' });
    expect(shellFromShebang(shebang('echo hi\n'))).toEqual({ name: 'dash', source: 'assumed' });
    // A #! line after a blank line is ignored by the kernel: whoever runs the file decides.
    expect(shellFromShebang(shebang('\n#!/bin/bash\n'))).toEqual({ name: 'dash', source: 'assumed' });
  });

  test("exec'd by an image: #!/bin/sh is the image's /bin/sh; #!/bin/bash stays bash", () => {
    const alpine = { binSh: 'busybox' as const, image: 'alpine:3.20' };
    expect(shellInImage(shebang('#!/bin/sh\n'), alpine)).toEqual({ name: 'busybox', source: 'image', image: 'alpine:3.20' });
    expect(shellInImage(shebang('echo no shebang\n'), alpine)).toEqual({ name: 'busybox', source: 'image', image: 'alpine:3.20' });
    expect(shellInImage(shebang('#!/bin/bash\n'), alpine)).toEqual({ name: 'bash', source: 'shebang' });
    // An image execwrap does not know: still dash, and still said to be assumed.
    expect(shellInImage(shebang('#!/bin/sh\n'), { image: 'example.com/base:1' })).toEqual({ name: 'dash', source: 'assumed' });
  });

  test('run through a shell word: the word decides, whatever the #! line says', () => {
    const debian = { binSh: 'dash' as const, image: 'debian:12' };
    expect(shellInImage(shebang('echo no shebang\n'), { ...debian, command: 'bash' })).toMatchObject({ name: 'bash', source: 'command', command: 'bash' });
    expect(shellInImage(shebang('#!/bin/bash\n'), { ...debian, command: '/bin/sh' })).toMatchObject({ name: 'dash', source: 'command', command: '/bin/sh' });
    expect(shellInImage(shebang('#!/bin/bash\n'), { binSh: 'busybox', image: 'alpine', command: 'sh' })).toMatchObject({ name: 'busybox', source: 'command' });
  });

  test('generated code is POSIX wherever dash or busybox runs the script, bash only where bash does and nothing says sh', () => {
    expect(generatedDialect({ name: 'bash', source: 'command' }, shebang('echo x\n'))).toBe('bash');
    expect(generatedDialect({ name: 'bash', source: 'command' }, shebang('#!/bin/sh\n'))).toBe('sh');
    expect(generatedDialect({ name: 'dash', source: 'command' }, shebang('#!/bin/bash\n'))).toBe('sh');
    expect(generatedDialect({ name: 'busybox', source: 'image' }, shebang('#!/bin/sh\n'))).toBe('sh');
    expect(generatedDialect({ name: 'bash-posix', source: 'image' }, shebang('#!/bin/sh\n'))).toBe('sh');
  });

  test("an image's /bin/sh follows its distribution", () => {
    expect(imageShell('apt', 'debian')).toBe('dash');
    expect(imageShell('apk', 'node')).toBe('busybox');
    expect(imageShell('dnf', 'rockylinux')).toBe('bash-posix');
    expect(imageShell('microdnf', 'ubi9/ubi-minimal')).toBe('bash-posix');
    expect(imageShell('none', 'busybox')).toBe('busybox');
    expect(imageShell('none', 'distroless/static-debian12')).toBeUndefined();
    expect(imageShell('unknown', 'example.com/base')).toBeUndefined();
  });
});
