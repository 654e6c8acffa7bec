import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * The text cache's file (see text-cache.ts): read whole chunks, write one more or the whole file.
 *
 * Layout: "QTC3", then chunks: u32 length of a JSON header (the terms this chunk adds to the
 * dictionary, the record count), the header padded to 4 bytes, then per record: 32-byte key,
 * u32 length of the JSON of its headings and word count, that JSON padded to 4 bytes, u32
 * length of its text as JSON, that JSON padded to 4 bytes, u32 term count, then (term number,
 * count) u32 pairs.
 */
const MAGIC = 'QTC3';

export interface Stored {
  meta: Buffer;
  text: Buffer;
  pairs: Uint32Array;
}

export interface Loaded {
  dict: string[];
  records: Map<string, Stored>;
  /** Where the last whole chunk ends: an append starts there. */
  end: number;
  /** How many of `dict`'s terms the file holds (a build adds more to `dict` as it sets texts). */
  terms: number;
}

const align = (n: number) => n + ((4 - (n % 4)) % 4);

/** The chunks at `at`, until the file ends or a chunk is cut short or damaged. */
function readChunks(bytes: Buffer, loaded: Loaded): void {
  const { dict, records } = loaded;
  let at = loaded.end;
  while (at + 4 <= bytes.length) {
    try {
      const headerLength = bytes.readUInt32LE(at);
      const header = JSON.parse(bytes.toString('utf8', at + 4, at + 4 + headerLength)) as { dict: unknown; count: unknown };
      const { dict: added, count } = header;
      if (!Array.isArray(added) || !added.every((t) => typeof t === 'string') || typeof count !== 'number') return;
      let next = at + 4 + align(headerLength);
      const found = new Map<string, Stored>();
      const terms = dict.length + added.length;
      for (let i = 0; i < count; i++) {
        if (next + 36 > bytes.length) return;
        const key = bytes.toString('base64', next, next + 32);
        const metaLength = bytes.readUInt32LE(next + 32);
        const meta = bytes.subarray(next + 36, next + 36 + metaLength);
        next += 36 + align(metaLength);
        if (next + 4 > bytes.length) return;
        const textLength = bytes.readUInt32LE(next);
        const text = bytes.subarray(next + 4, next + 4 + textLength);
        next += 4 + align(textLength);
        if (next + 4 > bytes.length) return;
        const pairCount = bytes.readUInt32LE(next);
        if (next + 4 + pairCount * 8 > bytes.length) return;
        const pairs = new Uint32Array(bytes.buffer, bytes.byteOffset + next + 4, pairCount * 2);
        next += 4 + pairCount * 8;
        for (let k = 0; k < pairs.length; k += 2) if (pairs[k] >= terms) return;
        found.set(key, { meta, text, pairs });
      }
      for (const term of added) dict.push(term);
      for (const [key, record] of found) records.set(key, record);
      at = next;
      loaded.end = at;
      loaded.terms = dict.length;
    } catch {
      return;
    }
  }
}

/**
 * The whole file, in memory another thread can share: related reading's thread reads the pairs
 * where they lie (and Uint32Array views need the aligned start a buffer of its own has).
 */
function readShared(file: string): Buffer {
  const descriptor = openSync(file, 'r');
  try {
    const { size } = fstatSync(descriptor);
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const read = readSync(descriptor, bytes, at, size - at, at);
      if (read === 0) break;
      at += read;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(descriptor);
  }
}

/** The same, read off this thread (on libuv's pool), so a build can read it while it checks the content. */
export async function readAhead(file: string): Promise<Buffer | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The file's chunks, from `bytes` when it was read ahead. */
export function read(file: string, bytes?: Buffer): Loaded | undefined {
  if (!bytes) {
    try {
      bytes = readShared(file);
    } catch {
      return undefined;
    }
  }
  if (bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
  const loaded: Loaded = { dict: [], records: new Map(), end: 4, terms: 0 };
  readChunks(bytes, loaded);
  return loaded;
}

export /** One chunk: the terms it adds to the dictionary, then its records. */
function chunk(added: string[], records: Iterable<[string, Stored]>, count: number): Buffer {
  const header = Buffer.from(JSON.stringify({ dict: added, count }));
  const parts: Uint8Array[] = [u32(header.length), header, pad(header.length)];
  for (const [key, { meta, text, pairs }] of records) {
    parts.push(Buffer.from(key, 'base64'), u32(meta.length), meta, pad(meta.length), u32(text.length), text, pad(text.length));
    parts.push(u32(pairs.length / 2));
    parts.push(new Uint8Array(pairs.buffer, pairs.byteOffset, pairs.byteLength));
  }
  return Buffer.concat(parts);
}

/** A whole file: the magic, then one chunk of the whole dictionary and `records`. */
export const wholeFile = (dict: string[], records: Map<string, Stored>): Buffer =>
  Buffer.concat([Buffer.from(MAGIC, 'latin1'), chunk(dict, records, records.size)]);

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const pad = (length: number) => Buffer.alloc((4 - (length % 4)) % 4);
