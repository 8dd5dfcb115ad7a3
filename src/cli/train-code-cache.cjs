// The build's training run (bundle.mjs): the CLI runs the command on the command line as usual, then writes V8's code
// cache of what it compiled beside the bundle.
require('../../bin/execwrap.js').runCli({ writeCodeCache: true });
