import { fnv1a } from './hash';
import type { ChunkRef } from './stored';

/**
 * Content-defined chunking of a date-ordered list (oldest first). A chunk ends after an item
 * whose name hashes to a boundary, so inserting one item (even a back-dated one) changes only
 * the chunk it lands in; the old chunks keep their content and so their keys (property 4, docs/architecture.md).
 * Every chunk but the newest holds at least MIN_CHUNK items, so a page of up to MIN_CHUNK items
 * spans at most two chunks.
 */
export const MIN_CHUNK = 20;
const MAX_CHUNK = 100;
const BOUNDARY_ODDS = 20;

export function chunkList<T>(items: readonly T[], nameOf: (item: T) => string): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    current.push(item);
    const boundary = fnv1a(nameOf(item)) % BOUNDARY_ODDS === 0;
    if ((boundary && current.length >= MIN_CHUNK) || current.length >= MAX_CHUNK) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Which chunks hold items [start, end) of the oldest-first list, and where the range begins. */
export function chunksFor(refs: readonly ChunkRef[], start: number, end: number): { refs: ChunkRef[]; offset: number } {
  const picked: ChunkRef[] = [];
  let offset = 0;
  let position = 0;
  for (const ref of refs) {
    const next = position + ref.count;
    if (next > start && position < end) {
      if (picked.length === 0) offset = start - position;
      picked.push(ref);
    }
    position = next;
  }
  return { refs: picked, offset };
}

/**
 * A list cut into parts of at most `limit` bytes of JSON each, oldest first: for a value read
 * whole that may outgrow property 9's limit (a year of a newspaper's archive). `items` are the
 * items' JSON; each part comes out as the JSON of its array. Items are cut where they fall, so
 * appending (the usual change) rewrites only the last part.
 */
export function jsonPartsBySize(items: readonly string[], limit: number): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const json of items) {
    const size = utf8Length(json) + 1;
    if (current.length > 0 && bytes + size > limit) {
      parts.push(`[${current.join(',')}]`);
      [current, bytes] = [[], 2];
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push(`[${current.join(',')}]`);
  return parts;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(64 * 1024);

/** Bytes of `text` in UTF-8, without keeping the encoding: one buffer serves every call. */
export function utf8Length(text: string): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  return encoder.encodeInto(text, scratch).written;
}
