#!/usr/bin/env node
// The bundle bin/execwrap.js runs (npm run build): dist/bundle/cli.cjs, the CLI in one CommonJS file, and
// dist/bundle/worker.cjs, the worker thread's entry; then a training run writes V8's code cache for the CLI.
// - One CommonJS file, not code-split ES modules: Node 20 resolves, reads and compiles each ES module on its own
//   (~20 chunks for a check), and only a script (vm.Script) can be given a code cache. What a command does not use
//   costs little: esbuild wraps a module that is import()ed so that it runs on first use, and V8 compiles a
//   function's body only when it is first called.
// - The dependencies every command needs (commander, lilconfig, ignore, and web-tree-sitter's JavaScript) are
//   bundled in, so the code cache holds them too. The .wasm files stay in node_modules (shell-parser.ts reads them by
//   package path), and so do the other dependencies: only the commands that need them load them.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const outdir = join(root, 'dist', 'bundle');
const BUNDLED = new Set(['commander', 'lilconfig', 'ignore', 'web-tree-sitter']);
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

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

/**
 * web-tree-sitter is bundled from its CommonJS build: its ES module build declares `var require` inside a function,
 * which hides the bundle's require from that function once import() has become require().
 */
const requireFromRoot = createRequire(join(root, 'package.json'));
const webTreeSitterAsCommonJs = {
  name: 'web-tree-sitter-as-commonjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: requireFromRoot.resolve('web-tree-sitter') }));
  },
};

rmSync(outdir, { recursive: true, force: true }); // no file of an earlier build is left to be loaded
for (const [entry, name] of [
  ['src/cli/index.ts', 'cli'],
  ['src/app/worker.ts', 'worker'],
]) {
  const outfile = join(outdir, `${name}.cjs`);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: Object.keys(dependencies).filter((dependency) => !BUNDLED.has(dependency)),
    outfile,
    // Every import() becomes require() (each dependency has a CommonJS entry): code run by vm.Script cannot import()
    // on Node 20 without an experimental flag's warning, and not at all from a code cache (bin/execwrap.js).
    supported: { 'dynamic-import': false },
    // The sources are ES modules: import.meta.url is the bundle's own URL.
    define: { 'import.meta.url': '__execwrapModuleUrl' },
    // "use strict" first: esbuild's own would come after the banner, where it is no longer a directive.
    banner: { js: "'use strict';\nconst __execwrapModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyChildProcessForCommander, webTreeSitterAsCommonJs],
    logLevel: 'warning',
  });
  if (name !== 'cli') continue;
  // The build's id heads the file: bin/execwrap.js uses a code cache only with the build it was made from.
  const code = readFileSync(outfile, 'utf8');
  writeFileSync(outfile, `// execwrap build ${createHash('sha256').update(code).digest('hex').slice(0, 16)}\n${code}`);
}

// The training run: a check of a Dockerfile and its start script, the commonest command, compiles what most runs
// need; bin/execwrap.js writes V8's cache of it. A failed run is reported, not fatal: without a cache execwrap
// compiles the bundle as usual.
const training = spawnSync(process.execPath, [join(root, 'src', 'cli', 'train-code-cache.cjs'), 'check', join(root, 'samples', 'exec-gunicorn-ok')], {
  encoding: 'utf8',
});
if (training.error || training.status === null || training.status > 1) {
  console.warn(`bundle: the code cache's training run failed (no cache; execwrap still works):\n${training.stderr}`);
}
