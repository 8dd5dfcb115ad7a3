/**
 * Putting scaffolded files on disk: all-or-nothing refusal when a file exists (unless forced), atomic writes
 * (temporary file beside the target, then link/rename), and the dry-run diff.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { link, mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeTemporaryBeside } from '../files.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { ScaffoldFile } from './render.js';

/** The generated files that already exist in `dir` (as anything: a file, a directory, a link). */
export function existingFiles(dir: string, files: readonly ScaffoldFile[]): string[] {
  return files.filter((f) => pathExists(join(dir, f.path))).map((f) => join(dir, f.path));
}

function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A path as the user will recognise it: relative to the working directory when below it. */
export function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/**
 * Writes every file, or none when one exists and `force` is not set (exit 2 naming it). Each file is written to a
 * temporary name beside it, flushed, then moved into place: a new file with link() (so a file created meanwhile is
 * never overwritten), a forced one with rename() (a reader sees the old file or the new one, never half).
 */
export async function writeScaffold(dir: string, files: readonly ScaffoldFile[], force: boolean): Promise<string[]> {
  const existing = existingFiles(dir, files);
  if (existing.length > 0 && !force) {
    const shown = existing.map(display);
    throw new UsageError(`${shown[0]} already exists; nothing written (--force overwrites${shown.length > 1 ? `; also exists: ${shown.slice(1).join(', ')}` : ''})`);
  }
  for (const path of existing) {
    if (!lstatSync(path).isFile()) throw new InputError('is not a regular file; refusing to replace it', path);
  }
  const written: string[] = [];
  for (const file of files) {
    const target = join(dir, file.path);
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeOne(target, file, force);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code) throw error;
      // A file system refusal (EACCES, EEXIST on a path part, ENOSPC) is the user's to fix: exit 2 naming the file.
      throw new InputError(`cannot write (${code})${written.length > 0 ? `; already written: ${written.map(display).join(', ')}` : ''}`, display(target));
    }
    written.push(target);
  }
  return written;
}

async function writeOne(target: string, file: ScaffoldFile, force: boolean): Promise<void> {
  const temporary = await writeTemporaryBeside(target, file.content, file.mode);
  try {
    if (force) {
      await rename(temporary, target);
    } else {
      await link(temporary, target);
      await unlink(temporary);
    }
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${display(target)} already exists; it appeared while execwrap was writing (--force overwrites)`);
    throw error;
  }
}

/**
 * The files as one diff against what is in `dir` now (paths relative to `dir`, `a/` `b/` prefixes: `git apply`
 * takes it from there). New files get git's `new file mode` header.
 */
export async function scaffoldDiff(dir: string, files: readonly ScaffoldFile[]): Promise<string> {
  const { unifiedDiff } = await import('../../report/diff.js');
  let out = '';
  for (const file of files) {
    const target = join(dir, file.path);
    const exists = existsSync(target) && lstatSync(target).isFile();
    const before = exists ? readFileSync(target, 'utf8') : '';
    const diff = unifiedDiff(file.path, before, file.content);
    if (diff === '' || exists) {
      out += diff;
      continue;
    }
    const mode = file.mode & 0o111 ? '100755' : '100644';
    out += diff.replace(`\n--- a/${file.path}\n`, `\nnew file mode ${mode}\n--- /dev/null\n`);
  }
  return out;
}
