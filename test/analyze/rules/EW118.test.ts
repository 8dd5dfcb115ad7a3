/**
 * EW118: a script its own shell rejects, as `check` and `migrate` analyse it (`syntaxErrors: 'report'`): one
 * finding where the shell reports the error, nothing else, no fix, and neither comments nor config silence it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScript, REPORT_SYNTAX_ERRORS } from '../../../src/shell/analyze-script.js';
import { InputError } from '../../../src/core/errors.js';
import { fixScript } from '../../../src/shell/fix-script.js';
import { decodeSource } from '../../../src/core/source.js';

const source = (text: string) => decodeSource('start.sh', new TextEncoder().encode(text));
const analyze = (text: string, rules: Record<string, 'off' | 'warning'> = {}) => analyzeScript(source(text), { rules }, REPORT_SYNTAX_ERRORS);
const where = async (text: string) => {
  const report = await analyze(text);
  return report.findings.map((f) => {
    const start = report.script.lines.position(f.start);
    const end = report.script.lines.position(f.end);
    return [f.rule, `${start.line}:${start.column}-${end.line}:${end.column}`, f.data.reason];
  });
};

describe('EW118 syntax-error', () => {
  it('a lone `&`: at it, to the end of its line; the shell\'s words', async () => {
    expect(await where('#!/bin/sh\nredis-server &\n  &\nnode app.js\n')).toEqual([['EW118', '3:3-3:4', '"&" unexpected']]);
  });

  it('an `if` never closed: on the line bash names (the end of the file)', async () => {
    const findings = await where('#!/bin/bash\nif [ -n "$X" ]; then\n  echo x\nexec node app.js\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]![0]).toBe('EW118');
    expect(findings[0]![2]).toMatch(/unexpected end of file/);
  });

  it('is the only finding: the rest is not analysed, the launcher is unknown, there is no fix and no change', async () => {
    const text = '#!/bin/sh\nnginx -g "daemon off;" &\nphp-fpm &\n  &\nwait\n';
    const report = await analyze(text);
    expect(report.findings.map((f) => f.rule)).toEqual(['EW118']);
    expect({ launcher: report.launcher, status: report.status, fix: report.findings[0]!.fix }).toEqual({ launcher: 'unknown', status: 'unfixable', fix: undefined });
    expect((await fixScript(source(text), undefined, REPORT_SYNTAX_ERRORS)).text).toBe(text);
  });

  it('cannot be silenced by comments or turned off by config (applyRuleSettings does not see it)', async () => {
    const text = '#!/bin/sh\n# execwrap ignore-file=EW118\n# execwrap ignore\n  &\n';
    expect((await analyze(text)).findings.map((f) => f.rule)).toEqual(['EW118']);
    expect((await analyze(text, { EW118: 'off' })).findings.map((f) => f.rule)).toEqual(['EW118']);
  });

  it('without REPORT_SYNTAX_ERRORS (fix, verify) the script is refused with its line', async () => {
    const error = await analyzeScript(source('#!/bin/sh\necho\n  &\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(3);
  });

  it('a valid script has no EW118', async () => {
    expect((await analyze('#!/bin/sh\nexec node app.js\n')).findings.map((f) => f.rule)).not.toContain('EW118');
  });
});
