import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { githubReport } from '../../src/report/github.js';
import { jsonReport } from '../../src/report/json.js';
import { markdownReport } from '../../src/report/markdown.js';
import { sarifReport } from '../../src/report/sarif.js';
import { textReport } from '../../src/report/text.js';
import { expectGolden } from '../helpers/golden.js';
import { checkAll, GOLDEN_DIR, REPO_ROOT, type Checked } from './fixtures.js';

let checked: Checked[];
beforeAll(async () => {
  checked = await checkAll();
});

const files = () => checked.map((c) => c.file);
const golden = (name: string) => join(GOLDEN_DIR, name);

/** Nothing machine-specific may reach a golden: not where this checkout is, nor the directory tests run in. */
function expectPortable(output: string): void {
  for (const local of [REPO_ROOT, process.cwd()]) expect(output).not.toContain(local);
}

describe('every format over the same samples matches its golden (UPDATE_GOLDEN=1 to regenerate)', () => {
  it('sarif', () => {
    const output = sarifReport(files());
    // The tool version changes with every release; it is checked here and kept out of the golden.
    const log = JSON.parse(output) as { runs: { tool: { driver: { version: string; rules: { help?: unknown }[] } } }[] };
    expect(log.runs[0]!.tool.driver.version).toBe(VERSION);
    log.runs[0]!.tool.driver.version = '<package.json version>';
    // Each rule's help is its docs page (sarif.test.ts checks it); kept out so a docs edit does not change this golden.
    for (const rule of log.runs[0]!.tool.driver.rules) rule.help = '<docs/rules page>';
    expectPortable(output);
    expectGolden(golden('report.sarif.json'), `${JSON.stringify(log, null, 2)}\n`);
  });

  it('github', () => {
    const output = githubReport(files());
    expectPortable(output);
    expectGolden(golden('report.github.txt'), output);
  });

  it('markdown', () => {
    const output = markdownReport(files(), { diffs: new Map(checked.map((c) => [c.file.path, c.diff])) });
    expectPortable(output);
    expectGolden(golden('report.md'), output);
  });

  it('markdown, cut to 4 000 characters', () => {
    const output = markdownReport(files(), { diffs: new Map(checked.map((c) => [c.file.path, c.diff])), maxLength: 4000 });
    expect(output.length).toBeLessThanOrEqual(4000);
    expectGolden(golden('report.cut.md'), output);
  });

  it('json', () => {
    const output = jsonReport(files());
    expectPortable(output);
    expectGolden(golden('report.json'), output);
  });

  it('text', () => {
    const output = textReport(files(), { color: false });
    expectPortable(output);
    expectGolden(golden('report.txt'), output);
  });
});
