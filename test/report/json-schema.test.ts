import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { jsonReport } from '../../src/report/json.js';
import type { FileReport } from '../../src/report/file-report.js';
import { decodeSource } from '../../src/core/source.js';
import { loadSamples } from '../helpers/samples.js';
import { loadManifestSamples, sampleOptions } from '../helpers/manifest-samples.js';
import { analyzeManifest } from '../../src/manifest/analyze-manifest.js';
import { check, checkAll, REPO_ROOT } from './fixtures.js';

const require = createRequire(import.meta.url);
// CommonJS packages whose module.exports is the class/plugin: required, so types and runtime agree under NodeNext.
const Ajv = require('ajv/dist/2020.js') as new (options: Options) => Ajv2020;
const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'execwrap-report.schema.json'), 'utf8')) as object;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

type Json = { files: Record<string, unknown>[] };

/** Every sample execwrap can read, scripts and Dockerfiles: the widest real input there is. */
let report: Json;
beforeAll(async () => {
  const files: FileReport[] = [];
  for (const sample of loadSamples()) {
    if (sample.expect.status === 'error') continue;
    const script = relative(REPO_ROOT, join(sample.dir, sample.script));
    files.push({ path: script, type: 'script', report: await analyzeScript(decodeSource(script, readFileSync(join(REPO_ROOT, script)))) });
    const dockerfile = relative(REPO_ROOT, join(sample.dir, 'Dockerfile'));
    if (existsSync(join(REPO_ROOT, dockerfile))) files.push((await check(dockerfile)).file);
  }
  files.push(...(await checkAll()).map((c) => c.file));
  // A Dockerfile without FROM, as check reports it (EW208).
  const { analyzeDockerfile } = await import('../../src/dockerfile/analyze-dockerfile.js');
  const noFrom = decodeSource('fragment/Dockerfile', Buffer.from('RUN apt-get update\nCMD ["/start.sh"]\n'));
  const options = { context: REPO_ROOT, init: 'tini' as const, analyzeScript: async () => undefined, syntaxErrors: 'report' as const };
  files.push({ path: 'fragment/Dockerfile', type: 'dockerfile', report: await analyzeDockerfile(noFrom, options) });
  for (const sample of loadManifestSamples()) {
    const path = relative(REPO_ROOT, join(sample.dir, sample.file));
    files.push({ path, type: 'manifest', report: await analyzeManifest(decodeSource(path, readFileSync(join(REPO_ROOT, path))), sampleOptions(sample.dir)) });
  }
  report = JSON.parse(jsonReport(files)) as Json;
});

const scriptEntry = () => structuredClone(report.files.find((f) => f.type === 'script' && (f.findings as unknown[]).length > 0 && (f.processes as unknown[]).length > 0)!);
const dockerEntry = () => structuredClone(report.files.find((f) => f.type === 'dockerfile' && (f.scripts as unknown[]).length > 0 && (f.findings as unknown[]).length > 0)!);

describe('schema/execwrap-report.schema.json', () => {
  it('accepts the JSON report of every sample, scripts and Dockerfiles, with every enum value that occurs', () => {
    const validate = validator();
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const values = (key: string) => new Set(report.files.map((f) => f[key]));
    expect(values('type')).toEqual(new Set(['script', 'dockerfile', 'manifest']));
    expect(values('kind')).toEqual(new Set([undefined, 'kubernetes', 'compose']));
    expect(values('status')).toEqual(new Set(['ok', 'fixable', 'unfixable']));
    expect(values('shell')).toEqual(new Set(['sh', 'bash', undefined]));
    expect([...values('launcher')]).toEqual(expect.arrayContaining(['single', 'multi', 'none', 'unknown']));
    // Files that do not parse are in the report too (EW118, EW208).
    const rules = new Set(report.files.flatMap((f) => (f.findings as { rule: string }[]).map((x) => x.rule)));
    expect([...rules]).toEqual(expect.arrayContaining(['EW118', 'EW208']));
    expect(report.files.find((f) => f.path === 'fragment/Dockerfile')).toMatchObject({ baseImage: null, packageManager: 'unknown', scripts: [], status: 'unfixable' });
  });

  const rejects: [string, (json: Json) => void][] = [
    ['a renamed file field (launcher → kind)', (j) => { const f = scriptEntry(); f.kind = f.launcher; delete f.launcher; j.files = [f]; }],
    ['a renamed finding field (endColumn → endCol)', (j) => {
      const f = scriptEntry();
      const finding = (f.findings as Record<string, unknown>[])[0]!;
      finding.endCol = finding.endColumn;
      delete finding.endColumn;
      j.files = [f];
    }],
    ['a renamed process field (background → bg)', (j) => {
      const f = scriptEntry();
      const p = (f.processes as Record<string, unknown>[])[0]!;
      p.bg = p.background;
      delete p.background;
      j.files = [f];
    }],
    ['a renamed Dockerfile field (baseImage → image)', (j) => { const f = dockerEntry(); f.image = f.baseImage; delete f.baseImage; j.files = [f]; }],
    ["a renamed field of a Dockerfile's script (imagePath → target)", (j) => {
      const f = dockerEntry();
      const s = (f.scripts as Record<string, unknown>[])[0]!;
      s.target = s.imagePath;
      delete s.imagePath;
      j.files = [f];
    }],
    ['a renamed top-level field (files → results)', (j) => { (j as unknown as Record<string, unknown>).results = j.files; delete (j as Partial<Json>).files; }],
    ['a removed finding field (endColumn)', (j) => { const f = scriptEntry(); delete (f.findings as Record<string, unknown>[])[0]!.endColumn; j.files = [f]; }],
    ['a removed process field (command)', (j) => { const f = scriptEntry(); delete (f.processes as Record<string, unknown>[])[0]!.command; j.files = [f]; }],
    ["a removed field of a Dockerfile's script (status)", (j) => { const f = dockerEntry(); delete (f.scripts as Record<string, unknown>[])[0]!.status; j.files = [f]; }],
    ['a removed file field (shell)', (j) => { const f = scriptEntry(); delete f.shell; j.files = [f]; }],
    ['a removed Dockerfile field (cmd, which is null when absent, never missing)', (j) => { const f = dockerEntry(); delete f.cmd; j.files = [f]; }],
    ['an unknown type', (j) => { const f = scriptEntry(); f.type = 'Script'; j.files = [f]; }],
    ['an unknown status', (j) => { const f = scriptEntry(); f.status = 'broken'; j.files = [f]; }],
    ['an unknown launcher', (j) => { const f = scriptEntry(); f.launcher = 'multiple'; j.files = [f]; }],
    ['an unknown shell', (j) => { const f = scriptEntry(); f.shell = 'zsh'; j.files = [f]; }],
    ['an unknown severity', (j) => { const f = scriptEntry(); (f.findings as Record<string, unknown>[])[0]!.severity = 'note'; j.files = [f]; }],
    ['an unknown package manager', (j) => { const f = dockerEntry(); f.packageManager = 'pacman'; j.files = [f]; }],
    ['a 0-based line', (j) => { const f = scriptEntry(); (f.findings as Record<string, unknown>[])[0]!.line = 0; j.files = [f]; }],
    ['a line as a string', (j) => { const f = scriptEntry(); (f.processes as Record<string, unknown>[])[0]!.line = '3'; j.files = [f]; }],
    ['an extra field on a finding (closed)', (j) => { const f = scriptEntry(); (f.findings as Record<string, unknown>[])[0]!.col = 1; j.files = [f]; }],
    ['a script entry claiming to be a Dockerfile', (j) => { const f = scriptEntry(); f.type = 'dockerfile'; j.files = [f]; }],
  ];
  for (const [what, breakIt] of rejects) {
    it(`rejects ${what}`, () => {
      const validate = validator();
      const json = structuredClone(report);
      breakIt(json);
      expect(validate(json)).toBe(false);
    });
  }

  it('accepts a field added to a file entry, as README allows', () => {
    const validate = validator();
    const json = structuredClone(report);
    for (const f of json.files) f.newFact = { anything: true };
    expect(validate(json)).toBe(true);
  });
});
