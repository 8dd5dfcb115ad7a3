import { closeSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { commandForm, type Instr, type Stage } from './parse.js';

/** A file the image got from the build context. */
export interface ContextFile {
  imagePath: string;
  /** Absolute path in the build context. */
  file: string;
  copy: Instr;
}

/** The default PATH of images that do not set one (Docker's). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** WORKDIR in effect at each instruction of a chain of stages (relative WORKDIRs build on the previous one). */
export function workdirs(chain: Stage[]): Map<Instr, string> {
  const at = new Map<Instr, string>();
  let dir = '/';
  for (const stage of chain) {
    for (const instr of stage.instructions) {
      at.set(instr, dir);
      if (instr.keyword === 'WORKDIR' && instr.rest) dir = posix.resolve(dir, instr.rest.replace(/^"(.*)"$/, '$1'));
    }
  }
  return at;
}

/**
 * Maps a word from ENTRYPOINT/CMD (`./start.sh`, `/usr/local/bin/run`, `start.sh` found on PATH) to the build-context
 * file a COPY or ADD of the chain put there; the latest copy wins, as in the image. `--from=` copies and heredocs
 * are not from the context.
 */
export function resolveContextFile(word: string, chain: Stage[], context: string, runtimeWorkdir: string): ContextFile | undefined {
  if (word === '' || /[$`]/.test(word)) return undefined;
  const candidates = word.includes('/') ? [posix.resolve(runtimeWorkdir, word)] : DEFAULT_PATH.map((d) => `${d}/${word}`);
  const dirs = workdirs(chain);
  const copies = chain.flatMap((s) => s.instructions).filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.has('from') && i.heredocs.length === 0);
  // Each source is looked at once, not once per PATH folder a bare word may be in.
  const stats = new Map<string, Stats | undefined>();
  for (const imagePath of candidates) {
    for (const copy of [...copies].reverse()) {
      const file = fileFromCopy(copy, imagePath, context, dirs.get(copy) ?? '/', stats);
      if (file) return { imagePath, file, copy };
    }
  }
  return undefined;
}

function fileFromCopy(copy: Instr, imagePath: string, context: string, workdir: string, stats: Map<string, Stats | undefined>): string | undefined {
  const form = commandForm(copy.rest);
  const words = form.kind === 'exec' ? form.argv : copy.rest.split(/\s+/).filter(Boolean);
  if (words.length < 2) return undefined;
  const sources = words.slice(0, -1);
  let dest = words[words.length - 1]!;
  const destIsDir = dest.endsWith('/') || sources.length > 1 || sources.some(isGlob);
  dest = posix.resolve(workdir, dest);
  for (const source of sources) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) continue;
    for (const match of expand(source, context)) {
      const abs = inContext(context, match);
      if (!abs) continue;
      if (!stats.has(abs)) stats.set(abs, statOrUndefined(abs));
      const stat = stats.get(abs);
      if (!stat) continue;
      if (stat.isDirectory()) {
        // A directory's contents land in the destination.
        const prefix = dest.endsWith('/') ? dest : `${dest}/`;
        if (!imagePath.startsWith(prefix)) continue;
        const file = inContext(context, join(match, ...imagePath.slice(prefix.length).split('/')));
        if (file && isFile(file)) return file;
      } else if (stat.isFile()) {
        const target = destIsDir || isGlob(source) ? posix.join(dest, posix.basename(match)) : dest;
        if (target === imagePath) return abs;
      }
    }
  }
  return undefined;
}

/**
 * The build context among candidate folders (the Dockerfile's folder, then its parents up to the repository
 * root): the first from which a word ENTRYPOINT or CMD runs resolves to a copied file (`docker/Dockerfile` with
 * `COPY docker/start.sh /start.sh` is built from the repository root), else the first in which every COPY/ADD
 * source exists, else the Dockerfile's own folder. Build outputs that are not in the repository (`target/app.jar`)
 * never move the context by themselves.
 */
export function chooseContext(stages: readonly Stage[], chain: Stage[], launchWords: readonly string[], runtimeWorkdir: string, candidates: readonly string[]): string {
  for (const candidate of candidates) {
    if (launchWords.some((word) => resolveContextFile(word, chain, candidate, runtimeWorkdir))) return candidate;
  }
  const sources = stages
    .flatMap((s) => s.instructions)
    .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.has('from') && i.heredocs.length === 0)
    .flatMap((copy) => copySources(copy))
    .filter((source) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('git@') && !source.includes('$'));
  const complete = candidates.find((candidate) => sources.every((source) => expand(source, candidate).some((match) => exists(inContext(candidate, match)))));
  return complete ?? candidates[0]!;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function copySources(copy: Instr): string[] {
  const form = commandForm(copy.rest);
  const words = form.kind === 'exec' ? form.argv : copy.rest.split(/\s+/).filter(Boolean);
  return words.slice(0, -1);
}

function exists(path: string | undefined): boolean {
  return path !== undefined && statOrUndefined(path) !== undefined;
}

function isGlob(word: string): boolean {
  return /[*?[]/.test(word);
}

/** Context-relative paths a source names; globs are matched in their own folder (one level, as most Dockerfiles use). */
function expand(source: string, context: string): string[] {
  const clean = source.replace(/^\.?\/+/, '') || '.';
  if (!isGlob(clean)) return [clean];
  const dir = posix.dirname(clean);
  const pattern = new RegExp(`^${posix.basename(clean).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  const folder = inContext(context, dir);
  if (!folder) return [];
  try {
    return readdirSync(folder).filter((name) => pattern.test(name)).map((name) => (dir === '.' ? name : `${dir}/${name}`));
  } catch {
    return [];
  }
}

/** The absolute path of a context-relative path, or undefined when it would leave the context. */
function inContext(context: string, rel: string): string | undefined {
  const abs = resolve(context, rel);
  const back = relative(context, abs);
  if (back.startsWith('..') || back.split(sep).includes('..')) return undefined;
  return abs;
}

function isFile(path: string): boolean {
  return statOrUndefined(path)?.isFile() === true;
}

/**
 * The interpreter a non-shell start script names in its `#!` line (`#!/usr/bin/env python` → `python`,
 * `#!/usr/bin/node` → `node`): that program is what runs as PID 1 when the image execs the script.
 */
export function interpreterOf(file: string): string | undefined {
  let head = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(256);
      head = buffer.subarray(0, readSync(fd, buffer, 0, 256, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const line = /^#!\s*([^\r\n]*)/.exec(head)?.[1];
  if (!line) return undefined;
  const words = line.trim().split(/\s+/);
  const first = posix.basename(words[0] ?? '');
  const program = first === 'env' ? words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) : words[0];
  return program ? posix.basename(program) : undefined;
}
