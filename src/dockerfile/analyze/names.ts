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
