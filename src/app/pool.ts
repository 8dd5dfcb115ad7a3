import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { InputError, NotApplicableError } from '../core/errors.js';

/**
 * Below this many files a run stays on one thread: a worker costs its start (the analysis bundle and the wasm
 * grammar): ~90 ms to start and check its first script, measured on the busy 2-core machine of bench/, about what 40
 * scripts take on one thread. (The main thread never waits for a worker that has not started: see run.)
 */
export const MIN_FILES_FOR_WORKERS = 40;

/** Files claimed at a time: big enough to keep messages few, small enough that the last batches even out. */
const BATCH = 8;

/** `--jobs` when not given: one runner per core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Work a pool can share out: `run` on one input (any thread), `plain` to turn its output into plain data on a
 * worker before it is sent (no parse trees; what is left of a report is what reporters read), `revive` to give
 * that data its classes back on the main thread. The worker finds the task by `name` (tasks.ts).
 */
export interface Task<Shared, Input, Output> {
  name: string;
  run(shared: Shared, input: Input): Promise<Output>;
  plain(output: Output, shared: Shared): Output;
  revive(output: Output): Output;
}

/** A task's outcome as it crosses the thread boundary: its value, or the error it threw (as data). */
export type Settled<T> = { value: T } | { error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  reason?: string;
  path?: string;
  line?: number;
  kind?: NotApplicableError['kind'];
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  const base: SerializedError = { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  if (error instanceof InputError) Object.assign(base, { reason: error.reason, path: error.path, ...(error.line !== undefined ? { line: error.line } : {}) });
  if (error instanceof NotApplicableError) base.kind = error.kind;
  return base;
}

function reviveError(data: SerializedError): Error {
  if (data.name === 'NotApplicableError') return new NotApplicableError(data.reason!, data.path!, data.kind!, data.line);
  if (data.name === 'InputError') return new InputError(data.reason!, data.path!, data.line);
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}

/** Messages between the pool and its workers. */
export interface WorkerStart {
  /** Which run of the pool this is: results of an earlier one are never taken for this one's. */
  run: number;
  task: string;
  shared: unknown;
  inputs: readonly unknown[];
  /** [next index to claim]: every runner claims batches from it, so none waits for the main thread to hand out work. */
  counter: Int32Array;
  batch: number;
}
export interface WorkerMessage {
  run: number;
  start: number;
  results: Settled<unknown>[];
}

/** The worker script: next to the bundle's entry (dist/bundle/worker.cjs). Running from sources (tests) has none. */
function workerScript(): URL | undefined {
  const here = fileURLToPath(import.meta.url);
  const at = here.lastIndexOf('/dist/bundle/');
  if (at === -1) return undefined;
  const script = `${here.slice(0, at)}/dist/bundle/worker.cjs`;
  return existsSync(script) ? new URL(`file://${script}`) : undefined;
}

/** Claims the next batch of indices from the shared counter; undefined when every input is taken. */
export function claim(counter: Int32Array, total: number, batch: number): [number, number] | undefined {
  const start = Atomics.add(counter, 0, batch);
  return start >= total ? undefined : [start, Math.min(total, start + batch)];
}

export interface Pool {
  /**
   * Runs one task over every input with the pool's runners: the main thread and its worker threads, each with its
   * own parser. Results come back in input order, whichever runner made them; an error is thrown where its result
   * is read (`settled`), as a run on one thread would throw it there. Results made by workers are plain data
   * (Task.plain): no parse trees cross threads.
   */
  run<S, I, O>(task: Task<S, I, O>, shared: S, inputs: readonly I[], progress?: (done: number, total: number) => void): Promise<Settled<O>[]>;
  /** Ends the workers (a command calls it once its last run is done). */
  close(): Promise<void>;
  /** Worker threads in use (0: everything runs on the main thread). */
  readonly workers: number;
}

/**
 * A pool of `jobs` runners for a command over `files` files: jobs - 1 worker threads started once and reused by every
 * run, plus the main thread. One runner (no worker) when jobs is 1, the files are few (MIN_FILES_FOR_WORKERS), or
 * execwrap runs from its sources rather than the bundle.
 */
export function createPool(jobs: number, files: number): Pool {
  const script = jobs > 1 && files >= MIN_FILES_FOR_WORKERS ? workerScript() : undefined;
  // node:worker_threads is loaded only when there are workers to start: a small check does without it.
  const { Worker: WorkerThread } = script ? (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')) : { Worker: undefined };
  const workers: Worker[] = script && WorkerThread ? Array.from({ length: Math.min(jobs, Math.ceil(files / BATCH)) - 1 }, () => new WorkerThread(script)) : [];
  let failure: Error | undefined;
  let runs = 0;
  // The run under way: worker messages for it are handed in here; a worker that dies fails it.
  let current: { id: number; receive: (start: number, results: Settled<unknown>[]) => void; fail: (error: Error) => void } | undefined;
  for (const worker of workers) {
    worker.on('error', (error) => (failure ??= error));
    worker.on('message', (message: WorkerMessage) => {
      if (message.run === current?.id) current.receive(message.start, message.results);
    });
    worker.on('exit', (code) => current?.fail(failure ?? new Error(`a worker thread ended with code ${code}`)));
    worker.unref();
  }
  return {
    workers: workers.length,
    async run<S, I, O>(task: Task<S, I, O>, shared: S, inputs: readonly I[], progress?: (done: number, total: number) => void) {
      const id = ++runs;
      const results: Settled<O>[] = new Array(inputs.length);
      let done = 0;
      let complete!: () => void;
      let fail!: (error: Error) => void;
      // Done when every result is in, whoever made it: a worker still starting up when the main thread has done
      // everything is not waited for.
      const allIn = new Promise<void>((resolveAll, rejectAll) => {
        complete = resolveAll;
        fail = rejectAll;
      });
      const advance = (count: number) => {
        done += count;
        progress?.(done, inputs.length);
        if (done === inputs.length) complete();
      };
      if (inputs.length === 0) complete();
      const counter = new Int32Array(new SharedArrayBuffer(4));
      const helping = inputs.length > BATCH ? workers : [];
      current = {
        id,
        receive: (start, received) => {
          received.forEach((result, i) => (results[start + i] = 'value' in result ? { value: task.revive(result.value as O) } : (result as Settled<O>)));
          advance(received.length);
        },
        fail,
      };
      // While a run waits for a worker's results the worker keeps the process alive; between runs it does not.
      for (const worker of helping) {
        worker.ref();
        worker.postMessage({ run: id, task: task.name, shared, inputs, counter, batch: BATCH } satisfies WorkerStart);
      }
      // The main thread is a runner too; between batches it lets the workers' messages in.
      for (let range = claim(counter, inputs.length, BATCH); range; range = claim(counter, inputs.length, BATCH)) {
        for (let i = range[0]; i < range[1]; i++) {
          try {
            results[i] = { value: await task.run(shared, inputs[i]!) };
          } catch (error) {
            results[i] = { error: serializeError(error), thrown: error } as Settled<O>;
          }
        }
        advance(range[1] - range[0]);
        if (helping.length > 0) await new Promise((resolveTick) => setImmediate(resolveTick));
      }
      try {
        await allIn;
      } finally {
        current = undefined;
        for (const worker of helping) worker.unref();
      }
      return results;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** A settled result's value, or its error thrown (the original object when it was made on this thread). */
export function settled<T>(result: Settled<T>): T {
  if ('value' in result) return result.value;
  const thrown = (result as { thrown?: unknown }).thrown;
  throw thrown ?? reviveError(result.error);
}
