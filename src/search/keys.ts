import { shortDigest } from '../content/hash';

/**
 * Every KV key of the search index is spelled here. All are content-addressed (named by a hash
 * of what they hold), so they are written once, never overwritten, and shared by every release
 * whose index has the same piece.
 */

/**
 * A pack of a segment's search records (title, date, text for the excerpt; `records.ts`), from
 * ordinal `first` on: `sd/<segment>/<first in base 36>`. Named by the segment, which hashes its docs' ids.
 */
export const recordPackKey = (segment: string, first: number): string => `sd/${segment}/${first.toString(36)}`;
export const isRecordPackKey = (key: string): boolean => key.startsWith('sd/');

/** A page of a segment's doc table (ordinal → doc id and length): `d`, then `d1`, `d2`… */
export const docTableKey = (segment: string, page = 0): string => `sx/${segment}/d${page || ''}`;

/** One shard of a segment's postings. */
export const shardKey = (segment: string, shard: number): string => `sx/${segment}/${shard}`;

/** FNV-1a, 32-bit: a fast, stable spread of terms over shards. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// MurmurHash3's finalizer: FNV-1a's low bits follow a word's last letters, so words sharing an
// ending crowded one shard; mixed, shards come out even enough to keep each within 64 KiB.
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard holding `term`; `shards` is a power of two. */
export const shardOf = (term: string, shards: number): number => mix(fnv1a(term)) & (shards - 1);

/** First 16 characters of base64url(SHA-256): 96 bits, a short name for content. */
export const shortHash = (text: string): Promise<string> => shortDigest(text);
