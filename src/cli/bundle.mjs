#!/usr/bin/env node
// The bundle bin/execwrap.js runs (npm run build): the CLI and the worker thread's entry, code split so a command
// loads only what it uses. The small pure-JS dependencies every command needs (commander, lilconfig, ignore) are
// bundled in: loading them from node_modules as CommonJS cost ~13 files and the CommonJS export scan at each start.
// The others stay in node_modules: web-tree-sitter and tree-sitter-bash find their .wasm beside them, and the
// rest are loaded only by the commands that need them.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const outdir = join(root, 'dist', 'bundle');
const BUNDLED = new Set(['commander', 'lilconfig', 'ignore']);
const { dependencies } = JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8'));

/**
 * commander requires node:child_process at load, for subcommands that are separate executables (execwrap has none);
 * loading it (with net, dgram and streams) is ~8 ms of every start. commander gets a stand-in that loads it on first use.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${'/'}node_modules/commander/`) ? { path: 'lazy-child-process', namespace: 'execwrap-lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'execwrap-lazy' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true }); // no chunk of an earlier build is left to be loaded
await build({
  entryPoints: [join(root, 'src/cli/index.ts'), join(root, 'src/app/worker.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS code bundled into ESM requires Node's built-in modules: give it a require.
  plugins: [lazyChildProcessForCommander],
  banner: { js: "import { createRequire as __execwrapRequire } from 'node:module'; const require = __execwrapRequire(import.meta.url);" },
  logLevel: 'warning',
});
