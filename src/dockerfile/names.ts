import { basename } from 'node:path';

/**
 * `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*` (any case); not `*.dockerignore`. Kept apart from
 * the Dockerfile analysis so that walking a tree does not load the Dockerfile parser.
 */
export function isDockerfileName(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.dockerignore')) return false;
  return name === 'dockerfile' || name === 'containerfile' || name.endsWith('.dockerfile') || name.endsWith('.containerfile') || name.startsWith('dockerfile.') || name.startsWith('containerfile.');
}
