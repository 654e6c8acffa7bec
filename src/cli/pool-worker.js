// A thread of mapParallel (pool.ts): loads tsx, as run.js does (worker threads do not inherit
// its loader), then the module, and maps each batch it is sent through the named function.
import { parentPort, workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
const { module, name } = workerData;
const fn = (await import(module))[name];

parentPort.on('message', async ({ start, items }) => {
  try {
    if (typeof fn !== 'function') throw new Error(`${module} exports no function "${name}"`);
    const results = [];
    for (const item of items) results.push(await fn(item));
    parentPort.postMessage({ start, results });
  } catch (error) {
    parentPort.postMessage({ start, error: error instanceof Error ? error.message : String(error) });
  }
});
