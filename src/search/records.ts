/**
 * Search records travel in packs: a segment's records, in ordinal order, one JSON a line (JSON
 * never holds a raw newline), cut into values of at most PACK_BYTES of UTF-8; a record longer
 * than that (up to MAX_RECORD_BYTES) is a pack alone. A pack is named by its segment, whose id
 * hashes its docs' ids (so their records), and its first ordinal: `sd/<segment>/<first>`.
 *
 * Each doc table row carries its doc's distance back to the first ordinal of its pack, so a hit
 * names its record's key and line with no read first: a results page still reads its records in
 * one round. Packing writes far fewer keys (at 100,000 essays about 12,000 instead of 102,000: a
 * local KV write costs about as much whatever the value's size), for larger reads (a page of ten
 * hits reads up to ten packs).
 */
import { MAX_RECORD_BYTES, parseSearchRecord, type SearchRecord } from './doc';
import { recordPackKey } from './keys';

/** A pack's most bytes, unless one record alone is longer. */
export const PACK_BYTES = 32 * 1024;
/** A row's distance back to its pack's first ordinal is two base-36 digits. */
export const MAX_PACK_RECORDS = 36 ** 2;

const encoder = new TextEncoder();
// Room for any record (at most MAX_RECORD_BYTES of UTF-8, so as many UTF-16 units), encoded in place.
const scratch = new Uint8Array(3 * MAX_RECORD_BYTES);
const utf8Bytes = (json: string): number =>
  json.length * 3 <= scratch.length ? encoder.encodeInto(json, scratch).written : encoder.encode(json).length;

/** Each record's distance back to the first record of its pack: a pack starts where it is 0. */
export function packBacks(records: readonly string[]): number[] {
  const backs: number[] = [];
  let start = 0;
  let bytes = 0;
  for (const [i, json] of records.entries()) {
    const size = utf8Bytes(json);
    // A line's newline counts too: the pack's records are joined by one.
    if (i > start && (bytes + 1 + size > PACK_BYTES || i - start >= MAX_PACK_RECORDS)) {
      start = i;
      bytes = size;
    } else bytes += i > start ? 1 + size : size;
    backs.push(i - start);
  }
  return backs;
}

/** Whether `backs` lay records out in packs as `packBacks` does: each 0 (a pack starts) or one more than the last. */
export const isPacking = (backs: readonly number[]): boolean =>
  backs.every((back, i) => back === 0 || (i > 0 && back === backs[i - 1] + 1 && back < MAX_PACK_RECORDS));

/**
 * The packs of one segment, `backs` as `packBacks` gave them (or as the segment's doc table holds
 * them). Values are built by concatenation, which V8 keeps as ropes until a value is read: a
 * publish that uploads none of a segment's packs never copies its records.
 */
export function recordPacks(segment: string, records: readonly string[], backs: readonly number[]): [string, string][] {
  const packs: [string, string][] = [];
  for (const [i, json] of records.entries()) {
    if (backs[i] === 0) packs.push([recordPackKey(segment, i), json]);
    else packs[packs.length - 1][1] += `\n${json}`;
  }
  return packs;
}

/** Where a doc's record is: the pack's key and the record's line in it (0-based). */
export interface RecordRef {
  key: string;
  line: number;
}

export const recordRef = (segment: string, ordinal: number, back: number): RecordRef => ({
  key: recordPackKey(segment, ordinal - back),
  line: back,
});

/** The record on `line` of a pack, or null when the pack has no such line. */
export function recordLine(pack: string, line: number): string | null {
  let from = 0;
  for (let n = 0; n < line; n++) {
    const end = pack.indexOf('\n', from);
    if (end < 0) return null;
    from = end + 1;
  }
  const end = pack.indexOf('\n', from);
  return pack.slice(from, end < 0 ? pack.length : end);
}

/** A hit's record from the packs a page read (`RecordRef.key` → value), or null when it is not there or not a record. */
export function readRecord(packs: ReadonlyMap<string, string | null>, { key, line }: RecordRef): SearchRecord | null {
  const pack = packs.get(key);
  const json = typeof pack === 'string' ? recordLine(pack, line) : null;
  return json === null ? null : parseSearchRecord(json);
}
