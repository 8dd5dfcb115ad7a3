/**
 * The image decides the shell: a start script is read by the shell its image runs it with (its /bin/sh for a
 * `#!/bin/sh` script exec'd directly, or the shell word in ENTRYPOINT/CMD), and shell-dependent findings follow it.
 */
import { describe, expect, test } from 'vitest';
import { analyze, rule } from './helpers.js';

const SH_SCRIPT = '#!/bin/sh\nset -euo pipefail\nfunction log { echo "$*"; }\nsource /etc/profile\ntrap \'log bye\' SIGTERM\nnode server.js\n';

async function scriptOf(dockerfile: string, files: Record<string, string>) {
  const report = await analyze(dockerfile, { files });
  const script = report.scripts[0]?.report;
  if (!script) throw new Error('no script resolved');
  return { shell: script.script.shell, rules: script.findings.map((f) => f.rule), status: script.status, dialect: script.script.dialect };
}

describe("a #!/bin/sh script exec'd by the image is read by the image's /bin/sh", () => {
  test.each([
    ['alpine:3.20', 'busybox', ['EW101']],
    ['node:20-alpine', 'busybox', ['EW101']],
    ['debian:bookworm', 'dash', ['EW101', 'EW104', 'EW114', 'EW114', 'EW114']],
    ['python:3.12-slim', 'dash', ['EW101', 'EW104', 'EW114', 'EW114', 'EW114']],
    // bash as sh accepts all of it (`kill -SIGTERM` is the one thing it refuses, and there is none here).
    ['rockylinux:9', 'bash-posix', ['EW101']],
  ])('%s: %s', async (image, shell, rules) => {
    const got = await scriptOf(`FROM ${image}\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n`, { 'start.sh': SH_SCRIPT });
    expect(got.shell).toMatchObject({ name: shell, source: 'image', image });
    expect(got.rules.sort()).toEqual(rules);
    // A portability finding does not make a launch that has a fix unfixable.
    expect(got.status).toBe('fixable');
    expect(got.dialect).toBe('sh');
  });

  test('an unknown base: dash is assumed, and the finding says so', async () => {
    const report = await analyze('FROM example.com/base:1\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', { files: { 'start.sh': SH_SCRIPT } });
    const finding = report.scripts[0]!.report!.findings.find((f) => f.rule === 'EW114')!;
    expect(finding.data).toMatchObject({ shell: 'dash', shellSource: 'assumed' });
  });
});

describe('a shell word in ENTRYPOINT or CMD decides, whatever the #! line says', () => {
  test('`ENTRYPOINT ["bash", "/run.sh"]`: a shebang-less bash script is fine, and the missing #! line does not matter', async () => {
    const got = await scriptOf('FROM debian:12\nCOPY run.sh /run.sh\nENTRYPOINT ["bash", "/run.sh"]\n', { 'run.sh': 'A=(1 2)\n[[ -n "${A[0]}" ]]\ngunicorn app:app "${A[@]}"\n' });
    expect(got.shell).toMatchObject({ name: 'bash', source: 'command', command: 'bash' });
    expect(got.rules).toEqual(['EW101']);
    expect(got.dialect).toBe('bash');
  });

  test('`CMD ["sh", "/start.sh"]` on Debian reads a #!/bin/bash script with dash', async () => {
    const got = await scriptOf('FROM debian:12\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n', { 'start.sh': '#!/bin/bash\nA=(1 2)\nexec app "${A[@]}"\n' });
    expect(got.shell).toMatchObject({ name: 'dash', source: 'command', command: 'sh' });
    expect(got.rules).toEqual(['EW114', 'EW114']);
    expect(got.status).toBe('unfixable');
    expect(got.dialect).toBe('sh');
  });

  test('a #!/bin/bash script exec\'d directly stays bash, on any image', async () => {
    const got = await scriptOf('FROM alpine:3.20\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', { 'start.sh': '#!/bin/bash\nA=(1 2)\nexec app "${A[@]}"\n' });
    expect(got.shell).toMatchObject({ name: 'bash', source: 'shebang' });
    expect(got.rules).toEqual([]);
  });
});

describe('a start script that hands over to another copied script', () => {
  test('`exec /usr/local/bin/start-app.sh` is followed: both are start scripts, read with the image shell', async () => {
    const report = await analyze('FROM alpine:3.20\nCOPY entrypoint.sh start-app.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]\n', {
      files: {
        'entrypoint.sh': '#!/bin/sh\nset -e\nexec /usr/local/bin/start-app.sh\n',
        'start-app.sh': '#!/bin/sh\nfunction log { echo "$*"; }\nlog starting\nnode /app/server.js\n',
      },
    });
    expect(report.scripts.map((s) => s.imagePath)).toEqual(['/usr/local/bin/entrypoint.sh', '/usr/local/bin/start-app.sh']);
    const second = report.scripts[1]!.report!;
    expect(second.script.shell).toMatchObject({ name: 'busybox', source: 'image' });
    expect(second.findings.map((f) => f.rule)).toEqual(['EW101']);
    expect(rule(report, 'EW204')[0]?.data.program).toBe('node');
  });
});

describe('CRLF line endings the image converts (EW115)', () => {
  const CRLF = '#!/bin/sh\r\nnode server.js\r\n';
  test.each([
    ['RUN dos2unix /start.sh && chmod +x /start.sh', []],
    ["RUN sed -i 's/\\r$//' /start.sh", []],
    ['RUN dos2unix /*.sh', ['EW115']], // not the script's folder pattern execwrap reads: still reported
    ['RUN chmod +x /start.sh', ['EW115']],
  ])('%s', async (run, ew115) => {
    const got = await scriptOf(`FROM debian:bookworm\nCOPY start.sh /start.sh\n${run}\nCMD ["/start.sh"]\n`, { 'start.sh': CRLF });
    expect(got.rules.filter((r) => r === 'EW115')).toEqual(ew115);
  });

  test('a conversion before the COPY does not count', async () => {
    const got = await scriptOf('FROM debian:bookworm\nRUN dos2unix /start.sh || true\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', { 'start.sh': CRLF });
    expect(got.rules).toContain('EW115');
  });
});
