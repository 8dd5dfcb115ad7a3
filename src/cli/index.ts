import { run } from './main.js';

const colorStdout = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');

const code = await run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  colorStdout,
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
