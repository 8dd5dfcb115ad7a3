import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * The YAML parser, loaded the first time a Compose file is met: it is 70-odd modules, most of a check's start-up
 * when loaded up front, and most Dockerfiles have no Compose file beside them. (`require`: this is synchronous.)
 */
let yamlParse: typeof import('yaml').parse | undefined;
function parse(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

/** Compose files by the names `docker compose` looks for, and the `*.override`/`*.prod` variants beside them. */
const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

/**
 * The build context a Compose file gives this Dockerfile: a service whose `build:` is a folder (its `Dockerfile`)
 * or `{ context, dockerfile }` naming this file. Compose files are looked for in the Dockerfile's folder and its
 * parents up to `root`. Paths with variables, and files that do not parse, are passed over.
 */
export function composeContext(dockerfile: string, root: string): string | undefined {
  const target = resolve(dockerfile);
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    for (const file of composeFiles(folder)) {
      const found = contextIn(file, target);
      if (found) return found;
    }
    if (folder === resolve(root) || dirname(folder) === folder || !folder.startsWith(resolve(root))) return undefined;
  }
}

/**
 * The Compose files of a folder, listed once while the folder is unchanged: every Dockerfile below a folder looks
 * there, and listing a folder of 5,000 images for each of them made a big repository's run grow with its square.
 */
const listed = new Map<string, { changed: bigint; files: string[] }>();
function composeFiles(folder: string): string[] {
  try {
    const changed = statSync(folder, { bigint: true }).mtimeNs;
    const known = listed.get(folder);
    if (known?.changed === changed) return known.files;
    const files = readdirSync(folder).filter((name) => COMPOSE_FILE.test(name)).sort().map((name) => join(folder, name));
    listed.set(folder, { changed, files });
    return files;
  } catch {
    return [];
  }
}

function contextIn(composeFile: string, target: string): string | undefined {
  let document: unknown;
  try {
    document = parse(readFileSync(composeFile, 'utf8'));
  } catch {
    return undefined;
  }
  const services = (document as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object') return undefined;
  const base = dirname(composeFile);
  for (const service of Object.values(services as Record<string, unknown>)) {
    const build = (service as { build?: unknown } | null)?.build;
    const spec = typeof build === 'string' ? { context: build } : build && typeof build === 'object' ? (build as { context?: unknown; dockerfile?: unknown }) : undefined;
    if (!spec) continue;
    const context = typeof spec.context === 'string' ? spec.context : '.';
    const file = typeof spec.dockerfile === 'string' ? spec.dockerfile : 'Dockerfile';
    if (/[$]/.test(context + file) || /^[a-z][a-z0-9+.-]*:\/\//i.test(context)) continue;
    const contextDir = resolve(base, context);
    if (resolve(contextDir, file) === target && existsSync(contextDir)) return contextDir;
  }
  return undefined;
}
