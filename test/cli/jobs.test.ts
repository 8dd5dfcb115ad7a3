/**
 * `--jobs`: check and migrate share the files out over worker threads, and what they print does not depend on
 * how many: stdout, stderr and the exit code of `--jobs 2` and `--jobs 3` are byte for byte those of `--jobs 1`
 * (no worker at all), for every output format, over the samples and, where it is present, the corpus of real start
 * scripts (../shared/corpus). `-v` proves the workers were used (a run that quietly stayed on one thread would pass
 * the comparison without testing anything).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const CORPUS = [join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].find((dir) => existsSync(join(dir, 'manifest.tsv')));

function execwrap(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' }, maxBuffer: 1 << 28 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The samples (without their golden outputs) and the corpus, as one repository. */
let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'execwrap-jobs-'));
  cpSync(join(ROOT, 'samples'), join(repo, 'samples'), { recursive: true, filter: (src) => !src.includes('/expected') });
  if (CORPUS) cpSync(CORPUS, join(repo, 'corpus'), { recursive: true });
  else console.warn('NOT VERIFIED: --jobs over the corpus of real start scripts (../shared/corpus is not beside this checkout); the samples only');
});

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github'];

describe('--jobs gives the output of one thread', () => {
  it('check uses worker threads over this many files (-v says so)', () => {
    expect(execwrap(['check', '-v', '--jobs', '2', '.'], repo).stderr).toContain('execwrap: files shared out over the main thread and 1 worker thread(s)');
    expect(execwrap(['check', '-v', '--jobs', '1', '.'], repo).stderr).not.toContain('worker thread');
  });

  it('migrate uses worker threads over this many files (-v says so)', () => {
    expect(execwrap(['migrate', '-v', '--check', '--jobs', '3', '.'], repo).stderr).toContain('execwrap: files shared out over the main thread and 2 worker thread(s)');
  });

  it.each(FORMATS)('check --format %s', (format) => {
    const one = execwrap(['check', '--all-scripts', '--format', format, '--jobs', '1', '.'], repo);
    expect(one.stdout.length).toBeGreaterThan(1000);
    // Three runners (two workers) once: the batches then interleave across more than two threads.
    for (const jobs of format === 'json' ? ['2', '3'] : ['2']) expect(execwrap(['check', '--all-scripts', '--format', format, '--jobs', jobs, '.'], repo)).toEqual(one);
  });

  it.each([['--diff'], ['--check'], [], ...FORMATS.map((format) => ['--format', format])])('migrate %s', (...mode: string[]) => {
    const one = execwrap(['migrate', ...mode, '--jobs', '1', '.'], repo);
    if (mode[0] !== '--check') expect(one.stdout.length).toBeGreaterThan(1000);
    for (const jobs of mode[0] === '--diff' ? ['2', '3'] : ['2']) expect(execwrap(['migrate', ...mode, '--jobs', jobs, '.'], repo)).toEqual(one);
  });

  it('--jobs takes a whole number, 1 or more', () => {
    const r = execwrap(['check', '--jobs', '0', '.'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a whole number of threads, 1 or more');
  });
});
