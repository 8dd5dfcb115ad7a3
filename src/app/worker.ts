/**
 * A worker thread of the pool (pool.ts): runs a task over the inputs it claims from the shared counter and sends
 * each batch's results back as plain data, until no input is left. One parser per worker, loaded on its first file.
 */
import { parentPort } from 'node:worker_threads';
import { claim, serializeError, type Settled, type WorkerMessage, type WorkerStart } from './pool.js';
import { taskNamed } from './tasks.js';
import { loadShellParser } from '../shell/parse/shell-parser.js';

// The parser is loaded while the first task is on its way (its wasm compiles on background threads).
loadShellParser().catch(() => undefined);
const port = parentPort!;
port.on('message', async ({ run, task: name, shared, inputs, counter, batch }: WorkerStart) => {
  const task = taskNamed(name);
  for (let range = claim(counter, inputs.length, batch); range; range = claim(counter, inputs.length, batch)) {
    const results: Settled<unknown>[] = [];
    for (let i = range[0]; i < range[1]; i++) {
      try {
        results.push({ value: task.plain(await task.run(shared, inputs[i]), shared) });
      } catch (error) {
        results.push({ error: serializeError(error) });
      }
    }
    port.postMessage({ run, start: range[0], results } satisfies WorkerMessage);
  }
});
