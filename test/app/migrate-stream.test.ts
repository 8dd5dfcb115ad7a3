/**
 * migrate prints its diff as it goes: each change's diff is handed to `print` once the changes before it in path
 * order are known, and then dropped; the plan keeps neither the diff nor the fixed bytes of any change (memory does
 * not grow with the size of the output). What is printed is the diff of what `--write` writes.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planMigration } from '../../src/app/migrate.js';
import { unifiedDiff } from '../../src/report/diff.js';

const ROOT = join(import.meta.dirname, '..', '..');
let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'execwrap-stream-'));
  cpSync(join(ROOT, 'samples'), repo, { recursive: true, filter: (src) => !src.includes('/expected') });
});

describe('migrate --diff streams', () => {
  it('prints each change while planning, keeps none of them, and prints what --write would write', async () => {
    const printed: string[] = [];
    let planned = false;
    const streamed = planMigration(repo, { init: 'tini', output: 'diff', print: (text) => printed.push(`${planned}:${text}`), jobs: 1 });
    const plan = await streamed;
    planned = true;
    expect(plan.changes.length).toBeGreaterThan(20);
    for (const change of plan.changes) {
      expect(change.diff, change.file.relative).toBeUndefined();
      expect(change.after, change.file.relative).toBeUndefined();
    }
    expect(printed.every((text) => text.startsWith('false:'))).toBe(true);

    const written = await planMigration(repo, { init: 'tini', output: 'write', jobs: 1 });
    const expected = written.changes.map((change) => `false:${unifiedDiff(change.file.relative, readFileSync(change.file.path, 'utf8'), Buffer.from(change.after!).toString('utf8'))}`);
    expect(printed).toEqual(expected);
  });
});
