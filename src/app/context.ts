import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { composeContext } from '../dockerfile/analyze/compose.js';

/**
 * Where a Dockerfile's build context may be: the folder a Compose file builds it from (that one only: Compose says),
 * else the Dockerfile's own folder, then each parent up to `root` (the repository: the folder holding `.git`, or
 * the folder migrate or check was given), for the Dockerfile analysis to choose from (chooseContext).
 */
export function contextCandidates(dockerfile: string, root?: string): string[] {
  const folder = dirname(resolve(dockerfile));
  const top = resolve(root ?? gitRoot(folder) ?? folder);
  const fromCompose = composeContext(dockerfile, top);
  if (fromCompose) return [fromCompose];
  const candidates: string[] = [];
  for (let dir = folder; ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dir === top || dirname(dir) === dir || !isInside(dir, top)) break;
  }
  return candidates;
}

/** The nearest folder at or above `folder` that holds `.git`. */
export function gitRoot(folder: string): string | undefined {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isInside(path: string, root: string): boolean {
  const back = relative(root, path);
  return back === '' || (!back.startsWith('..') && !back.split(sep).includes('..'));
}
