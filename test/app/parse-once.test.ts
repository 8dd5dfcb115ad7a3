/**
 * Each file is parsed once per run: migrate fixes a start script from the analysis its Dockerfile's pass made (not a
 * second parse), and check's sarif/markdown fixes start from the reports the check made. Counted by wrapping the
 * two parsers (tree-sitter for scripts, dockerfile-ast for Dockerfiles): a text of a file of the repository
 * parsed twice fails the test. The fix passes parse the fixed texts (left out: a sample can be another's fixed
 * text). Two files have a second role, each parsed once more for it: a library a script sources that is also
 * checked as a start script of its own, and a Dockerfile a Compose file builds (the manifest pass reads it on the
 * main thread, once per run, while its own pass may have run in a worker).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const parses = vi.hoisted(() => new Map<string, number>());
const count = (text: string) => parses.set(text, (parses.get(text) ?? 0) + 1);

vi.mock('../../src/shell/parse/shell-parser.js', async (original) => {
  const real = await original<typeof import('../../src/shell/parse/shell-parser.js')>();
  return {
    ...real,
    parseShell: (text: string) => {
      count(text);
      return real.parseShell(text);
    },
  };
});
vi.mock('../../src/dockerfile/analyze/parse.js', async (original) => {
  const real = await original<typeof import('../../src/dockerfile/analyze/parse.js')>();
  return {
    ...real,
    parseDockerfile: (...args: Parameters<typeof real.parseDockerfile>) => {
      count(args[0]);
      return real.parseDockerfile(...args);
    },
  };
});

const { planMigration } = await import('../../src/app/migrate.js');
const { checkPaths, withFix } = await import('../../src/app/check.js');
const { DEFAULT_SETTINGS } = await import('../../src/core/settings.js');

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = [join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].find((dir) => existsSync(join(dir, 'manifest.tsv')));

let repo: string;
/** Every file of the repository, by its text (a text two files share is counted once per file). */
const texts = new Map<string, string[]>();
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'execwrap-parse-once-'));
  cpSync(join(ROOT, 'samples'), join(repo, 'samples'), { recursive: true, filter: (src) => !src.includes('/expected') });
  if (CORPUS) cpSync(CORPUS, join(repo, 'corpus'), { recursive: true });
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else texts.set(readFileSync(path, 'utf8'), [...(texts.get(readFileSync(path, 'utf8')) ?? []), path]);
    }
  };
  walk(repo);
});
beforeEach(() => parses.clear());

const SECOND_ROLE = ['samples/sourced-function-launch/entrypoint-lib.sh', 'samples/manifests/compose-build-node/web/Dockerfile', 'samples/repo-templates-and-contexts/distroless/node/Dockerfile', 'samples/repo-templates-and-contexts/distroless/python/Dockerfile', 'samples/repo-templates-and-contexts/services/api/deploy/Dockerfile'];

/** Files of the repository whose text was parsed more often than files have it (`fixed`: texts fixes made). */
function parsedTwice(fixed: ReadonlySet<string>): string[] {
  const twice: string[] = [];
  for (const [text, n] of parses) {
    const files = texts.get(text);
    if (!files || fixed.has(text)) continue;
    const allowed = files.length + files.filter((file) => SECOND_ROLE.some((role) => file.endsWith(role))).length;
    if (n > allowed) twice.push(`${files.join(', ')} (${n} parses)`);
  }
  return twice;
}

describe('one parse per file', () => {
  it('migrate: the Dockerfile pass hands its script analysis to the fix', async () => {
    const plan = await planMigration(repo, { init: 'tini', output: 'write', jobs: 1 });
    expect(plan.changes.length).toBeGreaterThan(20);
    expect(parses.size).toBeGreaterThan(100);
    expect(parsedTwice(new Set(plan.changes.map((change) => Buffer.from(change.after!).toString('utf8'))))).toEqual([]);
  });

  it('check with the fixes sarif and markdown show: the fixes start from the check', async () => {
    const settings = { ...DEFAULT_SETTINGS, baseDir: repo };
    const result = await checkPaths([repo], { alone: {}, allScripts: true, fixes: 'edits', jobs: 1 }, settings, { error: () => {}, note: () => {} });
    const checked = await Promise.all(result.results.map((file) => withFix(file, result.fixes.get(file.report), {}, settings)));
    expect(result.results.length).toBeGreaterThan(100);
    expect(parsedTwice(new Set(checked.flatMap((c) => [c.after, c.suggested ?? ''])))).toEqual([]);
  });
});
