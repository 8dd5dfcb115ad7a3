import { describe, expect, test } from 'vitest';
import { analyze, fix } from './helpers.js';

const MULTI = '#!/bin/sh\nset -e\ngunicorn app:app --bind "$1" &\ncelery -A app worker &\nwait\n';

describe('a shell-form command whose arguments need the shell still leads to its script', () => {
  test('CMD start.sh with a $PORT argument: the script is analysed, and its launcher decides the init', async () => {
    const text = 'FROM debian:bookworm-slim\nCOPY start.sh /usr/local/bin/start.sh\nCMD /usr/local/bin/start.sh --bind "0.0.0.0:${PORT}"\n';
    const report = await analyze(text, { files: { 'start.sh': MULTI } });
    expect(report.scripts.map((s) => s.imagePath)).toEqual(['/usr/local/bin/start.sh']);
    expect(report.scripts[0]!.report?.launcher).toBe('multi');
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['EW201', 'EW204']));
    const fixed = await fix(text, { files: { 'start.sh': MULTI } });
    expect(fixed.text).toContain('CMD ["/bin/sh", "-c", "exec /usr/local/bin/start.sh --bind \\"0.0.0.0:${PORT}\\""]');
    expect(fixed.text).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
  });

  test.each([
    ['SHELL with options before -c (bash -o pipefail -c)', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD /usr/local/bin/start.sh --bind "0.0.0.0:${PORT}"'],
    ['an exec-form wrapper with combined flags (sh -ec)', 'CMD ["/bin/sh", "-ec", "/usr/local/bin/start.sh --bind \\"0.0.0.0:$PORT\\""]'],
    ['a shell running the script file with options (bash -eu script)', 'CMD ["/bin/bash", "-eu", "/usr/local/bin/start.sh"]'],
  ])('%s: the script is found', async (_name, launch) => {
    const text = `FROM debian:bookworm-slim\nCOPY start.sh /usr/local/bin/start.sh\n${launch}\n`;
    const report = await analyze(text, { files: { 'start.sh': MULTI } });
    expect(report.scripts.map((s) => s.imagePath)).toEqual(['/usr/local/bin/start.sh']);
    expect(report.findings.map((f) => f.rule)).toContain('EW204');
  });

  test('a program that is not a file in the context is still just the program', async () => {
    const report = await analyze('FROM debian:bookworm-slim\nCMD gunicorn app:app --bind "0.0.0.0:$PORT"\n');
    expect(report.scripts).toEqual([]);
  });
});
