/**
 * The rule pages in docs/rules/ are what every finding links to (`docs` in the JSON, the text reporter's hint).
 * These tests keep them complete and honest: one page per rule, every page with the same sections, every link a
 * finding can carry pointing at a page, and every Bad/Good example really behaving as the page says.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { defaultSeverity, type Finding, type FindingKind, type RuleMeta } from '../../src/core/model.js';
import { scriptFileAnalyzer } from '../../src/app/files.js';
import { analyzeDockerfile, type DockerfileReport } from '../../src/dockerfile/analyze-dockerfile.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { fixManifest } from '../../src/manifest/fix-manifest.js';
import { analyzeManifest } from '../../src/manifest/analyze-manifest.js';
import { decodeSource } from '../../src/core/source.js';
import { DOCS_BASE, docsUrl, resolveFinding } from '../../src/report/findings.js';
import { allRules } from '../../src/registry/index.js';
import { loadSamples } from '../helpers/samples.js';
import { codeBlocks, parsePage, type CodeBlock } from './markdown.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RULES_DIR = join(ROOT, 'docs', 'rules');
const SECTIONS = ['What', 'Why', 'Bad', 'Good', 'Fix', 'Ignoring'];
const SHELL_LANGS = new Set(['sh', 'bash']);
/** Rules whose findings are not on a command, so a line ignore does not reach them (their pages say so). */
const LINE_IGNORE_DOES_NOT_APPLY = new Set(['EW100', 'EW115', 'EW116', 'EW117', 'EW119']);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function page(id: string) {
  return parsePage(readFileSync(join(RULES_DIR, `${id}.md`), 'utf8'));
}

function scriptText(block: CodeBlock): string {
  return block.flags.has('crlf') ? block.text.replace(/\r?\n/g, '\r\n') : block.text;
}

/** As `check` analyses: a script that does not parse is a report with EW118, not an error. */
async function analyzeExample(block: CodeBlock) {
  return analyzeScript(decodeSource('start.sh', new TextEncoder().encode(scriptText(block))), undefined, { syntaxErrors: 'report' });
}

/** A build context holding the section's `file=` blocks; the Dockerfile itself is analysed from there. */
function contextFor(blocks: CodeBlock[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ew-docs-'));
  made.push(dir);
  for (const b of blocks) {
    if (!b.file) continue;
    const path = join(dir, b.file);
    writeFileSync(path, scriptText(b));
    if (b.text.startsWith('#!')) chmodSync(path, 0o755);
  }
  return dir;
}

function dockerOptions(dir: string) {
  return { context: dir, init: 'tini' as const, analyzeScript: scriptFileAnalyzer(undefined, { syntaxErrors: 'report' }), syntaxErrors: 'report' as const };
}

async function analyzeDockerExample(block: CodeBlock, dir: string): Promise<DockerfileReport> {
  return analyzeDockerfile(decodeSource(join(dir, 'Dockerfile'), new TextEncoder().encode(block.text)), dockerOptions(dir));
}

const ids = allRules.map((r) => r.id).sort();

describe('one page per rule', () => {
  it('the docs/rules/EW*.md files are exactly the rules in the registry', () => {
    const pages = readdirSync(RULES_DIR)
      .filter((f) => /^EW\d+\.md$/.test(f))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(ids);
  });

  it('docs/rules/README.md and README.md list every rule, linked, with its name and each kind\'s severity and fix', () => {
    for (const [file, base] of [[join(RULES_DIR, 'README.md'), ''], [join(ROOT, 'README.md'), 'docs/rules/']] as const) {
      const text = readFileSync(file, 'utf8');
      const rows = [...text.matchAll(/^\| \[(EW\d{3})\]\(([^)]+)\) \| `([a-z0-9-]+)` \| (.+?) \| (safe|unsafe|safe, unsafe|none) \| .+ \|$/gm)].map((m) => ({
        id: m[1],
        link: m[2],
        name: m[3],
        kinds: m[4]!.split('<br>').map((k) => /^`([a-z0-9-]+)`: (error|warning|info), (safe fix|unsafe fix|no fix)$/.exec(k)?.slice(1)),
      }));
      expect(rows, file).toEqual(
        allRules.map((r) => ({
          id: r.id,
          link: `${base}${r.id}.md`,
          name: r.name,
          kinds: Object.entries<FindingKind>(r.kinds).map(([name, k]) => [name, k.severity, k.fix === 'none' ? 'no fix' : `${k.fix} fix`]),
        })),
      );
    }
  });

  it('docsUrl points into docs/rules on the main branch', () => {
    expect(docsUrl('EW101')).toBe(`${DOCS_BASE}/EW101.md`);
    expect(DOCS_BASE).toMatch(/\/blob\/main\/docs\/rules$/);
  });
});

describe.each(allRules.map((r) => [r.id, r] as const))('%s page', (id, rule) => {
  const script = id.startsWith('EW1');
  const manifest = id.startsWith('EW3');
  const exampleLang = script ? undefined : manifest ? 'yaml' : 'dockerfile';

  it('has the title, the severity and fixability line and every section', () => {
    const p = page(id);
    expect(p.title).toBe(`${id}: ${rule.name}`);
    const meta = /^\*\*Severity:\*\* (error|warning|info)\b.*\*\*Fixable:\*\* (yes|unsafe|no)\b/m.exec(p.intro);
    expect(meta, 'a "**Severity:** … **Fixable:** …" line under the title').not.toBeNull();
    expect(meta![1], 'the severity named first is the rule\'s default').toBe(defaultSeverity(rule));
    expect(meta![2]).toBe(fixColumn(rule));
    expect([...p.sections.keys()]).toEqual(SECTIONS);
    for (const name of SECTIONS) expect(p.sections.get(name)!.trim(), `section ${name}`).not.toBe('');
    for (const name of ['Bad', 'Good']) {
      const langs = codeBlocks(p.sections.get(name)!).map((b) => b.lang);
      expect(langs.filter((l) => SHELL_LANGS.has(l) || l === 'dockerfile' || l === 'yaml' || l === 'text'), `code in ${name}`).not.toEqual([]);
    }
  });

  it('says how to silence it', () => {
    const ignoring = page(id).sections.get('Ignoring')!;
    expect(ignoring).toContain(`# execwrap ignore=${id}`);
    expect(ignoring).toContain(`# execwrap ignore-file=${id}`);
  });

  test('the ignore comments the page shows really silence the Bad examples', async () => {
    const p = page(id);
    const blocks = codeBlocks(p.sections.get('Bad')!);
    const examples = blocks.filter((b) => (script ? SHELL_LANGS.has(b.lang) : b.lang === exampleLang));
    const dir = contextFor(blocks);
    const findingsOf = async (block: CodeBlock) => {
      if (script) {
        const report = await analyzeExample(block);
        return report.findings.filter((f) => f.rule === id).map((f) => report.script.lines.position(f.start).line);
      }
      if (manifest) {
        const report = await analyzeManifest(decodeSource(join(dir, 'manifest.yaml'), new TextEncoder().encode(block.text)));
        return report.findings.filter((f) => f.rule === id).map((f) => report.lines.position(f.start).line);
      }
      const report = await analyzeDockerExample(block, dir);
      return report.findings.filter((f) => f.rule === id).map((f) => report.lines.position(f.start).line);
    };
    for (const bad of examples) {
      const lines = bad.text.split('\n');
      // A file that was never checked must not pass as clean: neither comment silences these rules.
      if (rule.fatal) {
        expect(p.sections.get('Ignoring'), 'the page says it cannot be silenced').toMatch(/cannot be silenced/);
        const withFile = [`# execwrap ignore-file=${id}`, `# execwrap ignore=${id}`, ...lines].join('\n');
        expect(await findingsOf({ ...bad, text: withFile }), `ignore comments in:\n${withFile}`).not.toEqual([]);
        continue;
      }
      // ignore-file: after the shebang (scripts) or at the top (Dockerfiles).
      const at = script && lines[0]!.startsWith('#!') ? 1 : 0;
      const withFile = [...lines.slice(0, at), `# execwrap ignore-file=${id}`, ...lines.slice(at)].join('\n');
      expect(await findingsOf({ ...bad, text: withFile }), `ignore-file in:\n${withFile}`).toEqual([]);
      // ignore: on the line before each finding, with that line's indentation. Not for findings that are not on a
      // command (an ignore comment, the first line ending, the #! line, a line the parser cannot read): the page
      // says so.
      if (LINE_IGNORE_DOES_NOT_APPLY.has(id)) {
        expect(p.sections.get('Ignoring')).toMatch(/does not|only/);
        continue;
      }
      const found = [...new Set(await findingsOf(bad))].sort((a, b) => b - a);
      expect(found.length).toBeGreaterThan(0);
      const edited = [...lines];
      for (const line of found) edited.splice(line - 1, 0, `${/^[ \t]*/.exec(lines[line - 1]!)![0]}# execwrap ignore=${id}`);
      expect(await findingsOf({ ...bad, text: edited.join('\n') }), `ignore in:\n${edited.join('\n')}`).toEqual([]);
    }
  });

  if (script) {
    test('each Bad example produces the finding, each Good example does not (and has no error)', async () => {
      const p = page(id);
      const bad = codeBlocks(p.sections.get('Bad')!).filter((b) => SHELL_LANGS.has(b.lang));
      const good = codeBlocks(p.sections.get('Good')!).filter((b) => SHELL_LANGS.has(b.lang));
      expect(bad.length, 'a sh/bash Bad example').toBeGreaterThan(0);
      expect(good.length, 'a sh/bash Good example').toBeGreaterThan(0);
      for (const b of bad) {
        const report = await analyzeExample(b);
        expect(report.findings.map((f) => f.rule), `Bad:\n${b.text}`).toContain(id);
      }
      for (const g of good) {
        const report = await analyzeExample(g);
        expect(report.findings.map((f) => f.rule), `Good:\n${g.text}`).not.toContain(id);
        expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.rule), `errors in Good:\n${g.text}`).toEqual([]);
        if (g.flags.has('fixed')) {
          expect(bad.length, 'a `fixed` Good block follows exactly one Bad block').toBe(1);
          const fixed = await fixScript(decodeSource('start.sh', new TextEncoder().encode(scriptText(bad[0]!))));
          expect(fixed.text, 'what execwrap fix writes').toBe(scriptText(g));
        }
      }
    });
  } else if (manifest) {
    test('each Bad manifest produces the finding, each Good one does not', async () => {
      const p = page(id);
      const bad = codeBlocks(p.sections.get('Bad')!).filter((b) => b.lang === 'yaml');
      const good = codeBlocks(p.sections.get('Good')!).filter((b) => b.lang === 'yaml');
      expect(bad.length, 'a YAML Bad example').toBeGreaterThan(0);
      expect(good.length, 'a YAML Good example').toBeGreaterThan(0);
      const analyze = (text: string) => analyzeManifest(decodeSource('manifest.yaml', new TextEncoder().encode(text)));
      for (const b of bad) expect((await analyze(b.text)).findings.map((f) => f.rule), `Bad:\n${b.text}`).toContain(id);
      for (const g of good) {
        expect((await analyze(g.text)).findings.map((f) => f.rule), `Good:\n${g.text}`).not.toContain(id);
        if (g.flags.has('fixed')) {
          expect(bad.length, 'a `fixed` Good block follows exactly one Bad block').toBe(1);
          const fixed = await fixManifest(decodeSource('manifest.yaml', new TextEncoder().encode(bad[0]!.text)));
          expect(fixed.text, 'what execwrap fix writes').toBe(g.text);
        }
      }
    });
  } else {
    test('each Bad Dockerfile produces the finding, each Good one does not', async () => {
      const p = page(id);
      const badBlocks = codeBlocks(p.sections.get('Bad')!);
      const goodBlocks = codeBlocks(p.sections.get('Good')!);
      const bad = badBlocks.filter((b) => b.lang === 'dockerfile');
      const good = goodBlocks.filter((b) => b.lang === 'dockerfile');
      expect(bad.length, 'a Dockerfile Bad example').toBeGreaterThan(0);
      expect(good.length, 'a Dockerfile Good example').toBeGreaterThan(0);
      const badDir = contextFor(badBlocks);
      const goodDir = contextFor(goodBlocks);
      for (const b of bad) {
        const report = await analyzeDockerExample(b, badDir);
        expect(report.findings.map((f) => f.rule), `Bad:\n${b.text}`).toContain(id);
      }
      for (const g of good) {
        const report = await analyzeDockerExample(g, goodDir);
        expect(report.findings.map((f) => f.rule), `Good:\n${g.text}`).not.toContain(id);
        if (g.flags.has('fixed')) {
          expect(bad.length, 'a `fixed` Good block follows exactly one Bad block').toBe(1);
          const fixed = await fixDockerfile(decodeSource(join(badDir, 'Dockerfile'), new TextEncoder().encode(bad[0]!.text)), dockerOptions(badDir));
          expect(fixed.text, 'what execwrap fix writes').toBe(g.text);
        }
      }
    });
  }
});

describe('every link a finding carries resolves to a page', () => {
  const samples = loadSamples().filter((s) => s.expect.status !== 'error');
  const seen = new Set<string>();

  function checkLinks(lines: Parameters<typeof resolveFinding>[0], findings: Finding[], where: string): void {
    for (const finding of findings) {
      const { docs, rule } = resolveFinding(lines, finding);
      const url = new URL(docs);
      const path = url.pathname.replace(/^\/execwrap\/execwrap\/blob\/main\//, '');
      expect(url.host, where).toBe('github.com');
      expect(path, where).toBe(`docs/rules/${rule}.md`);
      expect(existsSync(join(ROOT, path)), `${where}: ${path}`).toBe(true);
      seen.add(rule);
    }
  }

  test.each(samples.map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
    const scriptPath = join(sample.dir, sample.script);
    const report = await analyzeScript(decodeSource(scriptPath, readFileSync(scriptPath)));
    checkLinks(report.script.lines, report.findings, scriptPath);
    const dockerfile = join(sample.dir, 'Dockerfile');
    if (existsSync(dockerfile)) {
      const df = await analyzeDockerfile(decodeSource(dockerfile, readFileSync(dockerfile)), { context: sample.dir, init: 'tini', analyzeScript: scriptFileAnalyzer() });
      checkLinks(df.lines, df.findings, dockerfile);
    }
  });

  it('the samples exercise links of several rules (the check above is not vacuous)', () => {
    expect(seen.size).toBeGreaterThan(5);
  });
});

/** How the docs name a rule's fix: `yes` (safe), `unsafe` (applied with --unsafe-fixes) or `no`. */
function fixColumn(rule: RuleMeta): string {
  const fixes = Object.values<FindingKind>(rule.kinds).map((k) => k.fix);
  return fixes.includes('safe') ? 'yes' : fixes.includes('unsafe') ? 'unsafe' : 'no';
}
