// Reads the files files.ts names (workerData.paths), in order, into shared buffers of
// workerData.bufferBytes (a larger file gets one of its own), and posts each as it fills:
// { start, ends, buffer }, file start + i ending at ends[i]. The thread that asked decodes one
// buffer while this one reads the next.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { paths, bufferBytes } = workerData;

let buffer = new SharedArrayBuffer(bufferBytes);
let bytes = new Uint8Array(buffer);
let at = 0;
let start = 0;
let ends = [];

function post() {
  parentPort.postMessage({ start, ends, buffer });
  start += ends.length;
  ends = [];
  at = 0;
}

let index = 0;
try {
  for (const path of paths) {
    const descriptor = openSync(path, 'r');
    try {
      const size = fstatSync(descriptor).size;
      if (at + size > bytes.length) {
        if (ends.length > 0) post();
        buffer = new SharedArrayBuffer(Math.max(bufferBytes, size));
        bytes = new Uint8Array(buffer);
      }
      // As many bytes as it had when asked (a file that shrinks meanwhile gives fewer).
      const from = at;
      while (at - from < size) {
        const read = readSync(descriptor, bytes, at, size - (at - from), null);
        if (read === 0) break;
        at += read;
      }
      ends.push(at);
    } finally {
      closeSync(descriptor);
    }
    index++;
  }
  post();
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error), index });
}
