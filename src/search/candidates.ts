import { type DocTable, docBackAt, docIdAt } from './doc-table';
import { type RecordRef, recordRef } from './records';

/**
 * Matching docs as two parallel number arrays (no object per candidate: a common word matches
 * thousands). `at` packs segment and ordinal, so a larger `at` is a newer doc.
 */
export class Candidates {
  readonly scores: number[] = [];
  readonly at: number[] = [];
  get length(): number {
    return this.scores.length;
  }
  push(score: number, segment: number, ordinal: number): void {
    this.scores.push(score);
    this.at.push(segment * SEGMENT_SPAN + ordinal);
  }
}

const SEGMENT_SPAN = 2 ** 26;

/** A doc on a page of results, with where its record is. */
export interface Hit {
  id: string;
  score: number;
  record: RecordRef;
}

/** The requested page, best first; equal scores go to the newer doc (later segment, later ordinal). */
export function bestPage(
  found: Candidates,
  segments: readonly { id: string }[],
  tables: DocTable[],
  page: number,
  size: number,
): Hit[] {
  const number = Number.isSafeInteger(page) && page >= 1 ? page : 1;
  const perPage = Math.max(1, Math.floor(size) || 1);
  const start = (number - 1) * perPage;
  if (start >= found.length) return [];
  const { scores, at } = found;
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && at[a] > at[b]);
  const best = topK(found.length, start + perPage, better).slice(start);
  return best.map((i) => {
    const segment = Math.floor(at[i] / SEGMENT_SPAN);
    const ordinal = at[i] - segment * SEGMENT_SPAN;
    const table = tables[segment];
    return {
      id: docIdAt(table, ordinal),
      score: scores[i],
      record: recordRef(segments[segment].id, ordinal, docBackAt(table, ordinal)),
    };
  });
}

/** The k best of n items, best first: a bounded min-heap, so a common word's thousands of matches are not all sorted. */
function topK(n: number, k: number, better: (a: number, b: number) => boolean): number[] {
  const heap: number[] = [];
  const sift = (from: number) => {
    for (let i = from; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst], heap[l])) worst = l;
      if (r < heap.length && better(heap[worst], heap[r])) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (let item = 0; item < n; item++) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent], heap[i])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (better(item, heap[0])) {
      heap[0] = item;
      sift(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}
