import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './templates.js';

/** The package version, read from package.json so it cannot drift (found from the package root, bundled or not). */
export const VERSION: string = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
