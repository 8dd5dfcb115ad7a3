import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type HandlebarsNamespace from 'handlebars';

type Handlebars = typeof HandlebarsNamespace;

/** Required on first use: only a fix renders templates, and handlebars is a tenth of start-up time otherwise. */
let handlebars: Handlebars | undefined;
function loadHandlebars(): Handlebars {
  handlebars ??= createRequire(import.meta.url)('handlebars') as Handlebars;
  return handlebars;
}

let packageRootCache: string | undefined;

/** The directory holding execwrap's package.json (works from src/ under tsx/vitest and from dist/). */
export function packageRoot(): string {
  if (packageRootCache !== undefined) return packageRootCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) {
      packageRootCache = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`execwrap: cannot find the package root (templates/) above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function templatePath(name: string): string {
  return join(packageRoot(), 'templates', name);
}

const compiled = new Map<string, HandlebarsNamespace.TemplateDelegate>();

/** Compile (once) and return templates/<name>; HTML escaping off, missing fields are errors. */
export function loadTemplate(name: string): HandlebarsNamespace.TemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    const source = readFileSync(templatePath(name), 'utf8');
    t = loadHandlebars().create().compile(source, { noEscape: true, strict: true });
    compiled.set(name, t);
  }
  return t;
}
