/**
 * Every relative link in the docs points at a file of the repository (not at one machine's path), and every
 * `#anchor` at a heading of its target: README.md, CONTRIBUTING.md, docs/**, samples/README.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

const FILES = [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md'), join(ROOT, 'samples', 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

export interface Link {
  target: string;
  line: number;
}

/** Markdown links `[text](target)`, outside fenced code and code spans. */
export function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  let fenced = false;
  markdown.split('\n').forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    const line = raw.replace(/(`+)[\s\S]*?\1/g, '');
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) links.push({ target: m[1]!, line: index + 1 });
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with a link, or undefined when it resolves. */
export function brokenLink(from: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:: not checked here
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const file = path === '' ? from : resolve(dirname(from), decodeURIComponent(path));
  if (!existsSync(file)) return `${target}: no such file (${relative(ROOT, file) || file})`;
  if (relative(ROOT, file).startsWith('..')) return `${target}: outside the repository`;
  if (anchor !== undefined && anchor !== '' && statSync(file).isFile() && file.endsWith('.md')) {
    if (!anchorsOf(readFileSync(file, 'utf8')).has(anchor)) return `${target}: no heading #${anchor} in ${relative(ROOT, file)}`;
  }
  return undefined;
}

/** Paths written in code spans: repository paths (`src/…`, `test/…`) that must exist, and absolute machine paths. */
export function pathsInCode(markdown: string): Link[] {
  const paths: Link[] = [];
  markdown.split('\n').forEach((line, index) => {
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const path = m[1]!;
      // Patterns and placeholders (`EW1xx-*.ts`, `samples/<name>/`) name no one file.
      if (/[*<>]|xx/.test(path)) continue;
      if (/^(src|test|docs|templates|samples|bench|schema|\.ci)\/[^\s]*[^.,:;]$/.test(path) || /^\/(work|home|Users|root|tmp)\//.test(path)) {
        paths.push({ target: path, line: index + 1 });
      }
    }
  });
  return paths;
}

describe('relative links in the docs resolve', () => {
  it.each(FILES.map((f) => [relative(ROOT, f), f] as const))('%s', (_name, file) => {
    const broken = linksIn(readFileSync(file, 'utf8')).flatMap(({ target, line }) => {
      const why = brokenLink(file, target);
      return why ? [`line ${line}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it.each(FILES.map((f) => [relative(ROOT, f), f] as const))('%s: paths in code spans exist in the repository', (_name, file) => {
    const broken = pathsInCode(readFileSync(file, 'utf8')).flatMap(({ target, line }) => {
      if (target.startsWith('/')) return [`line ${line}: ${target} is a path on one machine`];
      return existsSync(join(ROOT, target)) ? [] : [`line ${line}: ${target}: no such file in the repository`];
    });
    expect(broken).toEqual([]);
  });

  it('the checker finds what is broken: a missing file, a path outside the repository, a missing anchor', () => {
    const readme = join(ROOT, 'README.md');
    expect(brokenLink(readme, 'docs/wrapper.md')).toBeUndefined();
    expect(brokenLink(readme, 'test/render/no-such.test.ts')).toMatch(/no such file/);
    expect(brokenLink(readme, '/work/shared/SHELL-FACTS.md')).toBeDefined();
    expect(brokenLink(readme, '#rules')).toBeUndefined();
    expect(brokenLink(readme, '#no-such-heading')).toMatch(/no heading/);
    expect(linksIn('a [x](y.md) `[z](w.md)`\n```\n[q](r.md)\n```\n').map((l) => l.target)).toEqual(['y.md']);
    expect(pathsInCode('see `src/core/model.ts`, `/work/shared/x.md`, `samples/<name>/` and `npm test`').map((l) => l.target)).toEqual(['src/core/model.ts', '/work/shared/x.md']);
    expect([...anchorsOf('# A `b` c\n## Exit codes\n## Exit codes\n')]).toEqual(['a-b-c', 'exit-codes', 'exit-codes-1']);
  });
});
