#!/usr/bin/env node
'use strict';
// Starts the CLI bundle (dist/bundle/cli.cjs, made by `npm run build`) as fast as Node 20 allows; every millisecond
// here is paid by each one-file check in CI (bench/run.mjs measures it):
// - This file is CommonJS (bin/package.json): a CommonJS main starts ~3 ms sooner than an ES module main.
// - The bundle is one CommonJS file run through vm.Script with V8's code cache (dist/bundle/cli.<build>.cache,
//   written by the build after a training check): V8 skips compiling what the cache holds (~18 ms). Node 20 has
//   no compile cache of its own (module.enableCompileCache is 22.1+), and vm.Script takes none for ES modules.
//   V8 refuses a cache made by another V8 version or with other V8 flags; the bundle is then compiled as usual.
// - The tree-sitter grammar is a 1.3 MB wasm module. V8 compiles it with Liftoff and then keeps optimising it in
//   background threads, which held the process open ~1.5 s after a one-shot command was done. Liftoff alone is
//   plenty fast for start scripts, so tier-up is switched off before anything loads.
// - --verify-snapshot-checksum: a release V8 checks a code cache's checksum only when asked, and a damaged cache
//   crashed node (SIGSEGV, measured); asked, it refuses that cache. Set before the cache is read, in the training
//   run too: V8 takes a cache only under the flags it was made with.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

const BUNDLE_DIR = join(__dirname, '..', 'dist', 'bundle');
const BUNDLE = join(BUNDLE_DIR, 'cli.cjs');
/** The bundle's first line names its build (`// execwrap build <id>`): a cache is read only by the build it was made from. */
const BUILD_LINE = /^\/\/ execwrap build ([0-9a-f]+)\n/;

/** The bundle as a vm.Script, with its code cache when there is one; `cacheFile` is where that cache lives. */
function compileBundle({ readCache = true } = {}) {
  setFlagsFromString('--liftoff-only --verify-snapshot-checksum');
  const source = readFileSync(BUNDLE, 'utf8');
  const cacheFile = join(BUNDLE_DIR, `cli.${BUILD_LINE.exec(source)?.[1] ?? 'unbuilt'}.cache`);
  let cachedData;
  try {
    if (readCache) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache (a build without its training run): compiled as usual
  }
  // The wrapper Node gives a CommonJS module, so the bundle sees what require() would give it.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  return { script, cacheFile };
}

/**
 * Runs the CLI on process.argv. With `writeCodeCache`, the build's training run: once the command is done, V8's
 * code cache of everything it compiled is written for the next runs.
 */
function runCli({ writeCodeCache = false } = {}) {
  const { script, cacheFile } = compileBundle({ readCache: !writeCodeCache });
  if (writeCodeCache) {
    process.once('exit', () => {
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, BUNDLE_DIR);
}

if (require.main === module) runCli();
module.exports = { compileBundle, runCli };
