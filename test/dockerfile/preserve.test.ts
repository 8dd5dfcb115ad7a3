import { describe, expect, test } from 'vitest';
import { fix } from './helpers.js';

const MULTI = { 'start.sh': '#!/bin/sh\nnginx -g "daemon off;" &\nphp-fpm -F &\nwait\n' };

/** Images already right come out byte-identical: comments, directives, heredocs, casing, blank lines and all. */
describe('already right', () => {
  test.each([
    [
      'directives, heredoc, continuations, comments, lower-case keywords',
      '# syntax=docker/dockerfile:1.7\n# escape=\\\n\nFROM debian:12-slim AS build\n# build it\nRUN <<EOF\nset -e\napt-get update\nEOF\n\nfrom debian:12-slim\nrun apt-get update \\\n    # tini\n    && apt-get install -y tini\nentrypoint ["/usr/bin/tini", "--"]\ncmd ["/usr/local/bin/server", "--port", "80"]\n',
    ],
    ['exec form of a compiled program', 'FROM alpine:3.20\nCOPY server /server\nUSER 1000\nCMD ["/server"]\n'],
    ['no final newline', 'FROM debian:12\nCMD ["/server"]'],
    ['CRLF', 'FROM debian:12\r\nCMD ["/server"]\r\n'],
    ['BOM-less non-ASCII comment', 'FROM debian:12\n# démarrage — 起動\nCMD ["/server"]\n'],
  ])('%s', async (_name, text) => {
    const { text: out, before } = await fix(text);
    expect(before.findings.filter((f) => f.fix)).toEqual([]);
    expect(out).toBe(text);
  });
});

describe('idempotent: fixing the output again changes nothing, and leaves no fixable finding', () => {
  test.each([
    ['python:3.12-slim', 'FROM python:3.12-slim\nUSER app\nCMD python app.py\n'],
    ['node:20-alpine shell-form ENTRYPOINT', 'FROM node:20-alpine\nENTRYPOINT node server.js\n'],
    ['multi-stage with a wrapper', 'FROM alpine:3 AS b\nRUN echo b\nFROM alpine:3.20\nCOPY start.sh /start.sh\nCMD sh -c /start.sh\n'],
    ['rockylinux sh -c', 'FROM rockylinux:9\nUSER 1001\nCMD ["sh", "-c", "cd /app && python3 app.py"]\n'],
    ['no final newline', 'FROM debian:12\nCMD node x.js'],
    ['CRLF with SHELL', 'FROM debian:12\r\nSHELL ["/bin/bash", "-c"]\r\nCMD cd /a && node x.js\r\n'],
  ])('%s', async (_name, text) => {
    const once = await fix(text, { files: MULTI });
    expect(once.text).not.toBe(text);
    expect(once.after.findings.filter((f) => f.fix)).toEqual([]);
    const twice = await fix(once.text, { files: MULTI });
    expect(twice.text).toBe(once.text);
    if (text.includes('\r\n')) expect(once.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  test('earlier stages stay byte-identical', async () => {
    const early = '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nCMD npm start\nRUN <<EOF\nnpm ci\nEOF\n\nFROM deps AS test\nCMD npm test\n';
    const text = `${early}FROM node:20-slim\nCOPY --from=deps /app /app\nCMD node /app/server.js\n`;
    const out = (await fix(text)).text;
    expect(out.startsWith(early)).toBe(true);
    expect(out.slice(early.length)).toBe(
      'FROM node:20-slim\nCOPY --from=deps /app /app\n# execwrap: tini runs as PID 1: it passes the stop signal on and reaps orphaned processes\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "/app/server.js"]\n',
    );
  });
});
