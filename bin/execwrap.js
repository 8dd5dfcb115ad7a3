#!/usr/bin/env node
// The tree-sitter grammar is a 1.3 MB wasm module. V8 compiles it with Liftoff and then keeps
// optimising it in the background, which holds the process open ~1.5 s after a one-shot command
// is done. Liftoff alone is plenty fast for parsing start scripts, so switch tier-up off first.
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
// Node 22.1+ keeps compiled code between runs (compiling the bundle is ~15 ms of a cold start on Node 20, which
// has no such cache: there this is a no-op; not measured here, where only Node 20 is installed).
module.enableCompileCache?.();
await import('../dist/bundle/index.js');
