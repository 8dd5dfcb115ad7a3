import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';

/**
 * Extensions that make a `Dockerfile.*` name a program, data or a copy rather than a Dockerfile:
 * `Dockerfile.py` (a Python file that writes Dockerfiles), `dockerfile.js`, `Dockerfile.md`, `Dockerfile.bak`.
 */
const NOT_DOCKERFILE_EXTENSIONS = new Set([
  '.py', '.js', '.mjs', '.cjs', '.ts', '.go', '.rb', '.java', '.php', '.pl', '.rs', '.sh', '.bash', '.ps1', '.bat', '.cmd',
  '.json', '.yml', '.yaml', '.toml', '.xml', '.ini', '.cfg', '.conf', '.lock', '.md', '.rst', '.txt', '.html', '.adoc',
  '.bak', '.orig', '.rej', '.swp', '.old', '.patch', '.diff', '.dockerignore',
]);

/**
 * `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`, `Dockerfile-*` (any case); not `*.dockerignore`
 * and not a `Dockerfile.*` whose extension names another kind of file (`Dockerfile.py`). Kept apart from the
 * Dockerfile analysis so that walking a tree does not load the Dockerfile parser.
 */
export function isDockerfileName(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (name === 'dockerfile' || name === 'containerfile' || name.endsWith('.dockerfile') || name.endsWith('.containerfile')) return true;
  if (!/^(docker|container)file[.-]/.test(name)) return false;
  return !NOT_DOCKERFILE_EXTENSIONS.has(extname(name));
}

/** A name that looks like a Dockerfile's but is not one (`Dockerfile.py`): skipped, and listed by `--verbose`. */
export function isDockerfileLookalike(path: string): boolean {
  const name = basename(path).toLowerCase();
  return /^(docker|container)file[.-]/.test(name) && !isDockerfileName(path);
}

/**
 * A Dockerfile by its name, or a file named like one with a data extension whose text is a Dockerfile
 * (`docker/dockerfile.yaml` built with `docker build -f`): it starts with `FROM image` (or `ARG`) in capitals, as no
 * YAML, Python or JavaScript file does, and has other instructions after it.
 */
export function isDockerfilePath(path: string): boolean {
  if (isDockerfileName(path)) return true;
  if (!isDockerfileLookalike(path)) return false;
  let head = '';
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const lines = head.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return /^(FROM|ARG)\s+\S/.test(lines[0] ?? '') && lines.slice(1).some((line) => /^(FROM|RUN|COPY|ADD|CMD|ENTRYPOINT|ENV|WORKDIR|USER|EXPOSE|VOLUME|LABEL)\s/.test(line));
}
