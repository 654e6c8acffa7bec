import { deflateSync } from 'fflate';

/**
 * A zip (APPNOTE 6.3.10) written from entries compressed beforehand: a book's chapters are
 * deflated once, at publish, and the worker only frames them. fflate compresses but cannot take
 * data it did not compress itself, so the few headers are written here.
 */

/** An entry as the archive stores it: `data` deflated (method 8) or as is (0), with the CRC-32 and size of the original. */
export interface ZipEntry {
  name: string;
  method: 0 | 8;
  data: Uint8Array;
  crc: number;
  size: number;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309), as zip names each entry's original bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const deflatedEntry = (name: string, bytes: Uint8Array, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9): ZipEntry => ({
  name,
  method: 8,
  data: deflateSync(bytes, { level }),
  crc: crc32(bytes),
  size: bytes.length,
});

export const storedEntry = (name: string, bytes: Uint8Array): ZipEntry => ({
  name,
  method: 0,
  data: bytes,
  crc: crc32(bytes),
  size: bytes.length,
});

// MS-DOS date and time (APPNOTE 4.4.6), two seconds apart, from 1980.
function dosTime(date: Date): [time: number, day: number] {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return [time, day];
}

/** The archive of `entries`, in order, every one dated `mtime`. */
export function zipEntries(entries: ZipEntry[], mtime: Date): Uint8Array {
  const encoder = new TextEncoder();
  const names = entries.map((e) => encoder.encode(e.name));
  const [time, day] = dosTime(mtime);
  const local = entries.reduce((n, e, i) => n + 30 + names[i].length + e.data.length, 0);
  const central = entries.reduce((n, _, i) => n + 46 + names[i].length, 0);
  const out = new Uint8Array(local + central + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  // The fields a local header and its central directory record share, from "version needed".
  const common = (p: number, e: ZipEntry, name: Uint8Array) => {
    view.setUint16(p, 20, true);
    view.setUint16(p + 2, /[^\x20-\x7e]/.test(e.name) ? 0x800 : 0, true); // bit 11: the name is UTF-8
    view.setUint16(p + 4, e.method, true);
    view.setUint16(p + 6, time, true);
    view.setUint16(p + 8, day, true);
    view.setUint32(p + 10, e.crc, true);
    view.setUint32(p + 14, e.data.length, true);
    view.setUint32(p + 18, e.size, true);
    view.setUint16(p + 22, name.length, true);
  };
  entries.forEach((e, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    common(at + 4, e, names[i]);
    out.set(names[i], at + 30);
    out.set(e.data, at + 30 + names[i].length);
    at += 30 + names[i].length + e.data.length;
  });
  const directory = at;
  entries.forEach((e, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // version made by
    common(at + 6, e, names[i]);
    view.setUint32(at + 42, offsets[i], true);
    out.set(names[i], at + 46);
    at += 46 + names[i].length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}
