import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { allRules } from '../src/registry/index.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

it("README's rules table lists exactly the rules in the registry, with their names, severities and fixability", () => {
  const rows = [...readme.matchAll(/^\| (EW\d{3}) \| `([a-z0-9-]+)` \| (error|warning|info) \| (yes|unsafe|no) \| (.+) \|$/gm)].map((m) => ({
    id: m[1],
    name: m[2],
    severity: m[3],
    fix: m[4],
    description: m[5],
  }));
  expect(rows).toEqual(
    allRules.map((r) => ({ id: r.id, name: r.name, severity: r.severity, fix: !r.fixable ? 'no' : r.fixApplicability === 'unsafe' ? 'unsafe' : 'yes', description: r.description })),
  );
});
