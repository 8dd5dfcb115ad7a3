import { run } from './main.js';

const colorStdout = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');

// A reader that went away (`execwrap fix … | head`) is not an error: the rest of that output is dropped, and the
// command ends quietly with its own exit code.
const gone = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream, text: string | Uint8Array) => void (gone.has(stream) || stream.write(text));

// No top-level await: the bundle is CommonJS (src/cli/bundle.mjs). run() reports its own errors.
void run(process.argv.slice(2), {
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  colorStdout,
  stderrIsTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
