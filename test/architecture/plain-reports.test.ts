/**
 * Reports are plain data: the shell's syntax tree lives in the parser's wasm memory (the garbage collector does not
 * see it), so analyzeScript makes and frees it itself and no report holds a tree or a node. Two checks: every tree
 * the parser makes is deleted by the time an analysis (or fix) returns or throws, counted at the parser; and a walk
 * of real reports (a script, a Dockerfile with its start script, a Compose file with an inline script) finds no
 * web-tree-sitter Tree or Node anywhere in them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Node, Parser, Tree } from 'web-tree-sitter';
import { analyzeScript, REPORT_SYNTAX_ERRORS } from '../../src/shell/analyze-script.js';
import { fixScript } from '../../src/shell/fix-script.js';
import { analyzeDockerfile } from '../../src/dockerfile/analyze-dockerfile.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { analyzeManifest } from '../../src/manifest/analyze-manifest.js';
import { decodeSource } from '../../src/core/source.js';
import { InputError } from '../../src/core/errors.js';
import { loadShellParser } from '../../src/shell/parse/shell-parser.js';

/** Two programs, a trap and a sourced file: the wrapper fix, the trap facts and the scope are all made. */
const SCRIPT = `#!/bin/sh
set -e
. ./lib.sh
trap 'echo bye' EXIT
redis-server --port 6379 &
setup
node server.js
`;
/** One program piped into a logger: the pipeline wrapper fix. */
const PIPELINE = '#!/bin/sh\nnode server.js 2>&1 | tee -a /var/log/app.log\n';
const LIB = 'setup() {\n  mkdir -p /var/log\n}\n';
const SINGLE = '#!/bin/sh\ncd /srv\ngunicorn app:app\n';
const BROKEN = '#!/bin/sh\nif true; then\n  node server.js\n';

const dir = mkdtempSync(join(tmpdir(), 'ew-plain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'start.sh'), SCRIPT, { mode: 0o755 });
writeFileSync(join(dir, 'single.sh'), SINGLE, { mode: 0o755 });
writeFileSync(join(dir, 'lib.sh'), LIB);
writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nCOPY start.sh lib.sh /app/\nWORKDIR /app\nENTRYPOINT ["/app/start.sh"]\n');
writeFileSync(
  join(dir, 'compose.yaml'),
  'services:\n  web:\n    image: python:3.12\n    command: ["sh", "-c", "cd /srv && python -m http.server 8000"]\n  both:\n    image: debian:12\n    command: ["sh", "-c", "redis-server & node server.js"]\n',
);

const source = (name: string, text?: string) => decodeSource(join(dir, name), text !== undefined ? Buffer.from(text) : readFileSync(join(dir, name)));
const scriptAnalyzer = async (file: string, options?: Parameters<typeof analyzeScript>[2]) => analyzeScript(decodeSource(file, readFileSync(file)), undefined, options);

// Every tree the parser hands out, until it is deleted: counted at web-tree-sitter itself.
const live = new Set<Tree>();
const originalParse = Parser.prototype.parse;
const originalDelete = Tree.prototype.delete;
beforeAll(async () => {
  await loadShellParser();
  Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
    const tree = originalParse.apply(this, args);
    if (tree) live.add(tree);
    return tree;
  };
  Tree.prototype.delete = function (this: Tree) {
    live.delete(this);
    originalDelete.call(this);
  };
});
afterAll(() => {
  Parser.prototype.parse = originalParse;
  Tree.prototype.delete = originalDelete;
});
afterEach(() => live.clear());

/** Paths inside `value` to any web-tree-sitter Tree or Node (through objects, arrays, maps, sets and getters). */
function treesIn(value: unknown, path = 'report', seen = new Set<object>()): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Tree || value instanceof Node) return [`${path} (${value.constructor.name})`];
  const found: string[] = [];
  if (value instanceof Map) for (const [k, v] of value) found.push(...treesIn(k, `${path}<key>`, seen), ...treesIn(v, `${path}.get(${String(k)})`, seen));
  else if (value instanceof Set) for (const v of value) found.push(...treesIn(v, `${path}<item>`, seen));
  else for (const [k, v] of Object.entries(value)) found.push(...treesIn(v, `${path}.${k}`, seen));
  return found;
}

describe('reports hold no syntax tree', () => {
  test('the walk finds a node where one is (so it can fail)', async () => {
    const parser = await loadShellParser();
    const tree = parser.parse('echo hi\n')!;
    try {
      expect(treesIn({ script: { launch: { programs: [{ command: tree.rootNode.firstChild }] } }, scope: new Map([['f', { tree }]]) })).toEqual([
        'report.script.launch.programs.0.command (Node)',
        'report.scope.get(f).tree (Tree)',
      ]);
      expect(live.size, 'the counter sees a tree that is not deleted').toBe(1);
    } finally {
      tree.delete();
    }
    expect(live.size).toBe(0);
  });

  test('a start script: analysis and fix', async () => {
    const report = await analyzeScript(source('start.sh'), undefined, REPORT_SYNTAX_ERRORS);
    expect(report.launcher).toBe('multi');
    expect(report.findings.some((f) => f.fix && f.fix.edits.length > 0), 'the wrapper fix renders after the tree is gone').toBe(true);
    expect(treesIn(report)).toEqual([]);
    expect(live.size, 'trees left alive by analyzeScript').toBe(0);
    const fixed = await fixScript(source('start.sh'), { rules: {}, unsafeFixes: true });
    expect(fixed.changed).toBe(true);
    expect(treesIn(fixed)).toEqual([]);
    expect(live.size, 'trees left alive by fixScript').toBe(0);
    const piped = await analyzeScript(source('pipe.sh', PIPELINE));
    expect(piped.findings.some((f) => f.fix && f.fix.edits.some((e) => e.text.includes('tee'))), 'the pipeline fix renders after the tree is gone').toBe(true);
    expect(treesIn(piped)).toEqual([]);
    expect(live.size).toBe(0);
  });

  test('a script that does not parse: reported, or thrown, and its tree freed either way', async () => {
    const reported = await analyzeScript(source('broken.sh', BROKEN), undefined, REPORT_SYNTAX_ERRORS);
    expect(reported.findings.map((f) => f.rule)).toEqual(['EW118']);
    expect(treesIn(reported)).toEqual([]);
    expect(live.size).toBe(0);
    await expect(analyzeScript(source('broken.sh', BROKEN))).rejects.toBeInstanceOf(InputError);
    expect(live.size, 'trees left alive after an InputError').toBe(0);
  });

  test('a Dockerfile with its start script: analysis and fix', async () => {
    const options = { context: dir, init: 'tini' as const, analyzeScript: scriptAnalyzer };
    const report = await analyzeDockerfile(source('Dockerfile'), options);
    expect(report.scripts.some((s) => s.report?.launcher === 'multi')).toBe(true);
    expect(treesIn(report)).toEqual([]);
    const fixed = await fixDockerfile(source('Dockerfile'), options, report);
    expect(treesIn(fixed)).toEqual([]);
    expect(live.size, 'trees left alive by the Dockerfile analysis').toBe(0);
  });

  test('a Compose file with inline scripts', async () => {
    const report = await analyzeManifest(source('compose.yaml'), { analyzeScript: scriptAnalyzer });
    expect(report.analyzed.containers.some((c) => c.inline?.report)).toBe(true);
    expect(treesIn(report)).toEqual([]);
    expect(live.size, 'trees left alive by the manifest analysis').toBe(0);
  });
});
