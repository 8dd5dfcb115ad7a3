import { describe, expect, test } from 'vitest';
import { messageOf } from '../../src/core/model.js';
import { EW204 } from '../../src/dockerfile/rules/EW204-missing-init.js';
import { analyze, fix, rule } from './helpers.js';

const APT = 'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n';
const COMMENT = '# execwrap: tini runs as PID 1: it passes the stop signal on and reaps orphaned processes\n';
const MULTI = { 'start.sh': '#!/bin/sh\nnginx -g "daemon off;" &\nphp-fpm -F &\nwait\n' };

describe('EW204 missing-init', () => {
  describe('catches', () => {
    test('python:*-slim with python as PID 1: apt install before the USER switch, tini in front', async () => {
      const text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER app\nCMD ["python", "app.py"]\n';
      const report = await analyze(text);
      const [f] = rule(report, 'EW204');
      expect(f!.severity).toBe('error');
      expect(f!.data).toMatchObject({ kind: 'interpreter', program: 'python', manager: 'apt' });
      expect((await fix(text)).text).toBe(
        `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n${COMMENT}${APT}USER app\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["python", "app.py"]\n`,
      );
    });

    test('the interpreter behind a privilege dropper whose user is an option\'s value (`chpst -u app python`)', async () => {
      for (const dropper of ['"chpst", "-u", "app"', '"setpriv", "--reuid", "1000", "--init-groups"', '"gosu", "app", "nice", "-n", "5"']) {
        const report = await analyze(`FROM python:3.12-slim\nCMD [${dropper}, "python", "app.py"]\n`);
        expect(rule(report, 'EW204')[0]?.data, dropper).toMatchObject({ kind: 'interpreter', program: 'python' });
      }
    });

    test('node:*-alpine: apk, /sbin/tini, the image\'s own docker-entrypoint.sh kept after --', async () => {
      const text = 'FROM node:20-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';
      expect((await fix(text)).text).toBe(
        'FROM node:20-alpine\nCOPY . /app\n' +
          COMMENT.replace('\n', '') + '\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "/app/server.js"]\n',
      );
    });

    test('the image\'s own docker-entrypoint.sh, COPYd over the node base\'s of the same name, is read (ghost): its launcher decides', async () => {
      const text = 'FROM node:22-bookworm-slim\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "current/index.js"]\n';
      const multi = { 'docker-entrypoint.sh': '#!/bin/sh\nworker &\nexec "$@"\n' };
      const report = await analyze(text, { files: multi });
      expect(report.scripts.map((s) => [s.imagePath, s.report?.launcher])).toEqual([['/usr/local/bin/docker-entrypoint.sh', 'multi']]);
      expect(rule(report, 'EW204')[0]!.data).toMatchObject({ kind: 'multi' });
      const passthrough = { 'docker-entrypoint.sh': '#!/bin/bash\nset -e\nexec "$@"\n' };
      const single = await analyze(text, { files: passthrough });
      expect(single.scripts.map((s) => s.imagePath)).toEqual(['/usr/local/bin/docker-entrypoint.sh']);
      expect(rule(single, 'EW204')[0]!.data.program).toBe('node');
    });

    test('an existing ENTRYPOINT gets the init in front; CMD stays as it is (Ubuntu)', async () => {
      const text = 'FROM ubuntu:22.04\nENTRYPOINT ["node", "server.js"]\nCMD ["--port", "80"]\n';
      expect((await fix(text)).text).toBe(`FROM ubuntu:22.04\n${COMMENT}${APT}ENTRYPOINT ["/usr/bin/tini", "--", "node", "server.js"]\nCMD ["--port", "80"]\n`);
    });

    test('a script that execs node is still node as PID 1 (Debian); the script is resolved through COPY and WORKDIR', async () => {
      const text = 'FROM debian:bookworm\nWORKDIR /srv\nCOPY docker/ ./bin/\nENTRYPOINT ["./bin/start.sh"]\n';
      const files = { 'docker/start.sh': '#!/bin/sh\nset -e\nexec node /srv/server.js\n' };
      const report = await analyze(text, { files });
      expect(report.scripts.map((s) => [s.imagePath, s.line])).toEqual([['/srv/bin/start.sh', 4]]);
      expect(rule(report, 'EW204')[0]!.data.program).toBe('node');
      expect((await fix(text, { files })).text).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "./bin/start.sh"]\n');
    });

    test('a multi-process launcher gets an init (warning); a USER from an earlier stage is wrapped in USER root … USER app', async () => {
      const text = 'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n';
      const report = await analyze(text, { files: MULTI });
      expect(rule(report, 'EW204')[0]!.severity).toBe('warning');
      expect((await fix(text, { files: MULTI })).text).toBe(
        'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCOPY start.sh /start.sh\nUSER root\n' + COMMENT + 'RUN apk add --no-cache tini\nUSER app\nENTRYPOINT ["/sbin/tini", "--", "/start.sh"]\n',
      );
    });

    test('dumb-init beside a forwarding wrapper is --single-child', async () => {
      const text = 'FROM debian:12\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n';
      const out = (await fix(text, { files: MULTI, init: 'dumb-init' })).text;
      expect(out).toContain('apt-get install -y --no-install-recommends dumb-init');
      expect(out).toContain('ENTRYPOINT ["/usr/bin/dumb-init", "--single-child"]\nCMD ["/start.sh"]\n');
    });

    test('RHEL family: EPEL is enabled, never apt or apk', async () => {
      const out = (await fix('FROM rockylinux:9\nCMD ["python3", "app.py"]\n')).text;
      expect(out).toContain('RUN dnf install -y epel-release && dnf install -y tini && dnf clean all\n');
      expect(out).not.toMatch(/apt-get|apk/);
      expect(out).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]\n');
    });

    test.each([
      ['UBI (no epel-release in its repositories)', 'FROM registry.access.redhat.com/ubi9/ubi\nCMD ["python3", "app.py"]\n', 'no-epel-release'],
      ['distroless (no shell, no package manager)', 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY . /app\nCMD ["/app/server.js"]\n', 'no-package-manager'],
      // Distroless bases are judged one way: python's entrypoint is python, as node's is node.
      ['distroless python (the same verdict as nodejs)', 'FROM gcr.io/distroless/python3-debian12\nCOPY . /app\nCMD ["/app/main.py"]\n', 'no-package-manager'],
      ['scratch', 'FROM scratch\nCOPY app /app\nCMD ["node", "/app"]\n', 'no-package-manager'],
      ['an unknown base', 'FROM example.com/team/base:1\nCMD ["node", "server.js"]\n', 'unknown-package-manager'],
    ])('%s: a finding with a reason, no guess', async (_name, text, reason) => {
      const report = await analyze(text);
      const [f] = rule(report, 'EW204');
      expect(f!.data.reason).toBe(reason);
      expect(f!.fix).toBeUndefined();
      expect((await fix(text)).text).toBe(text);
    });

    test('an unknown base whose RUN lines use apt-get gets apt, as an unsafe fix: its own ENTRYPOINT is not known', async () => {
      const report = await analyze('FROM example.com/team/base:1\nRUN apt-get update && apt-get install -y nodejs\nCMD ["node", "server.js"]\n');
      expect(report.packageManager).toBe('apt');
      const [f] = rule(report, 'EW204');
      expect(f!.fix).toMatchObject({ applicability: 'unsafe' });
      expect(f!.data.baseEntrypoint).toBe('unknown');
    });

    test("an interpreter after an unknown base's ENTRYPOINT is a warning that says the base may have one (jupyter/docker-stacks: tini in the base)", async () => {
      const text = 'ARG BASE=$REGISTRY/$OWNER/docker-stacks-foundation\nFROM $BASE\nRUN apt-get update && apt-get install -y python3\nCMD ["python3", "-m", "jupyter", "lab"]\n';
      const [f] = rule(await analyze(text), 'EW204');
      expect(f!.kind).toBe('interpreter-unknown-base');
      expect(f!.severity).toBe('warning');
      expect(messageOf(EW204, f!)).toContain('`python3` runs as PID 1 unless $REGISTRY/$OWNER/docker-stacks-foundation sets an ENTRYPOINT in front of it');
      // Known base, no ENTRYPOINT of its own: still an error stated as fact.
      const [known] = rule(await analyze('FROM debian:12\nCMD ["python3", "app.py"]\n'), 'EW204');
      expect(known!.severity).toBe('error');
      expect(messageOf(EW204, known!)).toMatch(/^`python3` runs as PID 1, where/);
    });

    test("eclipse-temurin keeps its own ENTRYPOINT (/__cacert_entrypoint.sh) behind tini, as a safe fix", async () => {
      const text = 'FROM eclipse-temurin:21-jre\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n';
      const report = await analyze(text, { files: MULTI });
      expect(rule(report, 'EW204')[0]!.fix?.applicability).toBeUndefined();
      expect((await fix(text, { files: MULTI })).text).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "/__cacert_entrypoint.sh"]\n');
    });

    test('a comment that mentions tini or --init does not count as an init', async () => {
      const report = await analyze('FROM debian:12\n# run with docker run --init, or put tini in front\nCMD ["node", "x.js"]\n');
      expect(rule(report, 'EW204')).toHaveLength(1);
      expect(report.init).toBeUndefined();
    });

    test('--init none: a warning without a fix for interpreters, nothing for wrappers', async () => {
      const [f] = rule(await analyze('FROM debian:12\nCMD ["node", "x.js"]\n', { init: 'none' }), 'EW204');
      expect(f!.severity).toBe('warning');
      expect(f!.fix).toBeUndefined();
      expect(rule(await analyze('FROM debian:12\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', { files: MULTI, init: 'none' }), 'EW204')).toHaveLength(0);
    });

    test('multi-stage: the ENTRYPOINT of an earlier stage is overridden in the final stage with the CMD repeated; earlier stages byte-identical', async () => {
      const first = 'FROM node:20-bookworm AS base\nENTRYPOINT ["node"]\nCMD ["server.js"]\n';
      const text = `${first}FROM base\nRUN <<EOF\nnpm ci\nEOF\n`;
      const out = (await fix(text)).text;
      expect(out.startsWith(first)).toBe(true);
      expect(out).toBe(`${first}FROM base\nRUN <<EOF\nnpm ci\nEOF\n${COMMENT}${APT}ENTRYPOINT ["/usr/bin/tini", "--", "node"]\nCMD ["server.js"]\n`);
    });

    test('a SHELL instruction that is not POSIX: no RUN line is written', async () => {
      const [f] = rule(await analyze('FROM debian:12\nSHELL ["pwsh", "-Command"]\nCMD ["node", "x.js"]\n'), 'EW204');
      expect(f!.data.reason).toBe('shell');
    });

    test('a shell-form ENTRYPOINT whose CMD the exec form would start running: no fix (that change is EW201\'s, unsafe)', async () => {
      const text = 'FROM node:20-alpine\nENTRYPOINT node\nCMD ["server.js"]\n';
      const report = await analyze(text);
      const [f] = rule(report, 'EW204');
      expect(f!.fix).toBeUndefined();
      expect(f!.data.reason).toBe('entrypoint-cmd-would-run');
      expect(messageOf(EW204, f!)).toContain('the CMD it ignores today would start to run; convert it first (EW201)');
      expect((await fix(text)).text).toBe(text);
    });
  });

  describe('does not catch', () => {
    test.each([
      ['tini already in front', 'FROM debian:12\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["node", "x.js"]\n'],
      ['dumb-init already in front', 'FROM alpine:3\nENTRYPOINT ["dumb-init", "--"]\nCMD ["python3", "x.py"]\n'],
      ['s6-overlay /init', 'FROM alpine:3\nENTRYPOINT ["/init"]\nCMD ["node", "x.js"]\n'],
      ['supervisord as PID 1', 'FROM debian:12\nCMD ["/usr/bin/supervisord", "-n"]\n'],
      ['a program that is not a bare interpreter', 'FROM debian:12\nCMD ["/usr/local/bin/server"]\n'],
      ['a gunicorn server', 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n'],
      ['an unknown base CMD', 'FROM example.com/app:1\nRUN true\n'],
      // The placeholder CMD of a base image (docker-library's php, node, python): an interactive prompt, no server.
      ['`php -a` (interactive shell)', 'FROM debian:12\nCMD ["php", "-a"]\n'],
      ['`node` with no script (REPL)', 'FROM debian:12\nCMD ["node"]\n'],
      ['`python3` with no script (REPL)', 'FROM debian:12\nCMD ["python3"]\n'],
      ['distroless java (the JVM handles SIGTERM)', 'FROM gcr.io/distroless/java17-debian12\nCOPY app.jar /app.jar\nCMD ["/app.jar"]\n'],
    ])('%s', async (_name, text) => {
      expect(rule(await analyze(text), 'EW204')).toHaveLength(0);
    });

    test('a script that execs supervisord counts as an init', async () => {
      const files = { 'run.sh': '#!/bin/sh\nexec supervisord -n -c /etc/supervisord.conf\n' };
      const report = await analyze('FROM debian:12\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n', { files });
      expect(report.init).toBe('supervisord');
      expect(rule(report, 'EW204')).toHaveLength(0);
    });
  });
});

describe('EW204 install placement', () => {
  test('goes above the comment lines that belong to the USER switch, not between them', async () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n\n# from here on the app runs as node\nUSER node\nCMD ["node", "server.js"]\n';
    const out = (await fix(text)).text;
    expect(out).toContain('COPY . .\n\n# execwrap: tini runs as PID 1');
    expect(out).toContain('RUN apk add --no-cache tini\n# from here on the app runs as node\nUSER node\n');
  });
});
