import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface PoolOptions {
  /** Threads at most; by default one per core. */
  threads?: number;
  /** Fewer items than this per thread are not worth a thread's start (about half a second). */
  minPerThread?: number;
  /** Each thread's heap limit in MB, where V8's default for a thread (about 4 GB) is too little. */
  heapMb?: number;
  /** Map on a thread even when one is all there is: this thread has other work meanwhile. */
  offThread?: boolean;
}

export interface MapOptions<R> extends PoolOptions {
  /** Given each batch's results as it comes back (`start`: the first one's index), before the map ends. */
  onResults?: (results: R[], start: number) => void;
}

const WORKER = new URL('./pool-worker.js', import.meta.url);

/** The threads `mapParallel` maps `count` items on: 1 means this thread alone. */
export const threadsFor = (count: number, { threads = availableParallelism(), minPerThread = 500 }: PoolOptions = {}): number =>
  Math.max(1, Math.min(threads, Math.floor(count / minPerThread)));

/**
 * `items` mapped through the function `name` that `module` exports, on worker threads, results
 * in order: work that is pure and per item (rendering bodies, analyzing documents) then uses
 * every core. Items and results cross threads by structured clone. Too few items for two threads
 * are mapped here, in this thread, unless `offThread`. The first error (`onResults`' included)
 * stops the map and rejects with it.
 */
export async function mapParallel<T, R>(
  items: readonly T[],
  module: URL,
  name: string,
  options: MapOptions<R> = {},
): Promise<R[]> {
  const { heapMb, offThread = false, onResults } = options;
  const threads = threadsFor(items.length, options);
  if (threads === 1 && !offThread) {
    const fn = (await import(module.href))[name] as (item: T) => R | Promise<R>;
    if (typeof fn !== 'function') throw new Error(`${module.href} exports no function "${name}"`);
    const out: R[] = [];
    for (const item of items) out.push(await fn(item));
    onResults?.(out, 0);
    return out;
  }
  // Batches small enough to balance the threads, large enough that messages cost little.
  const size = Math.max(1, Math.ceil(items.length / (threads * 16)));
  const results: R[] = new Array(items.length);
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(WORKER, {
        workerData: { module: module.href, name },
        resourceLimits: heapMb ? { maxOldGenerationSizeMb: heapMb } : undefined,
      }),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((done, fail) => {
            const send = () => {
              if (next >= items.length) return done();
              const start = next;
              next += size;
              worker.postMessage({ start, items: items.slice(start, start + size) });
            };
            worker.on('message', (message: { start: number; results?: R[]; error?: string }) => {
              if (message.error !== undefined) return fail(new Error(message.error));
              message.results?.forEach((result, i) => {
                results[message.start + i] = result;
              });
              try {
                if (message.results) onResults?.(message.results, message.start);
              } catch (error) {
                return fail(error as Error);
              }
              send();
            });
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`a pool thread stopped (exit code ${code})`)));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** A thread that maps one input through a module's function: see `threadFor`. */
export interface OneThread<T, R> {
  /** Send the input (buffers in `move` are handed over, not copied); the result, once. */
  run(input: T, move?: ArrayBuffer[]): Promise<R>;
  stop(): Promise<void>;
}

/**
 * A thread for the function `name` of `module`, started now, so that it has loaded its code by
 * the time its one input is ready; the caller goes on meanwhile (`run` sends before it returns).
 * A SharedArrayBuffer under the input is shared, never copied. Always `stop` it.
 */
export function threadFor<T, R>(module: URL, name: string, { heapMb }: { heapMb?: number } = {}): OneThread<T, R> {
  const worker = new Worker(WORKER, {
    workerData: { module: module.href, name },
    resourceLimits: heapMb ? { maxOldGenerationSizeMb: heapMb } : undefined,
  });
  const result = new Promise<R>((done, fail) => {
    worker.on('message', (message: { results?: R[]; error?: string }) => {
      if (message.error !== undefined) fail(new Error(message.error));
      else done((message.results as R[])[0]);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a pool thread stopped (exit code ${code})`)));
  });
  // Awaited by `run`; a thread that fails before it is given work is not left unhandled.
  result.catch(() => {});
  return {
    run(input, move = []) {
      worker.postMessage({ start: 0, items: [input] }, move);
      return result;
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}
