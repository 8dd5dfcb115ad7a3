import { describe, expect, test } from 'vitest';
import { analyze, fix, rule } from './helpers.js';

describe('EW203 shell-c-wrapper', () => {
  test('catches a trivial wrapper: it becomes the program itself', async () => {
    const text = 'FROM debian:12\nCOPY start.sh /start.sh\nCMD ["sh", "-c", "/start.sh"]\n';
    const files = { 'start.sh': '#!/bin/sh\nexec /app/run\n' };
    const report = await analyze(text, { files });
    expect(rule(report, 'EW203')[0]!.data).toMatchObject({ shell: 'sh', program: '/start.sh' });
    expect((await fix(text, { files })).text).toBe('FROM debian:12\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
  });

  test('catches a wrapper that needs its shell: exec goes in front of the program', async () => {
    const text = 'FROM debian:12\nENTRYPOINT ["/bin/bash", "-c", "cd /srv && /srv/app --port \\"$PORT\\""]\n';
    expect((await fix(text)).text).toBe('FROM debian:12\nENTRYPOINT ["/bin/bash", "-c", "cd /srv && exec /srv/app --port \\"$PORT\\""]\n');
  });

  test('an ENTRYPOINT wrapper with a CMD: the finding says CMD then reaches the program', async () => {
    const [f] = rule(await analyze('FROM debian:12\nENTRYPOINT ["sh", "-c", "/app/run"]\nCMD ["--x"]\n'), 'EW203');
    expect(f!.data.cmd).toBe('["--x"]');
  });

  test.each([
    ['exec already in the command', 'FROM debian:12\nCMD ["sh", "-c", "exec /app/run"]\n'],
    ['extra arguments ($0, $1…) after the command', 'FROM debian:12\nENTRYPOINT ["sh", "-c", "exec \\"$@\\"", "sh"]\n'],
    ['not a shell', 'FROM debian:12\nCMD ["/app/run", "-c", "x"]\n'],
  ])('does not catch %s', async (_name, text) => {
    expect(rule(await analyze(text), 'EW203')).toHaveLength(0);
  });
});
