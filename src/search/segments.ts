/**
 * The index is cut into segments so that publishing one more article rewrites little of it.
 *
 * The layout is a function of the article count alone, like a base-8 counter (Lucene's tiered
 * merging): full blocks of 8^k articles, oldest first, at most 7 of each size, then a tail of
 * fewer than 8. The newest article usually lands in the tail, so one small segment changes; when
 * the tail fills up, it and its peers carry into one bigger block, as 0777 + 1 = 1000. A block's
 * id hashes its doc ids, so blocks that did not change keep their keys from release to release.
 *
 * The known cost: editing an old article changes its doc id and so rewrites its whole block
 * (up to 8^k articles' postings). Series and pages, few and often edited, are one extra segment.
 */
import type { AnalyzedDoc } from './analyze';
import { shardOf } from './keys';
import { encodePostings, type Posting } from './postings';

const BASE = 8;

/** Sizes of the article segments for `count` articles, largest (oldest) first, the tail last. */
export function segmentSizes(count: number): number[] {
  const sizes: number[] = [];
  let block = 1;
  while (block * BASE <= count) block *= BASE;
  let left = count;
  for (; block >= 1; block /= BASE) {
    for (let n = Math.floor(left / block); n > 0; n--) sizes.push(block);
    left %= block;
  }
  // The units digit is the tail: up to 7 single articles kept together as one segment.
  const tail = sizes.filter((size) => size === 1).length;
  return tail ? [...sizes.filter((size) => size > 1), tail] : sizes;
}

/** Doc table rows: 16-character doc id, then the doc length in base 36, zero-padded. */
export const DOC_ID_WIDTH = 16;
export const DOC_LENGTH_WIDTH = 5;
export const DOC_ROW_WIDTH = DOC_ID_WIDTH + DOC_LENGTH_WIDTH;
const MAX_LENGTH = 36 ** DOC_LENGTH_WIDTH - 1;

/** Fixed-width rows, so the worker reads ordinal i with a slice instead of parsing the table. */
export const encodeDocTable = (docs: readonly { id: string; length: number }[]): string =>
  docs.map((doc) => doc.id + Math.min(doc.length, MAX_LENGTH).toString(36).padStart(DOC_LENGTH_WIDTH, '0')).join('');

export const docIdAt = (table: string, ordinal: number): string =>
  table.slice(ordinal * DOC_ROW_WIDTH, ordinal * DOC_ROW_WIDTH + DOC_ID_WIDTH);

export const docLengthAt = (table: string, ordinal: number): number =>
  Number.parseInt(table.slice(ordinal * DOC_ROW_WIDTH + DOC_ID_WIDTH, (ordinal + 1) * DOC_ROW_WIDTH), 36);

export const docTableCount = (table: string): number => Math.floor(table.length / DOC_ROW_WIDTH);

/** A shard should hold 32–64 KB: small enough to read per term, few enough keys to write. */
const SHARD_TARGET = 64 * 1024;

export interface EncodedSegment {
  table: string;
  shards: string[];
  /** Sum of the docs' lengths, for the index-wide average. */
  totalLength: number;
}

/** A segment's doc table and postings shards, byte for byte the same for the same docs. */
export function encodeSegment(docs: readonly (AnalyzedDoc & { id: string })[]): EncodedSegment {
  const byTerm = new Map<string, Posting[]>();
  docs.forEach((doc, ordinal) => {
    for (const [term, stats] of doc.terms) {
      let postings = byTerm.get(term);
      if (!postings) {
        postings = [];
        byTerm.set(term, postings);
      }
      postings.push({ ordinal, tfw: stats.tfw, positions: stats.positions });
    }
  });
  const terms = [...byTerm.keys()].sort();
  const lines = terms.map((term) => `${term}\t${encodePostings(byTerm.get(term) ?? [])}\n`);
  const bytes = lines.reduce((sum, line) => sum + line.length, 0);
  let count = 1;
  while (bytes / count > SHARD_TARGET) count *= 2;
  const shards: string[][] = Array.from({ length: count }, () => ['\n']);
  for (const [i, term] of terms.entries()) shards[shardOf(term, count)].push(lines[i]);
  return {
    table: encodeDocTable(docs),
    shards: shards.map((parts) => parts.join('')),
    totalLength: docs.reduce((sum, doc) => sum + doc.length, 0),
  };
}
