/**
 * `npm run docs:generate`: rewrites the generated regions of README.md, docs/rules/*.md and samples/README.md from
 * the rule registry and the sample.json files (test/docs/generated.ts says which). Run from the repository root.
 */
import { allRules } from '../../src/registry/index.js';
import { writeAll } from './generated.js';

const written = writeAll(allRules, process.cwd());
console.log(written.length > 0 ? `docs:generate: rewrote ${written.join(', ')}` : 'docs:generate: every generated region is up to date');
