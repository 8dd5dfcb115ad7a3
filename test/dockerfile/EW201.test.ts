import { describe, expect, test } from 'vitest';
import { messageOf } from '../../src/core/model.js';
import { join } from 'node:path';
import { EW201 } from '../../src/dockerfile/rules/EW201-shell-form.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { decodeSource } from '../../src/core/source.js';
import { analyze, context, fix, lineOf, rule, scriptAnalyzer } from './helpers.js';

describe('EW201 shell-form-launch', () => {
  describe('catches', () => {
    test('plain shell-form CMD becomes a JSON array (Debian)', async () => {
      const text = 'FROM debian:bookworm\nCMD /usr/local/bin/app --port 8080 "a b"\n';
      const report = await analyze(text);
      const [f] = rule(report, 'EW201');
      expect(f).toBeDefined();
      expect(lineOf(report, f!)).toBe(2);
      expect(f!.data).toMatchObject({ keyword: 'CMD', program: '/usr/local/bin/app' });
      expect((await fix(text)).text).toBe('FROM debian:bookworm\nCMD ["/usr/local/bin/app", "--port", "8080", "a b"]\n');
    });

    test('a command that needs a shell keeps it, with exec where the program starts (Ubuntu)', async () => {
      const text = 'FROM ubuntu:24.04\nCMD cd /srv && ./server --port $PORT\n';
      expect((await fix(text)).text).toBe('FROM ubuntu:24.04\nCMD ["/bin/sh", "-c", "cd /srv && exec ./server --port $PORT"]\n');
    });

    test('keeps the keyword casing, the continuation lines collapse into the one changed instruction only', async () => {
      const text = 'FROM alpine:3.20\n# run it\ncmd /app \\\n  # a comment in the continuation\n  --verbose\nEXPOSE 80\n';
      expect((await fix(text)).text).toBe('FROM alpine:3.20\n# run it\ncmd ["/app", "--verbose"]\nEXPOSE 80\n');
    });

    test('the SHELL instruction is respected for commands that need a shell', async () => {
      const text = 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD source /etc/profile.d/app.sh && /app/run\n';
      expect((await fix(text)).text).toBe(
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["/bin/bash", "-o", "pipefail", "-c", "source /etc/profile.d/app.sh && exec /app/run"]\n',
      );
    });

    test('a shell-form ENTRYPOINT running a script that ignores its arguments: fixed, and the finding says CMD starts reaching it', async () => {
      const files = { 'run.sh': '#!/bin/sh\nexec /usr/local/bin/app --serve\n' };
      const text = 'FROM debian:12\nCOPY run.sh /app/run\nENTRYPOINT /app/run\nCMD ["--debug"]\n';
      const [f] = rule(await analyze(text, { files }), 'EW201');
      expect(f!.data).toMatchObject({ keyword: 'ENTRYPOINT', cmd: '["--debug"]' });
      expect(f!.fix).toBeDefined();
      expect((await fix(text, { files })).text).toBe('FROM debian:12\nCOPY run.sh /app/run\nENTRYPOINT ["/app/run"]\nCMD ["--debug"]\n');
    });

    test('a shell-form ENTRYPOINT running an unknown program, or a script that reads its arguments: no fix (CMD would wake up)', async () => {
      const reads = { 'run.sh': '#!/bin/sh\nset -e\nif [ "$1" = debug ]; then set -x; fi\nexec /usr/local/bin/app\n' };
      const scripted = 'FROM debian:12\nCOPY run.sh /app/run\nENTRYPOINT /app/run\nCMD ["debug"]\n';
      for (const [text, files] of [[scripted, reads], ['FROM debian:12\nENTRYPOINT /app/run\nCMD ["--debug"]\n', {}]] as const) {
        const report = await analyze(text, { files });
        const [f] = rule(report, 'EW201');
        expect(f!.fix).toBeUndefined();
        expect(f!.data.blocker).toBe('dormant-cmd');
        expect((await fix(text, { files })).text).toBe(text);
      }
    });

    test('a shell-form ENTRYPOINT whose script ends in `exec "$@"`: an unsafe fix, and the message says the CMD will now run', async () => {
      const files = { 'docker-entrypoint.sh': '#!/bin/sh\nset -e\nmkdir -p /run/app\nexec "$@"\n' };
      const text = 'FROM node:20-bookworm-slim\nCOPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh\nENTRYPOINT /usr/local/bin/docker-entrypoint.sh\nCMD ["node", "server.js"]\n';
      const [f] = rule(await analyze(text, { files }), 'EW201');
      expect(f!.fix?.applicability).toBe('unsafe');
      expect(f!.data).toMatchObject({ keyword: 'ENTRYPOINT', cmdRuns: 'yes', replacement: '["/usr/local/bin/docker-entrypoint.sh"]' });
      const message = messageOf(EW201, f!);
      expect(message).toContain('an unsafe fix: the CMD will now run');
      expect(message).toContain('today `exec` gets no arguments and the container exits at once');
      expect(message).toContain('`["node", "server.js"]`');
      // Applied only with --unsafe-fixes (the fixer, as `execwrap fix` runs it).
      const dir = context(files);
      const source = decodeSource(join(dir, 'Dockerfile'), new TextEncoder().encode(text));
      const options = (unsafeFixes: boolean) => ({ context: dir, init: 'tini' as const, analyzeScript: scriptAnalyzer, settings: { rules: {}, unsafeFixes } });
      const safeOnly = await fixDockerfile(source, options(false));
      // Without it nothing wakes the CMD: not EW201, and not EW204 either (its init needs the exec form).
      expect(safeOnly.text).toBe(text);
      expect(safeOnly.after.findings.find((x) => x.rule === 'EW201')?.fix?.applicability).toBe('unsafe');
      expect(safeOnly.after.findings.find((x) => x.rule === 'EW204')).toMatchObject({ data: { reason: 'entrypoint-cmd-would-run' } });
      const withUnsafe = await fixDockerfile(source, options(true));
      // Then, in exec form, the init goes in front (EW204, a safe fix of the next pass).
      expect(withUnsafe.text).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n');
      expect(withUnsafe.after.findings.filter((x) => x.fix).map((x) => x.rule)).toEqual([]);
    });

    test('a pipeline cannot be fixed in place: a finding without a fix', async () => {
      const report = await analyze('FROM debian:12\nCMD /app/run | tee /var/log/app.log\n');
      const [f] = rule(report, 'EW201');
      expect(f!.fix).toBeUndefined();
      expect(f!.data.blocker).toBe('pipeline');
      expect(report.status).toBe('unfixable');
    });

    test('a shell-form CMD inherited from an earlier stage is overridden in the final stage; the earlier stage is untouched', async () => {
      const text = 'FROM debian:12 AS base\nCMD /app/run --flag\n\nFROM base\nRUN true\n';
      const out = (await fix(text)).text;
      expect(out).toBe('FROM debian:12 AS base\nCMD /app/run --flag\n\nFROM base\nRUN true\nCMD ["/app/run", "--flag"]\n');
    });

    test('with the escape directive a backtick continues the line', async () => {
      const text = '# escape=`\nFROM debian:12\nRUN copy C:\\temp\\x D:\\y\nCMD /app/run `\n  --flag\n';
      expect((await fix(text)).text).toBe('# escape=`\nFROM debian:12\nRUN copy C:\\temp\\x D:\\y\nCMD ["/app/run", "--flag"]\n');
    });

    test('a shell form that already execs is a clean-up (info), not a stop problem', async () => {
      const report = await analyze('FROM debian:12\nCMD exec /app/run --flag\n');
      expect(rule(report, 'EW201')[0]!.severity).toBe('info');
      expect(report.status).toBe('ok');
    });

    test('CRLF files get CRLF lines', async () => {
      const text = 'FROM debian:12\r\nCMD /app/run\r\n';
      expect((await fix(text)).text).toBe('FROM debian:12\r\nCMD ["/app/run"]\r\n');
    });
  });

  describe('does not catch', () => {
    test.each([
      ['exec form', 'FROM debian:12\nCMD ["/app/run", "--flag"]\n'],
      ['a shell-form CMD of an earlier stage that the final stage does not use', 'FROM debian:12 AS build\nCMD make\nFROM debian:12\nCMD ["/app/run"]\n'],
      ['a shell-form CMD overridden later in the same stage', 'FROM debian:12\nCMD /app/old\nCMD ["/app/run"]\n'],
      ['RUN lines in shell form', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD ["/app/run"]\n'],
    ])('%s', async (_name, text) => {
      expect(rule(await analyze(text), 'EW201')).toHaveLength(0);
    });
  });
});

describe('EW201 under a bash SHELL', () => {
  test('a single simple command is reported as info: bash execs it itself (measured), dash does not', async () => {
    const bash = await analyze('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nCMD /usr/local/bin/app --flag\n');
    const [underBash] = rule(bash, 'EW201');
    expect(underBash!.severity).toBe('info');
    expect(underBash!.fix).toBeDefined();
    const dash = await analyze('FROM debian:12\nCMD /usr/local/bin/app --flag\n');
    expect(rule(dash, 'EW201')[0]!.severity).toBe('error');
  });
});

describe('EW201 on Alpine', () => {
  test("/bin/sh is busybox, which execs a single simple command itself: info", async () => {
    const [f] = rule(await analyze('FROM alpine:3.20\nCMD /usr/local/bin/app --flag\n'), 'EW201');
    expect(f!.severity).toBe('info');
  });
});
