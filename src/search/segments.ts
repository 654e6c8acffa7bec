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
import type { AnalyzedDoc, TermStats } from './analyze';
import { type DocRow, encodeDocTable, TABLE_PAGE_ROWS } from './doc-table';
import { shardOf } from './keys';
import { encodeBitmap, encodedLength, encodePostings, encodePostingsWithin, type Posting } from './postings';

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

/** The most a search value may weigh in UTF-8 (DESIGN property 9). */
export const MAX_VALUE_BYTES = 64 * 1024;

/** Shards hold 32–64 KB on average: small enough to read per term, few enough keys to write. */
const SHARD_TARGET = 64 * 1024;
/** Shards are counted with every line cut to this (see `fitLines`), so that they can be made to fit. */
export const LINE_LIMIT = 8 * 1024;

export interface EncodedSegment {
  /** The doc table's pages. */
  tables: string[];
  shards: string[];
  /** Sum of the docs' lengths, for the index-wide average. */
  totalLength: number;
}

/** UTF-8 length without encoding (terms may hold accented letters). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A term's postings as a segment gathers them, packed in one growing Int32Array: for each doc its
 * ordinal, tfw and count of positions, then the positions. A large segment holds tens of millions
 * of postings until it is encoded: as objects, they were most of its garbage collection. They are
 * read back as Postings one term at a time.
 */
class Gathered {
  data = new Int32Array(8);
  length = 0;

  add(ordinal: number, { tfw, positions }: TermStats): void {
    const need = this.length + 3 + positions.length;
    if (need > this.data.length) {
      const grown = new Int32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    const data = this.data;
    let at = this.length;
    data[at++] = ordinal;
    data[at++] = tfw;
    data[at++] = positions.length;
    for (let i = 0; i < positions.length; i++) data[at++] = positions[i];
    this.length = at;
  }

  postings(): Posting[] {
    const out: Posting[] = [];
    const data = this.data;
    for (let at = 0; at < this.length; ) {
      const count = data[at + 2];
      const positions = new Array<number>(count);
      for (let i = 0; i < count; i++) positions[i] = data[at + 3 + i];
      out.push({ ordinal: data[at], tfw: data[at + 1], positions });
      at += 3 + count;
    }
    return out;
  }
}

/**
 * A segment's doc table pages and postings shards, byte for byte the same for the same docs. The
 * docs are read once, in order, so they may be analyzed one at a time as they are read.
 */
export function encodeSegment(docs: Iterable<AnalyzedDoc & { id: string; back: number }>): EncodedSegment {
  const byTerm = new Map<string, Gathered>();
  const rows: DocRow[] = [];
  for (const doc of docs) {
    const ordinal = rows.length;
    rows.push({ id: doc.id, length: doc.length, back: doc.back });
    for (const [term, stats] of doc.terms) {
      let gathered = byTerm.get(term);
      if (!gathered) {
        gathered = new Gathered();
        byTerm.set(term, gathered);
      }
      gathered.add(ordinal, stats);
    }
  }
  const totalLength = rows.reduce((sum, doc) => sum + doc.length, 0);
  const fit = { lengths: rows.map((doc) => doc.length), avgdl: rows.length ? totalLength / rows.length : 1, size: rows.length };
  const terms = [...byTerm.keys()].sort();
  // Each term's lines, richest first; shards are counted on the leanest, then filled back up.
  // A line over MAX_VALUE_BYTES can never be chosen (no shard could take it): only its size is kept.
  const variants = terms.map((term) =>
    fitLines(term, byTerm.get(term)?.postings() ?? [], fit).map((text) => {
      if (typeof text === 'number') return { line: '', size: text };
      const line = `${term}\t${text}\n`;
      const size = utf8Length(line);
      return { line: size > MAX_VALUE_BYTES ? '' : line, size };
    }),
  );
  const chosen = variants.map((lines) => lines.length - 1);
  const sizes = variants.map((lines) => lines[lines.length - 1].size);
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const hashes = terms.map((term) => shardOf(term, 2 ** 30));
  let count = 1;
  while (bytes / count > SHARD_TARGET) count *= 2;
  // Then as many more as it takes for the fullest shard to fit (only big segments need it).
  let load: number[];
  for (;;) {
    load = new Array<number>(count).fill(1);
    for (const [i, hash] of hashes.entries()) load[hash & (count - 1)] += sizes[i];
    if (load.every((size) => size <= MAX_VALUE_BYTES)) break;
    if (count >= 2 ** 20) throw new Error("search index: a segment's terms do not spread over shards of 64 KiB");
    count *= 2;
  }
  // Room left in a shard goes back to its fitted terms, smallest first: first their docs, then positions.
  for (const step of [1, 2]) {
    const upgrades = variants
      .map((_, i) => ({ i, to: chosen[i] - 1 }))
      .filter(({ i, to }) => to >= 0 && (step === 2 || chosen[i] === 2))
      .sort((a, b) => variants[a.i][a.to].size - variants[b.i][b.to].size || a.i - b.i);
    for (const { i, to } of upgrades) {
      const shard = hashes[i] & (count - 1);
      const grow = variants[i][to].size - variants[i][chosen[i]].size;
      if (load[shard] + grow > MAX_VALUE_BYTES) continue;
      load[shard] += grow;
      chosen[i] = to;
    }
  }
  const shards: string[][] = Array.from({ length: count }, () => ['\n']);
  for (const [i, hash] of hashes.entries()) shards[hash & (count - 1)].push(variants[i][chosen[i]].line);
  const tables: string[] = [];
  for (let from = 0; from < Math.max(1, rows.length); from += TABLE_PAGE_ROWS) {
    tables.push(encodeDocTable(rows.slice(from, from + TABLE_PAGE_ROWS)));
  }
  return { tables, shards: shards.map((parts) => parts.join('')), totalLength };
}

/**
 * No `encodePostings` text is shorter than this: every entry takes at least a digit for its
 * ordinal and, with positions, two commas and a digit and a dot per position (less the last dot);
 * entries are `;`-separated.
 */
export function shortestEncoding(postings: readonly Posting[]): number {
  let length = Math.max(0, postings.length - 1);
  for (const { positions } of postings) length += 1 + (positions.length > 0 ? 1 + 2 * positions.length : 0);
  return length;
}

// BM25's saturation (rank.ts), with the segment's own average length: what a doc gains from a term.
const impact = (tfw: number, length: number, avgdl: number): number =>
  (tfw * 2.2) / (tfw + 1.2 * (0.25 + (0.75 * length) / avgdl));

/**
 * A term's postings as lines it may take, richest first, the last within LINE_LIMIT. Most terms
 * have one: whole. A filter too common to list becomes a bitmap when that is shorter (exact:
 * filters must hold). A word too common drops its positions (`!df!` prefix: a phrase is then
 * checked on its other words), and if that is not enough keeps only the documents where it weighs
 * most, with its true document frequency for idf.
 */
function fitLines(
  term: string,
  postings: Posting[],
  fit: { lengths: number[]; avgdl: number; size: number },
): (string | number)[] {
  const room = LINE_LIMIT - utf8Length(term) - 2;
  // A common word's positions run to megabytes: a text too long for any shard is not written out,
  // only known to be too long (a number above the limit: such a line is never chosen).
  const shortest = shortestEncoding(postings);
  const whole =
    (shortest > MAX_VALUE_BYTES ? null : encodePostingsWithin(postings, MAX_VALUE_BYTES)) ??
    Math.max(shortest, MAX_VALUE_BYTES + 1);
  if (typeof whole === 'string' && whole.length <= room) return [whole];
  if (term.startsWith('#')) {
    const bitmap = encodeBitmap(postings, fit.size);
    if (typeof whole === 'number' && bitmap.length < whole) return [bitmap];
    const text = typeof whole === 'number' ? encodePostings(postings) : whole;
    return [bitmap.length < text.length ? bitmap : text];
  }
  const head = `!${postings.length.toString(36)}!`;
  // Each doc's weight for the term, worked out once: the cut below sorts by it.
  const bare = postings.map(({ ordinal, tfw }) => ({
    ordinal,
    tfw: tfw || 1,
    positions: [],
    impact: impact(tfw || 1, fit.lengths[ordinal], fit.avgdl),
  }));
  const barely = encodePostingsWithin(bare, MAX_VALUE_BYTES);
  const all = barely === null ? head.length + encodedLength(bare) : head + barely;
  if (typeof all === 'string' && all.length <= room) return [whole, all];
  let kept = bare;
  let length = typeof all === 'string' ? all.length : all;
  let text = '';
  while (length > room) {
    const best = [...kept]
      .sort((a, b) => b.impact - a.impact || b.ordinal - a.ordinal)
      .slice(0, Math.floor((kept.length * room) / length) - 1);
    kept = best.sort((a, b) => a.ordinal - b.ordinal);
    text = encodePostings(kept);
    length = head.length + text.length;
  }
  return [whole, all, head + text];
}
