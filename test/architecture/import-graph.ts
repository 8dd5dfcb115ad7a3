/**
 * The import graph of src/, types and dynamic imports included, read with TypeScript's own pre-processor so that
 * the test sees exactly the module specifiers the compiler resolves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export const SRC = join(dirname(new URL(import.meta.url).pathname), '..', '..', 'src');

/** The layers, bottom first: a module may import its own layer and the layers below it, never above. */
export const LAYERS = ['core', 'shell', 'dockerfile', 'manifest', 'registry', 'report', 'app', 'cli'] as const;

export interface ImportEdge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every edge between two files of src/, as paths relative to src/ (`shell/parse/nodes.ts`). */
export function importEdges(root = SRC): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = normalize(join(dirname(file), fileName)).replace(/\.js$/, '.ts');
      edges.push({ from: relative(root, file), to: relative(root, target) });
    }
  }
  return edges;
}

export function layerOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
}

/** Directories that import each other (each file belongs to the directory it is in). */
export function mutualFolders(edges: readonly ImportEdge[]): string[] {
  const pairs = new Set(edges.map((e) => `${dirname(e.from)} -> ${dirname(e.to)}`).filter((p) => !p.startsWith(`${p.split(' -> ')[1]} ->`)));
  return [...pairs].filter((p) => {
    const [a, b] = p.split(' -> ') as [string, string];
    return a < b && pairs.has(`${b} -> ${a}`);
  }).map((p) => p.replace(' -> ', ' <-> '));
}

/** Strongly connected components with more than one file (Tarjan), each a cycle of imports. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (next.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of new Set(edges.flatMap((e) => [e.from, e.to]))) if (!index.has(node)) visit(node);
  return cycles;
}
