import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { analyzeScript, type AnalyzeOptions, type ScriptReport } from '../../src/shell/analyze-script.js';
import type { Finding, Fix } from '../../src/core/model.js';
import { analyzeDockerfile, type DockerfileReport, type InitChoice } from '../../src/dockerfile/analyze-dockerfile.js';
import { applyFixes } from '../../src/core/apply.js';
import { readShebang } from '../../src/shell/parse/shebang.js';
import { decodeSource } from '../../src/core/source.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A build context in a temp folder: `{ 'start.sh': '#!/bin/sh\n…' }` (scripts get mode 755). */
export function context(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ew-df-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (text.startsWith('#!')) chmodSync(path, 0o755);
  }
  return dir;
}

/** What the CLI passes as analyzeScript: shell scripts are analysed, anything else is not a script. */
export async function scriptAnalyzer(file: string, options?: AnalyzeOptions): Promise<ScriptReport | undefined> {
  const source = decodeSource(file, readFileSync(file));
  const shebang = readShebang(source.text, source.bom);
  if (shebang.problems.includes('not-shell')) return undefined;
  return analyzeScript(source, undefined, options);
}

export interface Options {
  files?: Record<string, string>;
  init?: InitChoice;
  dir?: string;
}

export async function analyze(text: string, opts: Options = {}): Promise<DockerfileReport> {
  const dir = opts.dir ?? context(opts.files);
  return analyzeDockerfile(decodeSource(join(dir, 'Dockerfile'), new TextEncoder().encode(text)), {
    context: dir,
    init: opts.init ?? 'tini',
    analyzeScript: scriptAnalyzer,
  });
}

/** Applies every fix in bounded passes (as the fixer does); also returns the report of the result. */
export async function fix(text: string, opts: Options = {}): Promise<{ text: string; after: DockerfileReport; before: DockerfileReport }> {
  const dir = opts.dir ?? context(opts.files);
  const o = { ...opts, dir };
  const before = await analyze(text, o);
  let report = before;
  let current = text;
  for (let pass = 0; pass < 5; pass++) {
    const fixes = report.findings.map((f) => f.fix).filter((f): f is Fix => f !== undefined);
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.text === current) break;
    current = result.text;
    report = await analyze(current, o);
  }
  return { text: current, after: report, before };
}

export function rule(report: DockerfileReport, id: string): Finding[] {
  return report.findings.filter((f) => f.rule === id);
}

export function lineOf(report: DockerfileReport, finding: Finding): number {
  return report.lines.position(finding.start).line;
}
