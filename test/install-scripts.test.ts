/**
 * `npm install` on npm 11 warns about every dependency whose install script is not covered by package.json's
 * `allowScripts`. A newcomer must see nothing to act on: each such package is declared, allowed (esbuild's
 * postinstall puts its native binary in place) or denied (tree-sitter-bash's native build: execwrap loads only
 * the grammar's wasm).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needMachine } from './harness/support.js';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

/** Every package in the lockfile that has an install script, by name. */
const withInstallScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  ),
].sort();

describe('allowScripts in package.json', () => {
  it('covers every dependency with an install script, and nothing else', () => {
    expect(withInstallScripts.length).toBeGreaterThan(0);
    expect(Object.keys(pkg.allowScripts ?? {}).sort()).toEqual(withInstallScripts);
  });

  it("runs esbuild's postinstall and not tree-sitter-bash's native build", () => {
    expect(pkg.allowScripts?.esbuild).toBe(true);
    expect(pkg.allowScripts?.['tree-sitter-bash']).toBe(false);
  });

  it("the source loads only tree-sitter-bash's wasm, never its native binding", () => {
    const uses: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/['"](tree-sitter-bash[^'"]*)['"]/g)) uses.push(m[1]!);
      }
    };
    walk(join(ROOT, 'src'));
    expect(uses).toEqual(['tree-sitter-bash/tree-sitter-bash.wasm']);
  });

  it('npm itself finds no unreviewed install script (npm 11.10+)', () => {
    const result = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const unknown = result.status !== 0 && /Unknown command|not a valid npm command/i.test(`${result.stdout}${result.stderr}`);
    needMachine(!unknown, `\`npm install-scripts\` (npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()} has none)`, { requiredInCi: false });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/No packages with unreviewed install scripts/);
  });
});
