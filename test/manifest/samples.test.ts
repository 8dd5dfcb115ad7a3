/**
 * The Kubernetes and Compose samples: golden check JSON, fixed manifest and diff; the fix is stable; and a fixed
 * manifest parses to the same objects as the original except the edited strings (`exec ` inserted) and the keys a
 * fix adds (`init: true`).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diffChars } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isApplied } from '../../src/core/model.js';
import { fixManifest } from '../../src/manifest/fix-manifest.js';
import { decodeSource, encodeSource } from '../../src/core/source.js';
import { unifiedDiff } from '../../src/report/diff.js';
import { jsonReport } from '../../src/report/json.js';
import { expectGolden } from '../helpers/golden.js';
import { loadManifestSamples, sampleOptions } from '../helpers/manifest-samples.js';
import { SAMPLES_DIR } from '../helpers/samples.js';

const samples = loadManifestSamples();
const repoRoot = join(SAMPLES_DIR, '..');

function plain(text: string): unknown[] {
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: false });
  return (Array.isArray(docs) ? docs : []).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS({ maxAliasCount: -1 });
  });
}

/** Walks two parsed values side by side; every difference must be a string that only gained `exec `, or an added `init: true`. */
function expectOnlyEdits(before: unknown, after: unknown, path: string, changes: string[]): void {
  if (typeof before === 'string' && typeof after === 'string') {
    if (before === after) return;
    const parts = diffChars(before, after);
    expect(parts.filter((p) => p.removed), `${path}: nothing removed`).toEqual([]);
    expect(parts.filter((p) => p.added).map((p) => p.value), `${path}: only \`exec \` added`).toEqual(parts.filter((p) => p.added).map(() => 'exec '));
    changes.push(path);
    return;
  }
  if (Array.isArray(before)) {
    expect(Array.isArray(after), path).toBe(true);
    expect((after as unknown[]).length, path).toBe(before.length);
    before.forEach((item, i) => expectOnlyEdits(item, (after as unknown[])[i], `${path}[${i}]`, changes));
    return;
  }
  if (before !== null && typeof before === 'object') {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    for (const key of Object.keys(b)) {
      if (key in a) expectOnlyEdits(a[key], b[key], `${path}.${key}`, changes);
      else {
        expect([key, b[key]], `${path}: the only key a fix adds`).toEqual(['init', true]);
        changes.push(`${path}.${key}`);
      }
    }
    expect(Object.keys(a).filter((k) => !(k in b)), `${path}: no key removed`).toEqual([]);
    return;
  }
  expect(after, path).toEqual(before);
}

describe('manifest samples', () => {
  it('has at least 12 samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(12);
  });

  for (const sample of samples) {
    describe(sample.name, () => {
      const path = join(sample.dir, sample.file);
      const relativePath = relative(repoRoot, path);
      const bytes = readFileSync(path);
      const source = decodeSource(relativePath, bytes);
      const expected = (file: string) => join(sample.dir, 'expected', file);

      it(`checks as ${sample.expect.status}, fixes to the goldens, and the fix is stable`, async () => {
        const result = await fixManifest(source, sampleOptions(sample.dir));
        expect(result.before.status).toBe(sample.expect.status);
        expectGolden(expected('check.json'), jsonReport([{ path: relativePath, type: 'manifest', report: result.before }]));
        const fixed = result.changed ? encodeSource(source, result.text) : bytes;
        expectGolden(expected('fixed.txt'), fixed);
        expectGolden(expected('fix.diff'), unifiedDiff(relativePath, bytes.toString('utf8'), fixed.toString('utf8')));
        expect(result.after.findings.filter((f) => f.fix && isApplied(f.fix, false)).map((f) => f.rule)).toEqual([]);
        const again = await fixManifest({ ...source, text: result.text }, sampleOptions(sample.dir));
        expect(again.changed).toBe(false);
        if (sample.expect.status === 'ok') expect(result.changed).toBe(false);
        // A file whose only fixes are unsafe is fixable too: with --unsafe-fixes it changes, and nothing fixable is left.
        const everything = result.changed ? result : await fixManifest(source, sampleOptions(sample.dir, true));
        if (sample.expect.status === 'fixable') {
          expect(everything.changed).toBe(true);
          expect(everything.after.findings.filter((f) => f.fix).map((f) => f.rule)).toEqual([]);
        }
        if (everything !== result) {
          expectGolden(expected('fixed-unsafe.txt'), encodeSource(source, everything.text));
          expectGolden(expected('fix-unsafe.diff'), unifiedDiff(relativePath, bytes.toString('utf8'), everything.text));
        }
        for (const file of everything.files) expectGolden(expected(`created-${file.path.slice(file.path.lastIndexOf('/') + 1)}.txt`), file.text);
      });

      it('parses again to the same objects except the edited strings', async () => {
        const result = await fixManifest(source, sampleOptions(sample.dir, true));
        const changes: string[] = [];
        const before = plain(source.text);
        const after = plain(result.text);
        // The start-script fix (several programs, --unsafe-fixes) rewrites the command and adds a mount: checked here,
        // then taken out of the comparison.
        for (const file of result.files) {
          const name = file.path.slice(file.path.lastIndexOf('/') + 1);
          for (const [b, a] of before.map((doc, i) => [doc, after[i]] as const)) {
            const services = (a as { services?: Record<string, Record<string, unknown>> }).services ?? {};
            for (const [key, service] of Object.entries(services)) {
              if (!JSON.stringify(service.command ?? '').includes(`/execwrap/${name}`)) continue;
              expect((service.command as string[]).slice(-1)).toEqual([`/execwrap/${name}`]);
              expect(service.volumes as string[]).toContain(`./${name}:/execwrap/${name}:ro`);
              const original = (b as { services: Record<string, Record<string, unknown>> }).services[key]!;
              expect((service.volumes as string[]).filter((v) => !v.includes(name))).toEqual(original.volumes ?? []);
              service.command = original.command;
              if (original.volumes === undefined) delete service.volumes;
              else service.volumes = original.volumes;
              changes.push(`services.${key}.command`);
            }
          }
        }
        expectOnlyEdits(before, after, sample.file, changes);
        if (result.changed) expect(changes.length).toBeGreaterThan(0);
        // Outside the edits, every byte is the same: the original is the fixed text minus what was inserted.
        // (The start-script fix replaces `-c` and the script, checked above.)
        const parts = diffChars(source.text, result.text);
        if (result.files.length === 0) expect(parts.filter((p) => p.removed)).toEqual([]);
      });
    });
  }
});
