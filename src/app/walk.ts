import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { InputError } from '../core/errors.js';
import { SKIPPED_DIRECTORIES } from './files.js';

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the walked root, with `/` separators. */
  relative: string;
}

/**
 * Every regular file below `root`, in sorted order, the way git would see the repository: `.gitignore`
 * files (at every level) are respected, `.git`, `node_modules` and vendored folders are skipped, and symbolic
 * links are never followed (one pointing out of the repository must not be read or written through).
 */
export function walkRepository(root: string, extra?: { base: string; patterns: readonly string[] }): WalkedFile[] {
  const files: WalkedFile[] = [];
  const initial = extra && extra.patterns.length > 0 ? [{ base: extra.base, ignore: ignore().add([...extra.patterns]) }] : [];
  const visit = (directory: string, rules: { base: string; ignore: Ignore }[]) => {
    const gitignore = join(directory, '.gitignore');
    const here = existsSync(gitignore) ? [...rules, { base: directory, ignore: ignore().add(readFileSync(gitignore, 'utf8')) }] : rules;
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'is not a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new InputError(why, directory === root ? directory : toPosix(relative(root, directory)));
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isSymbolicLink()) continue;
      const isDirectory = entry.isDirectory();
      if (isDirectory && SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (ignored(here, path, isDirectory)) continue;
      if (isDirectory) visit(path, here);
      else if (entry.isFile() && lstatSync(path).isFile()) files.push({ path, relative: toPosix(relative(root, path)) });
    }
  };
  visit(root, initial);
  return files;
}

function ignored(rules: { base: string; ignore: Ignore }[], path: string, isDirectory: boolean): boolean {
  return rules.some(({ base, ignore: rule }) => {
    const rel = toPosix(relative(base, path));
    return rel !== '' && !rel.startsWith('..') && rule.ignores(isDirectory ? `${rel}/` : rel);
  });
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
