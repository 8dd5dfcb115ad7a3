import { describe, expect, test } from 'vitest';
import { analyze, fix, rule } from './helpers.js';

describe('EW202 invalid-exec-form', () => {
  test.each([
    ['an unquoted variable', 'FROM debian:12\nCMD ["/app/run", $PORT]\n', 'an unquoted variable'],
    ['single quotes', "FROM debian:12\nENTRYPOINT ['/app/run']\n", 'single quotes'],
    ['no closing bracket', 'FROM debian:12\nCMD ["/app/run"\n', 'no closing bracket'],
  ])('catches %s', async (_name, text, why) => {
    const report = await analyze(text);
    const [f] = rule(report, 'EW202');
    expect(f!.data.why).toBe(why);
    expect(f!.fix).toBeUndefined();
    expect(report.status).toBe('unfixable');
    expect(rule(report, 'EW201')).toHaveLength(0);
    expect((await fix(text)).text).toBe(text);
  });

  test.each([
    ['valid exec form', 'FROM debian:12\nCMD ["/app/run", "$PORT"]\n'],
    ['valid exec form over several lines', 'FROM debian:12\nCMD ["/app/run", \\\n     "--flag"]\n'],
    ['shell form', 'FROM debian:12\nCMD /app/run\n'],
  ])('does not catch %s', async (_name, text) => {
    expect(rule(await analyze(text), 'EW202')).toHaveLength(0);
  });
});
