/**
 * The parts of the docs that are data, not prose: the rules tables (README.md, docs/rules/README.md), the kinds of
 * finding on each rule page, and the samples table (samples/README.md). Each lives between two marker comments and
 * is rewritten from the registry and the sample.json files by `npm run docs:generate`; test/docs/generated.test.ts
 * fails when a file drifts from what this module renders.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingKind, RuleMeta } from '../../src/core/model.js';

export const GENERATE_COMMAND = 'npm run docs:generate';

/** One generated region of one file. */
export interface Region {
  /** Relative to the repository root. */
  file: string;
  name: string;
  render(): string;
}

export interface SampleJson {
  name: string;
  script: string;
  shell: string;
  expect: { launcher: string; status: string; rules?: string[]; dockerfileRules?: string[] };
  runnable: boolean;
  covers?: string;
}

const FIX_WORDS: Record<FindingKind['fix'], string> = { safe: 'safe fix', unsafe: 'unsafe fix', none: 'no fix' };

function kindsOf(rule: RuleMeta): [string, FindingKind][] {
  return Object.entries<FindingKind>(rule.kinds);
}

/** `background`: error, safe fix; one line per kind of finding, in the order the rule declares them. */
export function kindsCell(rule: RuleMeta): string {
  return kindsOf(rule)
    .map(([name, kind]) => `\`${name}\`: ${kind.severity}, ${FIX_WORDS[kind.fix]}`)
    .join('<br>');
}

/** The rule's fix kinds, summed up: `safe`, `unsafe`, `safe, unsafe` or `none`. */
export function fixSummary(rule: RuleMeta): string {
  const fixes = new Set(kindsOf(rule).map(([, kind]) => kind.fix));
  const kinds = (['safe', 'unsafe'] as const).filter((fix) => fixes.has(fix));
  return kinds.length > 0 ? kinds.join(', ') : 'none';
}

/** A table cell: pipes escaped, so a description with `a | b` stays one cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The rules table: README links to docs/rules/, docs/rules/README.md to its neighbours. */
export function rulesTable(rules: readonly RuleMeta[], linkBase: string): string {
  const lines = ['| ID | name | kinds of finding: severity, fix | fix | what it finds |', '|---|---|---|---|---|'];
  for (const rule of rules) {
    lines.push(`| [${rule.id}](${linkBase}${rule.id}.md) | \`${rule.name}\` | ${kindsCell(rule)} | ${fixSummary(rule)} | ${cell(rule.description)} |`);
  }
  return lines.join('\n');
}

/** A rule page's list of its kinds of finding, with the fix each carries (Ruff's fix title). */
export function kindsList(rule: RuleMeta): string {
  const lines = ['| kind of finding | severity | fix |', '|---|---|---|'];
  for (const [name, kind] of kindsOf(rule)) {
    const fix = kind.fix === 'none' ? 'none' : `${kind.fix}: ${kind.fixTitle ?? 'yes'}`;
    lines.push(`| \`${name}\` | ${kind.severity} | ${cell(fix)} |`);
  }
  return lines.join('\n');
}

export function samplesTable(samples: readonly SampleJson[]): string {
  const lines = ['| sample | script | shell | launcher | status | rules (script; Dockerfile) | runnable | covers |', '|---|---|---|---|---|---|---|---|'];
  for (const s of samples) {
    const ids = (list: string[] | undefined) => (list && list.length > 0 ? list.join(', ') : '-');
    const rules = s.expect.dockerfileRules ? `${ids(s.expect.rules)}; ${ids(s.expect.dockerfileRules)}` : ids(s.expect.rules);
    lines.push(
      `| [${s.name}](${s.name}/) | \`${s.script}\` | ${s.shell} | ${s.expect.launcher} | ${s.expect.status} | ${rules} | ${s.runnable ? 'yes' : 'no'} | ${cell(s.covers ?? '')} |`,
    );
  }
  return lines.join('\n');
}

/** `multi/fixable: 31, multi/ok: 5, …`, sorted. */
export function samplesTotals(samples: readonly SampleJson[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = `${s.expect.launcher}/${s.expect.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const totals = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}: ${n}`);
  return `${samples.length} samples. Totals (launcher/status): ${totals.join(', ')}.`;
}

/** Every sample folder with a sample.json, sorted by name. */
export function readSamples(root: string): SampleJson[] {
  const dir = join(root, 'samples');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'sample.json')))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ ...(JSON.parse(readFileSync(join(dir, name, 'sample.json'), 'utf8')) as Omit<SampleJson, 'name'>), name }));
}

export function regions(rules: readonly RuleMeta[], root: string): Region[] {
  const samples = readSamples(root);
  return [
    { file: 'README.md', name: 'rules-table', render: () => rulesTable(rules, 'docs/rules/') },
    { file: 'docs/rules/README.md', name: 'rules-table', render: () => rulesTable(rules, '') },
    ...rules.map((rule) => ({ file: `docs/rules/${rule.id}.md`, name: 'rule-kinds', render: () => kindsList(rule) })),
    { file: 'samples/README.md', name: 'samples-totals', render: () => samplesTotals(samples) },
    { file: 'samples/README.md', name: 'samples-table', render: () => samplesTable(samples) },
  ];
}

const START = (name: string) => `<!-- ${name}:start (generated by \`${GENERATE_COMMAND}\`; do not edit) -->`;
const END = (name: string) => `<!-- ${name}:end -->`;

/** The text with the region's content replaced; throws when the markers are missing. */
export function replaceRegion(text: string, file: string, name: string, content: string): string {
  const start = text.indexOf(START(name));
  const end = text.indexOf(END(name));
  if (start === -1 || end === -1 || end < start) throw new Error(`${file}: no ${START(name)} … ${END(name)} markers`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = content.replace(/\n/g, eol);
  return `${text.slice(0, start)}${START(name)}${eol}${body}${eol}${text.slice(end)}`;
}

/** Each file as the regions make it, by relative path (files with no change included). */
export function renderAll(rules: readonly RuleMeta[], root: string): Map<string, { before: string; after: string }> {
  const files = new Map<string, { before: string; after: string }>();
  for (const region of regions(rules, root)) {
    const entry = files.get(region.file) ?? (() => {
      const text = readFileSync(join(root, region.file), 'utf8');
      return { before: text, after: text };
    })();
    entry.after = replaceRegion(entry.after, region.file, region.name, region.render());
    files.set(region.file, entry);
  }
  return files;
}

/** Rewrites the files whose generated regions drifted; returns their paths. */
export function writeAll(rules: readonly RuleMeta[], root: string): string[] {
  const written: string[] = [];
  for (const [file, { before, after }] of renderAll(rules, root)) {
    if (before === after) continue;
    writeFileSync(join(root, file), after);
    written.push(file);
  }
  return written;
}
