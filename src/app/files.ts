import { closeSync, constants, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { InputError, NotApplicableError } from '../core/errors.js';
import { analyzeScript, type AnalyzeOptions, type ScriptReport } from '../shell/analyze-script.js';
import type { Settings } from '../core/settings.js';
import { isDockerfileLookalike, isDockerfilePath } from '../dockerfile/analyze/names.js';
import { isComposeName, isYamlName, manifestKindOf } from '../manifest/analyze/detect.js';
import { decodeSource, MAX_SOURCE_BYTES, type SourceFile } from '../core/source.js';

/** node:fs/promises, loaded by the commands that write (it brings Node's stream and readline modules with it). */
const fsPromises = () => import('node:fs/promises');

const SHELL_EXTENSIONS = new Set(['.sh', '.bash', '.ash', '.dash']);
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', 'node_modules', 'vendor', 'third_party', '.hg', '.svn']);
const SHELL_SHEBANG = /^#!\s*\S*\/(?:env\s+(?:-\S+\s+)*)?(?:ba|da|a|k|z|mk)?sh\b/;

/**
 * Reads one file given by the user, refusing anything that is not a regular, readable text file.
 * Synchronous on purpose: start scripts are small, and awaiting each read left the CPU idle between files.
 */
export function readSource(path: string): SourceFile {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new InputError(describeFsError(error), path);
  }
  if (info.isDirectory()) throw new InputError('is a directory, not a file', path);
  if (!info.isFile()) throw new InputError('is not a regular file', path);
  if (info.size > MAX_SOURCE_BYTES) throw new InputError(`file is ${info.size} bytes, larger than the ${MAX_SOURCE_BYTES} bytes a start script can be`, path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(describeFsError(error), path);
  }
  return decodeSource(path, bytes);
}

/** A file `check` looks at: named on the command line, or found by walking a directory (`root`). */
export interface ExpandedPath {
  path: string;
  /** Named on the command line: checked whatever its name. */
  named: boolean;
  /** The directory argument it was found under (walked files only). */
  root?: string;
}

/** A file passed over, and why: listed by `--verbose`. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Expands the paths given to `check`: files as they are; directories to the shell scripts (a `.sh`-like
 * extension, or no extension and a shell shebang) and Dockerfiles inside them, in a stable sorted order. Files
 * whose name looks like a Dockerfile's but is not one (`Dockerfile.py`) go to `skipped`.
 */
export function expandPaths(paths: readonly string[], settings?: Pick<Settings, 'ignorePaths' | 'baseDir'>, skippedFiles: SkippedFile[] = []): ExpandedPath[] {
  const skip = settings && settings.ignorePaths.length > 0 ? ignore().add([...settings.ignorePaths]) : undefined;
  const skipped = (path: string) => {
    if (!skip) return false;
    const rel = relative(settings!.baseDir, resolve(path)).split(sep).join('/');
    return rel !== '' && !rel.startsWith('..') && skip.ignores(rel);
  };
  const result: ExpandedPath[] = [];
  for (const path of paths) {
    if (path === '-') {
      result.push({ path, named: true }); // standard input
      continue;
    }
    let info;
    try {
      info = statSync(path);
    } catch (error) {
      throw new InputError(describeFsError(error), path);
    }
    if (info.isDirectory()) result.push(...scriptsIn(path, skippedFiles).filter((found) => !skipped(found)).map((found) => ({ path: found, named: false, root: path })));
    else result.push({ path, named: true });
  }
  return result;
}

function scriptsIn(directory: string, skippedFiles: SkippedFile[]): string[] {
  const found: string[] = [];
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) found.push(...scriptsIn(path, skippedFiles));
    } else if (entry.isFile() && (looksLikeShellScript(path) || isDockerfilePath(path) || looksLikeManifest(path))) {
      found.push(path);
    } else if (entry.isFile() && isDockerfileLookalike(path)) {
      skippedFiles.push({ path, reason: `not a Dockerfile: a ${extname(path)} file` });
    }
  }
  return found;
}

export function looksLikeShellScript(path: string): boolean {
  const extension = extname(path);
  if (SHELL_EXTENSIONS.has(extension)) return true;
  if (extension !== '' && !basename(path).startsWith('.')) return false;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(128);
    const bytesRead = readSync(fd, buffer, 0, 128, 0);
    return SHELL_SHEBANG.test(buffer.subarray(0, bytesRead).toString('utf8').replace(/^\ufeff/, ''));
  } finally {
    closeSync(fd);
  }
}

/** A Compose file by name, or a YAML file whose content is a Kubernetes manifest or a Compose file. */
export function looksLikeManifest(path: string): boolean {
  if (isComposeName(path)) return true;
  if (!isYamlName(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return manifestKindOf(buffer.subarray(0, read).toString('utf8')) !== undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a file's content atomically: a temporary file beside it with the same mode (and owner, when
 * we may set it) is renamed over the original, so a reader sees the old file or the new one, never half.
 */
export async function writeFileAtomic(path: string, data: Uint8Array, options: { force?: boolean } = {}): Promise<void> {
  const { access, lstat, rename, unlink } = await fsPromises();
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    throw new InputError(`cannot be written: ${describeFsError(error)}`, path);
  }
  if (!info.isFile()) throw new InputError('is not a regular file; refusing to replace it', path);
  // The rename below needs only the folder to be writable, so it would silently replace a file its owner made
  // read-only, or one the user may not write: refused unless forced.
  if (!options.force) {
    if ((info.mode & 0o222) === 0) throw new InputError(`is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); not written (--force writes it, keeping the mode)`, path);
    try {
      await access(path, constants.W_OK);
    } catch (error) {
      throw new InputError(`cannot be written: ${describeWriteError(error)}`, path);
    }
  }
  let temporary: string;
  try {
    temporary = await writeTemporaryBeside(path, data, info.mode & 0o7777, { uid: info.uid, gid: info.gid });
  } catch (error) {
    throw new InputError(`cannot be written: no new file can be made in its folder (${describeWriteError(error)})`, path);
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError(`cannot be written: ${describeWriteError(error)}`, path);
  }
}

/** Why a write failed, in words; EPERM on a file root may otherwise write is the immutable attribute. */
function describeWriteError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'operation not permitted (an immutable file? `lsattr` shows it, `chattr -i` clears it)';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return (error as Error).message;
  }
}

/**
 * The first half of every atomic write: the whole content in a new file beside `target` (same folder, so the
 * rename or link that publishes it cannot cross file systems), with its mode set explicitly (the umask must not
 * decide whether a script is executable), its owner when we may set it, and flushed to disk. Returns its path;
 * on failure nothing is left behind.
 */
export async function writeTemporaryBeside(target: string, data: Uint8Array | string, mode: number, owner?: { uid: number; gid: number }): Promise<string> {
  const { open, unlink } = await fsPromises();
  const temporary = join(dirname(target), `.${basename(target)}.execwrap-${process.pid}-${Date.now()}`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    if (owner && process.getuid?.() === 0) await handle.chown(owner.uid, owner.gid);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temporary;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return (error as Error).message;
  }
}

/** The start script a Dockerfile runs, analysed; undefined when the file is not a shell script (a binary, `server.js`, a `#!/usr/bin/env python` file). */
export async function analyzeScriptFile(path: string, settings?: Pick<Settings, 'rules' | 'knownRuleIds' | 'failFast'>, options?: AnalyzeOptions): Promise<ScriptReport | undefined> {
  if (!looksLikeShellScript(path)) return undefined;
  try {
    return await analyzeScript(readSource(path), settings, options);
  } catch (error) {
    // `start.sh` with a python `#!` line: judged as the program it is, not as a broken script.
    if (error instanceof NotApplicableError && error.kind === 'not-shell') return undefined;
    throw error;
  }
}

/** analyzeScriptFile in the shape DockerfileOptions takes: the image's options (its shell), plus `settings` and `extra`. */
export function scriptFileAnalyzer(settings?: Pick<Settings, 'rules' | 'knownRuleIds' | 'failFast'>, extra?: AnalyzeOptions): (file: string, options?: AnalyzeOptions) => Promise<ScriptReport | undefined> {
  return (file, options) => analyzeScriptFile(file, settings, { ...options, ...extra });
}
