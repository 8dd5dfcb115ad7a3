/**
 * What `check` loads: a script with nothing to write needs neither handlebars (templates) nor node:crypto (EW119's
 * hashes, migrate's digests); each costs every run start-up time (node:crypto alone ~3 ms, measured, of a cold start
 * of ~95 ms). The bundle's own requests are logged by a preload hook on Module._load; the control shows the hook sees
 * them once the script does need them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt, ROOT } from '../docs/build.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-lazy-'));
const hook = join(dir, 'hook.cjs');
writeFileSync(
  hook,
  `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify([...seen]) + '\\n'));
`,
);
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadedBy(sample: string): string[] {
  const r = spawnSync(process.execPath, ['-r', hook, join(ROOT, 'bin', 'execwrap.js'), 'check', join(ROOT, 'samples', sample, 'start.sh')], { encoding: 'utf8' });
  const line = /^LOADED (.*)$/m.exec(r.stderr);
  expect(line, r.stderr).not.toBeNull();
  return JSON.parse(line![1]!) as string[];
}

test('check of a script that is ok loads neither handlebars nor node:crypto', () => {
  const loaded = loadedBy('exec-gunicorn-ok');
  expect(loaded.length).toBeGreaterThan(3);
  expect(loaded.filter((m) => /handlebars|crypto/.test(m))).toEqual([]);
});

test('the control: check of a script with an older prelude loads both (its fix renders the current one)', () => {
  const loaded = loadedBy('prelude-v2-upgrade');
  expect(loaded).toContain('node:crypto');
  expect(loaded).toContain('handlebars');
});
