import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { scriptFileAnalyzer } from '../../src/app/files.js';
import { analyzeDockerfile } from '../../src/dockerfile/analyze-dockerfile.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { decodeSource, encodeSource, type SourceFile } from '../../src/core/source.js';
import { unifiedDiff } from '../../src/report/diff.js';
import type { FileReport } from '../../src/report/file-report.js';
import { SAMPLES_DIR } from '../helpers/samples.js';

/** Paths in reports are relative to the repository root, as `execwrap check samples` run there prints them. */
export const REPO_ROOT = join(SAMPLES_DIR, '..');
export const GOLDEN_DIR = join(import.meta.dirname, 'golden');

/** A checked file with what every reporter test needs: the report, the original, and what `execwrap fix` writes. */
export interface Checked {
  file: FileReport;
  source: SourceFile;
  /** `execwrap fix` output as text (no BOM), all passes. */
  fixed: string;
  /** The unified diff `execwrap fix --diff` prints (bytes as on disk, BOM included). */
  diff: string;
}

/** The samples the reporter tests run on, each chosen for what it exercises. */
export const SAMPLE_FILES = [
  'samples/nginx-php-fpm-bg-wait/start.sh', // multi: the forwarding wrapper, several edits in one fix
  'samples/django-gunicorn-no-exec/docker-entrypoint.sh', // single: one `exec`
  'samples/exec-gunicorn-ok/start.sh', // ok: no findings
  'samples/dind-nohup-subshell/docker-entrypoint.sh', // unfixable: a detached helper
  'samples/utf8-bom/entrypoint.sh', // BOM and a non-ASCII character before the finding
  'samples/exec-redirect-only/start.sh', // an info finding (EW108) beside an error
  'samples/node-express-sh-no-exec/Dockerfile', // Dockerfile: EW201 and EW204, both fixable
  'samples/syntax-error-lone-ampersand/start.sh', // does not parse: EW118, nothing else
  'samples/syntax-error-lone-ampersand/Dockerfile', // runs that script: EW208, nothing else
] as const;

/** As `check` analyses: a file that does not parse is a report with EW118 or EW208, not an error. */
const REPORT = { syntaxErrors: 'report' } as const;

export async function check(path: string): Promise<Checked> {
  const bytes = readFileSync(join(REPO_ROOT, path));
  const source = decodeSource(path, bytes);
  let file: FileReport;
  let fixed: string;
  if (path.endsWith('Dockerfile')) {
    const options = { context: join(REPO_ROOT, path, '..'), init: 'tini' as const, analyzeScript: scriptFileAnalyzer(undefined, REPORT), ...REPORT };
    const report = await analyzeDockerfile(source, options);
    file = { path, type: 'dockerfile', report };
    fixed = (await fixDockerfile(source, options)).text;
  } else {
    file = { path, type: 'script', report: await analyzeScript(source, undefined, REPORT) };
    fixed = (await fixScript(source, undefined, REPORT)).text;
  }
  const diff = unifiedDiff(path, bytes.toString('utf8'), encodeSource(source, fixed).toString('utf8'));
  return { file, source, fixed, diff };
}

export async function checkAll(paths: readonly string[] = SAMPLE_FILES): Promise<Checked[]> {
  const out: Checked[] = [];
  for (const path of paths) out.push(await check(path));
  return out;
}
