/**
 * A RuleTester in the style of ESLint's and hadolint's specs: each case is a small script that goes
 * through the real `analyzeScript` (and `fixScript` for expected output); only the findings of the
 * rule under test are looked at.
 *
 *   testRule('EW101', {
 *     valid: [{ name: 'exec prog', code: 'exec prog "$@"\n' }],
 *     invalid: [{ name: 'no exec', code: 'prog\n', findings: 1, line: 2, output: 'exec prog\n' }],
 *   });
 *
 * `code` gets `#!/bin/bash\n` (or `#!/bin/sh\n` with `shell: 'sh'`) in front unless it starts with `#!`
 * or the case is `raw`. `output`, when given, gets the same header. `line` counts in the text as
 * analysed, so with the prepended shebang the first line of `code` is line 2.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeScript, type AnalyzeOptions, type ScriptReport } from '../../src/shell/analyze-script.js';
import { messageOf, type Finding } from '../../src/core/model.js';
import { ruleById } from '../../src/registry/index.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { decodeSource, type SourceFile } from '../../src/core/source.js';

export interface Case {
  name: string;
  code: string;
  /** Which shebang to prepend (default bash). */
  shell?: 'bash' | 'sh';
  /** Use `code` exactly as given: no shebang is prepended. */
  raw?: boolean;
  /** The shell that runs the script, as an image or `--shell` says (default: what the shebang names). */
  runShell?: NonNullable<AnalyzeOptions['shell']>;
  /** Files beside the script (name → text), for scripts that source them; the script is then read from that folder. */
  files?: Record<string, string>;
}

export interface InvalidCase extends Case {
  /** How many findings of the rule under test. */
  findings: number;
  /** 1-based line of the first finding, in the text as analysed. */
  line?: number;
  /** Partial match on the first finding's data. */
  data?: Record<string, string>;
  /** Severity of the first finding (its kind's). */
  severity?: Finding['severity'];
  /** Kind of the first finding (one of the rule's `kinds`). */
  kind?: string;
  /** Whether the rule's findings carry a fix: `true` means at least one does, `false` means none does. */
  fixable?: boolean;
  /**
   * The fix is unsafe: `output` is what `--unsafe-fixes` produces, and a run without it must leave the text
   * unchanged (the fix is only suggested). Without this flag every fix of the case must be safe.
   */
  unsafe?: boolean;
  /** The full text fixScript must produce (same header rule as `code`). */
  output?: string;
  /** Substrings the fixed text must contain (for wrapper fixes, whose full text is long). */
  outputContains?: string[];
}

export const SHEBANGS = { bash: '#!/bin/bash\n', sh: '#!/bin/sh\n' } as const;

/** The text a case is analysed as. */
export function caseText(c: Pick<Case, 'code' | 'shell' | 'raw'>, text = c.code): string {
  if (c.raw || c.code.startsWith('#!')) return text;
  return SHEBANGS[c.shell ?? 'bash'] + text;
}

export function source(text: string, path = 'entrypoint.sh'): SourceFile {
  return decodeSource(path, new TextEncoder().encode(text));
}

export async function analyze(text: string, context?: AnalyzeOptions, path?: string): Promise<ScriptReport> {
  return analyzeScript(source(text, path), undefined, context);
}

export async function fix(text: string, unsafeFixes = false, context?: AnalyzeOptions, path?: string): Promise<string> {
  return (await fixScript(source(text, path), { rules: {}, unsafeFixes }, context)).text;
}

/** Where a case's script is read from: `entrypoint.sh`, or beside its `files` in a folder of their own. */
export function casePath(c: Pick<Case, 'files'>): string | undefined {
  if (!c.files) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-rule-'));
  for (const [name, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, 'entrypoint.sh');
}

/** Findings of one rule, in source order. */
export async function findingsOf(ruleId: string, text: string, context?: AnalyzeOptions, path?: string): Promise<{ report: ScriptReport; findings: Finding[] }> {
  const report = await analyze(text, context, path);
  return { report, findings: report.findings.filter((f) => f.rule === ruleId) };
}

/**
 * Strips the first newline and the common indentation of a template literal, so scripts can be written
 * indented in the test file. Keeps exactly one final newline. Uses the raw strings, so a shell line
 * continuation (`\` at the end of a line) and `\t` stay as written; `${…}` is still JS interpolation.
 */
export function script(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}

export function testRule(ruleId: string, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  const rule = ruleById(ruleId);

  describe('catches', () => {
    test.each(cases.invalid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const text = caseText(c);
      const context = c.runShell ? { shell: c.runShell } : undefined;
      const path = casePath(c);
      const { report, findings } = await findingsOf(ruleId, text, context, path);
      expect(findings.map((f) => f.data), `findings of ${ruleId}`).toHaveLength(c.findings);
      const first = findings[0];
      if (first) {
        if (c.line !== undefined) expect(report.script.lines.position(first.start).line, 'line of the first finding').toBe(c.line);
        if (c.data !== undefined) expect(first.data).toMatchObject(c.data);
        if (c.severity !== undefined) expect(first.severity).toBe(c.severity);
        if (c.kind !== undefined) expect(first.kind).toBe(c.kind);
      }
      for (const f of findings) {
        // A message built from missing data reads "undefined" to the user.
        const message = messageOf(rule, f);
        expect(message, `message of ${JSON.stringify(f.data)}`).not.toMatch(/\bundefined\b/);
        expect(f.start).toBeLessThanOrEqual(f.end);
        expect(f.end).toBeLessThanOrEqual(text.length);
      }
      if (c.fixable === true || c.output !== undefined || c.outputContains !== undefined) {
        expect(findings.some((f) => f.fix), `a ${ruleId} finding carries a fix`).toBe(true);
      }
      if (c.fixable === false) {
        expect(findings.filter((f) => f.fix).map((f) => f.data), `no ${ruleId} finding carries a fix`).toEqual([]);
      }
      const kinds = new Set(findings.filter((f) => f.fix).map((f) => f.fix!.applicability ?? 'safe'));
      if (kinds.size > 0) expect([...kinds], `applicability of the ${ruleId} fixes`).toEqual([c.unsafe ? 'unsafe' : 'safe']);
      if (c.unsafe) expect(await fix(text, false, context, path), 'an unsafe fix is not applied without --unsafe-fixes').toBe(text);
      if (c.output !== undefined || c.outputContains !== undefined) {
        const fixed = await fix(text, c.unsafe, context, path);
        if (c.output !== undefined) {
          const expected = caseText(c, c.output);
          expect(expected, 'a fix that changes nothing is a bug in the case').not.toBe(text);
          expect(fixed).toBe(expected);
        }
        expect(fixed, 'the fix changes the text').not.toBe(text);
        for (const part of c.outputContains ?? []) expect(fixed).toContain(part);
        // Fixing is idempotent: the fixed text has nothing left for the fixer.
        expect(await fix(fixed, c.unsafe, context, path), 'fixing the output again').toBe(fixed);
      }
    });
  });

  describe('does not catch', () => {
    test.each(cases.valid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const { report, findings } = await findingsOf(ruleId, caseText(c), c.runShell ? { shell: c.runShell } : undefined, casePath(c));
      expect(findings.map((f) => ({ line: report.script.lines.position(f.start).line, data: f.data }))).toEqual([]);
    });
  });
}
