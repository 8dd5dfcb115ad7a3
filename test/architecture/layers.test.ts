/**
 * The layers of src/ point one way (bottom first): core ← shell ← dockerfile ← manifest ← registry ← report ← app ←
 * cli. A module imports its own layer and the layers below; no two folders import each other; no import cycle,
 * type-only and dynamic imports included. The helpers are tested on made-up graphs first, so a broken check cannot
 * pass by finding nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles, importEdges, layerOf, LAYERS, mutualFolders, SRC, type ImportEdge } from './import-graph.js';

const rank = (path: string): number => (LAYERS as readonly string[]).indexOf(layerOf(path));
const upward = (edges: readonly ImportEdge[]) => edges.filter((e) => rank(e.to) > rank(e.from)).map((e) => `${e.from} -> ${e.to}`);

describe('the checks catch what they are for', () => {
  const edges: ImportEdge[] = [
    { from: 'core/a.ts', to: 'shell/b.ts' },
    { from: 'shell/b.ts', to: 'shell/parse/c.ts' },
    { from: 'shell/parse/c.ts', to: 'shell/b.ts' },
    { from: 'app/x.ts', to: 'core/a.ts' },
  ];
  test('an import from a lower layer into a higher one', () => {
    expect(upward(edges)).toEqual(['core/a.ts -> shell/b.ts']);
  });
  test('two folders importing each other', () => {
    expect(mutualFolders(edges)).toEqual(['shell <-> shell/parse']);
  });
  test('a cycle of files', () => {
    expect(importCycles(edges)).toEqual([['shell/b.ts', 'shell/parse/c.ts']]);
  });
  test('does not catch a graph that points one way', () => {
    const clean = edges.filter((e) => e.from !== 'core/a.ts' && e.from !== 'shell/parse/c.ts');
    expect([upward(clean), mutualFolders(clean), importCycles(clean)]).toEqual([[], [], []]);
  });
});

describe('src/', () => {
  const edges = importEdges();

  test('the graph is read (sanity: the CLI reaches the shell parser)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'cli/main.ts' }));
    expect(edges.some((e) => e.to === 'shell/parse/shell-parser.ts')).toBe(true);
  });

  test('every file is in a layer', () => {
    const top = readdirSync(SRC, { withFileTypes: true }).map((e) => e.name);
    expect(top.filter((name) => !(LAYERS as readonly string[]).includes(name))).toEqual([]);
  });

  test('no import points up a layer', () => {
    expect(upward(edges)).toEqual([]);
  });

  test('no two folders import each other', () => {
    expect(mutualFolders(edges)).toEqual([]);
  });

  test('no import cycle, type-only imports included', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  test('the core imports nothing of the rest', () => {
    expect(edges.filter((e) => layerOf(e.from) === 'core' && layerOf(e.to) !== 'core')).toEqual([]);
    expect(readdirSync(join(SRC, 'core')).length).toBeGreaterThan(0);
  });
});
