import { beforeAll, describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/report/file-report.js';
import { docsUrl } from '../../src/report/findings.js';
import { MARKDOWN_MARKER, MARKDOWN_MAX_LENGTH, markdownReport } from '../../src/report/markdown.js';
import { checkAll, type Checked } from './fixtures.js';

let checked: Checked[];
let diffs: Map<string, string>;
beforeAll(async () => {
  checked = await checkAll();
  diffs = new Map(checked.map((c) => [c.file.path, c.diff]));
});

const files = () => checked.map((c) => c.file);
/** The ```diff blocks of a comment, bodies only. */
const diffBlocks = (md: string) => [...md.matchAll(/^(`{3,})diff\n([\s\S]*?)^\1$/gm)].map((m) => m[2]);
const sectionsOf = (md: string) => [...md.matchAll(/^### `(.+)`$/gm)].map((m) => m[1]);

describe('markdownReport', () => {
  it('starts with the marker and a heading, and has a summary table row per file', () => {
    const md = markdownReport(files(), { diffs });
    expect(md.startsWith(`${MARKDOWN_MARKER}\n\n## execwrap: 8 of 9 file(s) keep the stop signal from the app\n`)).toBe(true);
    expect(md).toContain('9 file(s) checked: 1 ok, 5 fixable, 3 unfixable; 12 finding(s).');
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `samples/nginx-php-fpm-bg-wait/start.sh` | script (sh) | fixable | multi | 1 |',
      '| `samples/django-gunicorn-no-exec/docker-entrypoint.sh` | script (bash) | fixable | single | 1 |',
      '| `samples/exec-gunicorn-ok/start.sh` | script (bash) | ok | single | 1 |',
      '| `samples/dind-nohup-subshell/docker-entrypoint.sh` | script (sh) | unfixable | multi | 1 |',
      '| `samples/utf8-bom/entrypoint.sh` | script (sh) | fixable | single | 2 |',
      '| `samples/exec-redirect-only/start.sh` | script (bash) | fixable | single | 2 |',
      '| `samples/node-express-sh-no-exec/Dockerfile` | Dockerfile | fixable | `node:20-alpine` | 2 |',
      '| `samples/syntax-error-lone-ampersand/start.sh` | script (sh) | unfixable | unknown | 1 |',
      '| `samples/syntax-error-lone-ampersand/Dockerfile` | Dockerfile | unfixable | `node:20-alpine` | 1 |',
    ]);
  });

  it('lists each finding with its rule linked to the docs, and each change as a diff block', () => {
    const md = markdownReport(files(), { diffs });
    for (const c of checked) {
      for (const finding of c.file.report.findings) expect(md).toContain(`- [${finding.rule}](${docsUrl(finding.rule)}) ${finding.severity}, line `);
    }
    expect(md).toContain('- [EW102](https://github.com/execwrap/execwrap/blob/main/docs/rules/EW102.md) error, line 34: 2 program(s) started with `&` (first: `nginx`) never receive the stop signal: the shell does not forward it\n');
    expect(diffBlocks(md)).toEqual(checked.filter((c) => c.diff !== '').map((c) => c.diff));
    expect(sectionsOf(md)).toEqual(checked.map((c) => c.file.path)); // every sample here has a finding
    expect(md).toContain('execwrap does not change this file: the findings above need a person.');
  });

  it('takes the diffs as a map or a function, and a file without findings or change gets no section', () => {
    const ok = checked.filter((c) => c.file.report.findings.length > 0);
    const viaMap = markdownReport(ok.map((c) => c.file), { diffs });
    const viaFunction = markdownReport(ok.map((c) => c.file), { diffs: (file) => diffs.get(file.path) });
    expect(viaFunction).toBe(viaMap);
    const clean = { ...checked[2]!.file, report: { ...checked[2]!.file.report, findings: [] } } as typeof checked[2]['file'];
    const md = markdownReport([clean], { diffs: new Map() });
    expect(sectionsOf(md)).toEqual([]);
    expect(md).toContain('every file lets the stop signal through');
  });

  it('fences a diff that itself contains ``` with a longer fence', () => {
    const [first] = checked;
    const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-```sh\n+````sh\n';
    const md = markdownReport([first!.file], { diffs: new Map([[first!.file.path, diff]]) });
    expect(md).toContain(`\`\`\`\`\`diff\n${diff}\`\`\`\`\`\n`);
    expect(diffBlocks(md)).toEqual([diff]);
  });

  it('escapes what Markdown would read in messages, outside code spans, and `|` in table cells', () => {
    const first = checked[0]!.file;
    if (first.type !== 'script') throw new Error('the first sample is a script');
    const report = first.report;
    // EW208's message quotes the script's path outside a code span, with no backtick after it: text with Markdown in
    // and out of code spans.
    const problem = 'a_b *c* <img src=x> [link](u) `<kept> *as is*` and ``a ` b`` but ` alone\nnext';
    const finding = { ...report.findings[0]!, rule: 'EW208', kind: 'script-syntax-error', severity: 'warning' as const, data: { script: problem, line: '1' } };
    const file: FileReport = { path: 'odd|dir/start.sh', type: 'script', report: { ...report, findings: [finding] } };
    const md = markdownReport([file], { diffs: new Map() });
    expect(md).toContain('| `odd\\|dir/start.sh` |');
    expect(md).toContain(
      'warning, line 34: not checked: the start script it runs, a\\_b \\*c\\* \\<img src=x\\> \\[link\\](u) `<kept> *as is*` and ``a ` b`` but \\` alone next, does not parse',
    );
  });

  it('stays under maxLength by leaving out whole file sections, and says so', () => {
    const full = markdownReport(files(), { diffs });
    expect(full.length).toBeLessThan(MARKDOWN_MAX_LENGTH);
    expect(full).not.toContain('leaves out');
    const maxLength = full.length - 1;
    const cut = markdownReport(files(), { diffs, maxLength });
    expect(cut.length).toBeLessThanOrEqual(maxLength);
    const shown = sectionsOf(cut);
    const left = sectionsOf(full).length - shown.length;
    expect(left).toBeGreaterThan(0);
    expect(cut).toContain(`_This comment leaves out the details of ${left} file(s) to stay under ${maxLength} characters. Run \`execwrap migrate --diff\` for every change and \`execwrap check\` for every finding._\n`);
    // Each section is whole: the table is complete and every diff shown is the file's full diff.
    expect(cut.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(checked.length);
    for (const block of diffBlocks(cut)) expect([...diffs.values()]).toContain(block);
    for (const path of shown) expect(full).toContain(cut.slice(cut.indexOf(`### \`${path}\``)).split('\n### ')[0]!.split('\n---\n')[0]);
  });

  it('with a very small maxLength keeps the heading, folds table rows, and still ends with the note', () => {
    const cut = markdownReport(files(), { diffs, maxLength: 900, fullCommand: 'execwrap migrate --diff .' });
    expect(cut.length).toBeLessThanOrEqual(900);
    expect(sectionsOf(cut)).toEqual([]);
    const rows = cut.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBeLessThan(checked.length);
    expect(cut).toContain(`| _and ${checked.length - rows.length} more_ | | | | |`);
    expect(cut).toMatch(/leaves out the details of 9 file\(s\) and \d+ row\(s\) of the table to stay under 900 characters\. Run `execwrap migrate --diff \.`/);
  });

  it('is deterministic', () => {
    expect(markdownReport(files(), { diffs, maxLength: 20_000 })).toBe(markdownReport(files(), { diffs, maxLength: 20_000 }));
  });
});
