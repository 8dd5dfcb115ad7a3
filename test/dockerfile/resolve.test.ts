import { describe, expect, test } from 'vitest';
import { isDockerfileName } from '../../src/dockerfile/analyze-dockerfile.js';
import { baseImageInfo } from '../../src/dockerfile/analyze/images.js';
import { analyze, context } from './helpers.js';

const SINGLE = '#!/bin/sh\nexec /app/server\n';

describe('what the final stage runs', () => {
  test('ENTRYPOINT and CMD inherited through FROM <stage>; a stage ENTRYPOINT without CMD drops the inherited CMD', async () => {
    const r1 = await analyze('FROM debian:12 AS a\nENTRYPOINT ["/e"]\nCMD ["c"]\nFROM a\nRUN true\n');
    expect([r1.entrypoint, r1.cmd]).toEqual([['/e'], ['c']]);
    const r2 = await analyze('FROM debian:12 AS a\nCMD ["c"]\nFROM a\nENTRYPOINT ["/e"]\n');
    expect([r2.entrypoint, r2.cmd]).toEqual([['/e'], undefined]);
    const r3 = await analyze('FROM debian:12 AS a\nCMD ["c"]\nFROM debian:12\nRUN true\n');
    expect(r3.cmd).toBeUndefined();
  });

  test('shell form is reported as the argv Docker runs, with the SHELL in effect', async () => {
    const r = await analyze('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nCMD run it\n');
    expect(r.cmd).toEqual(['/bin/bash', '-c', 'run it']);
  });

  test.each([
    ['a file copied to a directory', 'COPY start.sh /usr/local/bin/', 'ENTRYPOINT ["/usr/local/bin/start.sh"]', '/usr/local/bin/start.sh'],
    ['a file copied to a new name', 'COPY start.sh /entry', 'ENTRYPOINT ["/entry"]', '/entry'],
    ['found on PATH', 'COPY start.sh /usr/local/bin/start.sh', 'ENTRYPOINT ["start.sh"]', '/usr/local/bin/start.sh'],
    ['a directory copy with WORKDIR and a relative path', 'WORKDIR /app\nCOPY . .', 'CMD ["./docker/start.sh"]', '/app/docker/start.sh'],
    ['--chmod and --chown before the sources', 'COPY --chown=app:app --chmod=755 start.sh /s/', 'CMD ["/s/start.sh"]', '/s/start.sh'],
    ['JSON-form COPY with a glob', 'COPY ["*.sh", "/bin2/"]', 'CMD ["/bin2/start.sh"]', '/bin2/start.sh'],
    ['run through sh', 'COPY start.sh /start.sh', 'CMD ["sh", "/start.sh"]', '/start.sh'],
    ['shell form', 'COPY start.sh /start.sh', 'CMD /start.sh', '/start.sh'],
  ])('maps a script to the build context: %s', async (_name, copy, launch, imagePath) => {
    const dir = context({ 'start.sh': SINGLE, 'docker/start.sh': SINGLE });
    const r = await analyze(`FROM debian:12\n${copy}\n${launch}\n`, { dir });
    expect(r.scripts.map((s) => s.imagePath)).toEqual([imagePath]);
    expect(r.scripts[0]!.file.startsWith(dir)).toBe(true);
    expect(r.scripts[0]!.report?.launcher).toBe('single');
  });

  test('a file the script sources by its image path is read through the COPY lines (webdevops: `source /opt/docker/bin/config.sh`)', async () => {
    const entry = '#!/bin/bash\nsource /opt/docker/bin/config.sh\nrunEntrypoints "$@"\n';
    const config = 'function runEntrypoints() {\n  echo "task $1"\n  exec "$@"\n}\n';
    const dir = context({ 'conf/bin/entrypoint.sh': entry, 'conf/bin/config.sh': config });
    const r = await analyze('FROM debian:12\nCOPY conf/ /opt/docker/\nENTRYPOINT ["/opt/docker/bin/entrypoint.sh"]\nCMD ["supervisord"]\n', { dir });
    const report = r.scripts[0]!.report!;
    // Alone, runEntrypoints might be a function of a file execwrap cannot read (no exec added); through the image it is
    // one, and it execs: the script is right as it is.
    expect({ launcher: report.launcher, status: report.status, rules: report.findings.map((f) => f.rule) }).toEqual({ launcher: 'single', status: 'ok', rules: [] });
  });

  test('a --from= copy is not from the build context', async () => {
    const r = await analyze('FROM debian:12 AS b\nFROM debian:12\nCOPY --from=b /start.sh /start.sh\nCMD ["/start.sh"]\n', { files: { 'start.sh': SINGLE } });
    expect(r.scripts).toEqual([]);
  });

  test('the latest copy wins; files of earlier, unrelated stages do not count', async () => {
    const files = { 'a.sh': SINGLE, 'b.sh': SINGLE };
    const r = await analyze('FROM debian:12 AS other\nCOPY b.sh /x/run.sh\nFROM debian:12\nCOPY b.sh /start.sh\nCOPY a.sh /start.sh\nCMD ["/start.sh"]\n', { files });
    expect(r.scripts.map((s) => s.file.split('/').pop())).toEqual(['a.sh']);
  });

  test('a non-shell file is resolved without a report', async () => {
    const r = await analyze('FROM debian:12\nCOPY app.py /app.py\nCMD ["/app.py"]\n', { files: { 'app.py': '#!/usr/bin/env python3\nprint(1)\n' } });
    expect(r.scripts).toHaveLength(1);
    expect(r.scripts[0]!.report).toBeUndefined();
  });

  test('a file without FROM is refused', async () => {
    await expect(analyze('# nothing\nRUN true\n')).rejects.toThrow(/no FROM/);
  });
});

describe('base images', () => {
  test.each([
    ['debian:bookworm-slim', 'apt'],
    ['ubuntu:24.04', 'apt'],
    ['python:3.12-slim', 'apt'],
    ['node:20-bookworm', 'apt'],
    ['docker.io/library/node:20', 'apt'],
    ['alpine:3.20', 'apk'],
    ['node:20-alpine', 'apk'],
    ['python:3.12-alpine3.20', 'apk'],
    ['rockylinux:9', 'dnf'],
    ['almalinux:9', 'dnf'],
    ['centos:7', 'yum'],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 'microdnf'],
    ['gcr.io/distroless/static-debian12', 'none'],
    ['scratch', 'none'],
    ['example.com/team/base:1', 'unknown'],
  ])('%s → %s', (image, pm) => {
    expect(baseImageInfo(image).packageManager).toBe(pm);
  });

  test('nginx and php-fpm stop with SIGQUIT', () => {
    expect(baseImageInfo('nginx:1.27-alpine').stopSignal).toBe('SIGQUIT');
    expect(baseImageInfo('php:8.3-fpm').stopSignal).toBe('SIGQUIT');
    expect(baseImageInfo('php:8.3-cli').stopSignal).toBeUndefined();
  });
});

test.each([
  ['Dockerfile', true],
  ['dockerfile', true],
  ['Containerfile', true],
  ['web.Dockerfile', true],
  ['Dockerfile.prod', true],
  ['deploy/Dockerfile', true],
  ['Dockerfile.dockerignore', false],
  ['.dockerignore', false],
  ['docker-compose.yml', false],
  ['start.sh', false],
  // Names that are Dockerfiles of another kind: neo4j's `Dockerfile-ubi9`, templates (refused by content, not name).
  ['Dockerfile-ubi9', true],
  ['Dockerfile.template', true],
  ['Dockerfile.jinja2', true],
  // A program or a document that writes or describes Dockerfiles is not one (webdevops' `Dockerfile.py`).
  ['bin/webdevops/Dockerfile.py', false],
  ['dockerfile.js', false],
  ['Dockerfile.md', false],
  ['Dockerfile.bak', false],
  ['dockerfile-lint.json', false],
])('isDockerfileName(%s) = %s', (name, expected) => {
  expect(isDockerfileName(name)).toBe(expected);
});
