import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { defaultSeverity, type Fix } from '../../src/core/model.js';
import { VERSION } from '../../src/core/version.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { decodeSource } from '../../src/core/source.js';
import type { FileReport, ReportedFile } from '../../src/report/file-report.js';
import { docsUrl } from '../../src/report/findings.js';
import { artifactUri, reportPath, sarifReport, wholeFileFix } from '../../src/report/sarif.js';
import { allRules } from '../../src/registry/index.js';
import { checkAll, REPO_ROOT, type Checked } from './fixtures.js';

const require = createRequire(import.meta.url);
// CommonJS packages whose module.exports is the class/plugin: required, so types and runtime agree under NodeNext.
const Ajv04 = require('ajv-draft-04') as new (options: Options) => Ajv;
const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

function validator() {
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only the `u` flag rejects.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(sarifSchema);
}

let checked: Checked[];
beforeAll(async () => {
  checked = await checkAll();
});

const parse = (text: string) => JSON.parse(text) as Sarif.Log;
const resultsFor = (log: Sarif.Log, path: string) =>
  log.runs[0]!.results!.filter((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === artifactUri(path));

/** Applies a SARIF fix the way a consumer would: offsets into the original text, replacements sorted and disjoint. */
function applySarifFix(text: string, fixes: readonly Sarif.Fix[], uri: string): string {
  const replacements = fixes.flatMap((fix) => {
    expect(fix.artifactChanges).toHaveLength(1);
    expect(fix.artifactChanges[0]!.artifactLocation.uri).toBe(uri);
    return fix.artifactChanges[0]!.replacements;
  });
  // Two findings may share one fix (the applier counts an identical edit once); anything else must be disjoint.
  const unique = [...new Map(replacements.map((r) => [JSON.stringify(r), r])).values()].sort(
    (a, b) => a.deletedRegion.charOffset! - b.deletedRegion.charOffset!,
  );
  for (let i = 1; i < unique.length; i++) {
    const previous = unique[i - 1]!.deletedRegion;
    expect(unique[i]!.deletedRegion.charOffset!).toBeGreaterThanOrEqual(previous.charOffset! + previous.charLength!);
  }
  let result = text;
  for (const r of unique.reverse()) {
    const { charOffset, charLength } = r.deletedRegion;
    expect(charOffset).toBeGreaterThanOrEqual(0);
    result = result.slice(0, charOffset) + (r.insertedContent?.text ?? '') + result.slice(charOffset! + charLength!);
  }
  return result;
}

describe('sarifReport', () => {
  it('is valid SARIF 2.1.0 by the official schema, with and without whole-file fixes', () => {
    const validate = validator();
    const files = checked.map((c) => c.file);
    const fixes = new Map(checked.map((c) => [c.file, [wholeFileFix(c.source.text, c.fixed)]]));
    for (const output of [sarifReport(files), sarifReport(files, { fixes }), sarifReport([])]) {
      const valid = validate(JSON.parse(output));
      expect(validate.errors ?? [], 'schema errors').toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema check can fail: a result without a message, a bad level, an unknown run property', () => {
    const validate = validator();
    const log = parse(sarifReport(checked.map((c) => c.file)));
    const broken = [
      (l: Sarif.Log) => delete (l.runs[0]!.results![0] as Partial<Sarif.Result>).message,
      (l: Sarif.Log) => ((l.runs[0]!.results![0] as { level: string }).level = 'info'),
      (l: Sarif.Log) => ((l.runs[0] as unknown as Record<string, unknown>).columnkind = 'utf16CodeUnits'),
      (l: Sarif.Log) => ((l.runs[0]!.results![0]!.fixes![0]!.artifactChanges[0]!.replacements[0]!.deletedRegion as { charOffset: unknown }).charOffset = '3'),
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(log);
      breakIt(copy);
      expect(validate(copy)).toBe(false);
    }
  });

  it('describes the tool and every rule, and each result points at its rule', () => {
    const log = parse(sarifReport(checked.map((c) => c.file)));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    const { driver } = run.tool;
    expect({ name: driver.name, version: driver.version, informationUri: driver.informationUri }).toEqual({
      name: 'execwrap',
      version: VERSION,
      informationUri: 'https://github.com/execwrap/execwrap',
    });
    expect(driver.rules!.map((r) => [r.id, r.name, r.shortDescription?.text, r.helpUri, r.defaultConfiguration?.level])).toEqual(
      allRules.map((r) => [r.id, r.name, r.description, docsUrl(r.id), { error: 'error', warning: 'warning', info: 'note' }[defaultSeverity(r)]]),
    );
    for (const rule of driver.rules!) expect(rule.fullDescription!.text).toContain(allRules.find((r) => r.id === rule.id)!.description);
    const expected = checked.flatMap((c) => c.file.report.findings.map((f) => [f.rule, { error: 'error', warning: 'warning', info: 'note' }[f.severity]]));
    expect(run.results!.map((r) => [r.ruleId, r.level])).toEqual(expected);
    expect(run.results!.map((r) => r.level)).toEqual(expect.arrayContaining(['error', 'warning', 'note']));
    for (const result of run.results!) expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it("gives every rule a `help` (text and markdown) from its docs page, links made absolute", () => {
    const { driver } = parse(sarifReport([])).runs[0]!.tool;
    for (const rule of driver.rules!) {
      const page = readFileSync(new URL(`../../docs/rules/${rule.id}.md`, import.meta.url), 'utf8');
      const what = /^## What\n+([^\n]+)/m.exec(page)![1]!;
      expect(rule.help?.markdown, rule.id).toContain('## Bad');
      expect(rule.help!.markdown).toContain(what);
      expect(rule.help!.markdown, "without the page title").not.toContain(`# ${rule.id}: `);
      expect(rule.help!.markdown, 'no relative link').not.toMatch(/\]\((?!https?:)/);
      expect(rule.help!.text).toContain(what.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'));
      expect(rule.help!.text).not.toMatch(/\]\(/);
    }
    const ew101 = driver.rules!.find((r) => r.id === 'EW101')!;
    expect(ew101.help!.markdown).toContain(`[EW204](${docsUrl('EW204')})`);
  });

  it('locates results by relative URI at the lines and columns read off the files by hand', async () => {
    // Written down by looking at each file (columns 1-based, end exclusive, a tab is one column, the BOM not counted),
    // with the text each region covers: not computed by the reporter's own position functions.
    const expected: [path: string, rule: string, region: [number, number, number, number], covers: string][] = [
      ['samples/nginx-php-fpm-bg-wait/start.sh', 'EW102', [34, 1, 34, 25], "nginx -g 'daemon off;' &"],
      ['samples/django-gunicorn-no-exec/docker-entrypoint.sh', 'EW101', [30, 1, 35, 26], 'gunicorn mysite.wsgi:application \\\n    --bind "$GUNICORN_BIND" \\\n    --workers "$GUNICORN_WORKERS" \\\n    --access-logfile - \\\n    --error-logfile - \\\n    --graceful-timeout 25'],
      ['samples/dind-nohup-subshell/docker-entrypoint.sh', 'EW102', [19, 2, 19, 83], '( nohup dockerd --host=unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 & )'],
      ['samples/utf8-bom/entrypoint.sh', 'EW116', [1, 1, 1, 10], '#!/bin/sh'],
      ['samples/utf8-bom/entrypoint.sh', 'EW101', [20, 1, 20, 32], 'streamlit run /app/dashboard.py'],
      ['samples/exec-redirect-only/start.sh', 'EW108', [3, 1, 3, 31], 'exec >>/var/log/minio.log 2>&1'],
      ['samples/exec-redirect-only/start.sh', 'EW101', [25, 1, 25, 61], '/usr/local/bin/minio server "$MINIO_VOLUMES" --address :9000'],
      ['samples/node-express-sh-no-exec/Dockerfile', 'EW201', [9, 1, 9, 28], 'CMD /usr/local/bin/start.sh'],
      ['samples/node-express-sh-no-exec/Dockerfile', 'EW204', [9, 1, 9, 28], 'CMD /usr/local/bin/start.sh'],
      ['samples/syntax-error-lone-ampersand/start.sh', 'EW118', [16, 1, 16, 2], '&'],
      ['samples/syntax-error-lone-ampersand/Dockerfile', 'EW208', [8, 1, 8, 18], 'CMD ["/start.sh"]'],
    ];
    const { resolveFinding } = await import('../../src/report/findings.js');
    const { linesOf } = await import('../../src/report/file-report.js');
    const log = parse(sarifReport(checked.map((c) => c.file)));
    const actual = log.runs[0]!.results!.map((r) => {
      const { artifactLocation, region } = r.locations![0]!.physicalLocation!;
      return [artifactLocation!.uri, r.ruleId, [region!.startLine, region!.startColumn, region!.endLine, region!.endColumn]];
    });
    expect(actual).toEqual(expected.map(([path, rule, region]) => [path, rule, region]));
    // The regions cover the quoted text: lines split by hand, BOM dropped (a check on the table above).
    for (const [path, , [startLine, startColumn, endLine, endColumn], covers] of expected) {
      const lines = readFileSync(join(REPO_ROOT, path), 'utf8').replace(/^\ufeff/, '').split('\n');
      const text = startLine === endLine ? lines[startLine - 1]!.slice(startColumn - 1, endColumn - 1) : [lines[startLine - 1]!.slice(startColumn - 1), ...lines.slice(startLine, endLine - 1), lines[endLine - 1]!.slice(0, endColumn - 1)].join('\n');
      expect(text, `${path} ${startLine}:${startColumn}`).toBe(covers);
    }
    // Messages are the rule's message for the finding, as in every other format.
    for (const c of checked) {
      const results = resultsFor(log, c.file.path);
      expect(results).toHaveLength(c.file.report.findings.length);
      c.file.report.findings.forEach((finding, i) => expect(results[i]!.message.text).toBe(resolveFinding(linesOf(c.file), finding).message));
    }
  });

  it('counts columns and offsets in UTF-16 code units of the text without BOM', async () => {
    const text = '\ufeff#!/bin/sh\necho "🚀 café" >&2; gunicorn app:wsgi\n';
    const source = decodeSource('svc/start.sh', Buffer.from(text, 'utf8'));
    const file: FileReport = { path: 'svc/start.sh', type: 'script', report: await analyzeScript(source) };
    const [result] = parse(sarifReport([file])).runs[0]!.results!.filter((r) => r.ruleId === 'EW101');
    const line = source.text.split('\n')[1]!;
    expect(result!.locations![0]!.physicalLocation!.region).toMatchObject({ startLine: 2, startColumn: line.indexOf('gunicorn') + 1 });
    const fixed = applySarifFix(source.text, result!.fixes!, 'svc/start.sh');
    expect(fixed).toBe((await fixScript(source)).text);
    expect(fixed).toContain('exec gunicorn');
  });

  it("per-finding fixes, applied together, give what `execwrap fix` writes (these samples need one pass)", () => {
    const log = parse(sarifReport(checked.map((c) => c.file)));
    let fixable = 0;
    for (const c of checked) {
      const fixes = resultsFor(log, c.file.path).flatMap((r) => r.fixes ?? []);
      expect(fixes.length, c.file.path).toBe(c.file.report.findings.filter((f) => f.fix).length);
      if (fixes.length > 0) fixable++;
      expect(applySarifFix(c.source.text, fixes, c.file.path), c.file.path).toBe(c.fixed);
    }
    expect(fixable).toBeGreaterThanOrEqual(4);
  });

  it("a whole-file fix on each fixable result gives exactly what `execwrap fix` writes, and leaves lazy fixes unrendered", async () => {
    const fresh = await checkAll(); // its findings' fixes are replaced below
    const fixes = new Map<ReportedFile, Fix[]>();
    for (const c of fresh) {
      fixes.set(c.file, [wholeFileFix(c.source.text, c.fixed)]);
      for (const finding of c.file.report.findings) {
        if (!finding.fix) continue;
        // A finding's own fix must not be read when the caller supplied the file's fix.
        Object.defineProperty(finding, 'fix', { value: { get edits(): never { throw new Error('rendered a lazy fix') } }, configurable: true });
      }
    }
    const log = parse(sarifReport(fresh.map((c) => c.file), { fixes: (file) => fixes.get(file) }));
    let withFix = 0;
    for (const c of fresh) {
      resultsFor(log, c.file.path).forEach((result, i) => {
        expect(result.fixes !== undefined, `${c.file.path} result ${i}`).toBe(c.file.report.findings[i]!.fix !== undefined && c.fixed !== c.source.text);
        if (!result.fixes) return;
        withFix++;
        expect(applySarifFix(c.source.text, result.fixes, c.file.path)).toBe(c.fixed);
      });
    }
    expect(withFix).toBeGreaterThanOrEqual(5);
  });
});

describe('wholeFileFix', () => {
  it('turns before into after with one edit per changed run of lines', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nB\nc\nd\ne\nf\n';
    const fix = wholeFileFix(before, after);
    expect(fix.edits).toEqual([
      { start: 2, end: 4, text: 'B\n' },
      { start: 10, end: 10, text: 'f\n' },
    ]);
    expect(wholeFileFix(before, before).edits).toEqual([]);
  });
});

describe('paths', () => {
  it('are relative, with `/`, no `./`, and URI-encoded in SARIF', () => {
    expect(reportPath('./deploy/start.sh')).toBe('deploy/start.sh');
    expect(reportPath('deploy\\start.sh')).toBe('deploy/start.sh');
    expect(reportPath(`${process.cwd()}/deploy/start.sh`)).toBe('deploy/start.sh');
    expect(artifactUri('my app/c:#1/start%.sh')).toBe('my%20app/c%3A%231/start%25.sh');
  });
});
