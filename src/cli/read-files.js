// Reads the files files.ts names (workerData.paths), in order, into shared buffers of
// workerData.bufferBytes (a larger file gets one of its own), and posts each as it fills:
// { start, ends, buffer }, file start + i ending at ends[i]. The thread that asked decodes one
// buffer while this one reads the next. Each file is read as the other thread reads a small
// folder's (readFileSync): the same bytes, the same errors.
import { readFileSync } from 'node:fs';
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
    const file = readFileSync(path);
    if (at + file.length > bytes.length) {
      if (ends.length > 0) post();
      buffer = new SharedArrayBuffer(Math.max(bufferBytes, file.length));
      bytes = new Uint8Array(buffer);
    }
    bytes.set(file, at);
    at += file.length;
    ends.push(at);
    index++;
  }
  post();
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error), index });
}
