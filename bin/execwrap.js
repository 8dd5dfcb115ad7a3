#!/usr/bin/env node
// The tree-sitter grammar is a 1.3 MB wasm module. V8 compiles it with Liftoff and then keeps
// optimising it in the background, which holds the process open ~1.5 s after a one-shot command
// is done. Liftoff alone is plenty fast for parsing start scripts, so switch tier-up off first.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
await import('../dist/bundle/index.js');
