/**
 * README's measured table (written by `npm run e2e:table` from the last e2e run) names exactly the images the
 * suite runs: a case added or renamed without regenerating the table fails here, with or without an engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { E2E_CASES } from './cases.js';

test("README's e2e table lists every image of the suite, with measured numbers", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const table = /<!-- e2e-table:start[^\n]*-->\n([\s\S]*?)<!-- e2e-table:end -->/.exec(readme)?.[1];
  expect(table, 'README has the e2e-table markers').toBeDefined();
  const rows = [...table!.matchAll(/^\| [^|]* \(`([\w-]+)`\) \| ([^|]+) \| ([^|]+) \|$/gm)];
  expect(rows.map((r) => r[1])).toEqual(E2E_CASES.map((c) => c.dir));
  for (const r of rows) {
    expect(r[2]).toMatch(/\d+\.\d s, exit \d+|ended by itself after/);
    expect(r[3]).toMatch(/\d+\.\d s, exit \d+|ended by itself after/);
  }
  expect(table).toMatch(/^Measured \d{4}-\d\d-\d\d by the e2e suite/m);
});
