import { describe, expect, it } from 'vitest';
import { chunksFor } from '../../src/content/chunk';
import type { ChunkRef, ChunkTable } from '../../src/content/stored';
import { INLINE_REFS, MAX_PAGE, pageOfChunk, pagesFor, pageTable, tableChunkCount, tableCount } from '../../src/content/table';

const refs = (n: number, from = 0): ChunkRef[] =>
  Array.from({ length: n }, (_, i) => ({ key: `list/${from + i}`, count: 20 + ((from + i) % 7) }));

/** A table as the release stores it, with its pages' refs kept beside it as KV would. */
function stored(all: ChunkRef[]): { table: ChunkTable; kv: Map<string, ChunkRef[]> } {
  const { pages, tail } = pageTable(all);
  const kv = new Map(pages.map((p, i) => [`table/${i}`, p]));
  const table = {
    pages: pages.map((p, i) => ({ key: `table/${i}`, count: p.reduce((n, r) => n + r.count, 0), refs: p.length })),
    chunks: tail,
  };
  return { table, kv };
}

describe('chunk tables', () => {
  it('keeps a short table inline, whole', () => {
    expect(pageTable(refs(INLINE_REFS))).toEqual({ pages: [], tail: refs(INLINE_REFS) });
  });

  it('pages a long one by content, in order, each page at most MAX_PAGE refs, the last ref inline', () => {
    const all = refs(5000);
    const { pages, tail } = pageTable(all);
    expect(pages.length).toBeGreaterThan(10);
    expect([...pages.flat(), ...tail]).toEqual(all);
    expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(MAX_PAGE);
    expect(Math.min(...pages.map((p) => p.length))).toBeGreaterThanOrEqual(16);
    expect(tail.at(-1)).toEqual(all.at(-1));
    // About 57 bytes a ref: a full page is far below KV's 64 KiB budget.
    expect(Math.max(...pages.map((p) => JSON.stringify(p).length))).toBeLessThan(20_000);
  });

  it('keeps every page when the last chunk changes, and adds at most one when a chunk is added', () => {
    const all = refs(5000);
    const before = pageTable(all).pages;
    const changed = pageTable([...all.slice(0, -1), { key: 'list/changed', count: 3 }]).pages;
    expect(changed).toEqual(before);
    for (let extra = 1; extra <= 40; extra++) {
      const grown = pageTable(refs(5000 + extra)).pages;
      const fresh = pageTable(refs(5000 + extra - 1)).pages;
      expect(grown.slice(0, fresh.length)).toEqual(fresh);
      expect(grown.length - fresh.length).toBeLessThanOrEqual(1);
    }
  });

  it('finds the pages and chunks that hold any range of items', () => {
    const all = refs(3000);
    const { table, kv } = stored(all);
    expect(tableCount(table)).toBe(all.reduce((n, r) => n + r.count, 0));
    expect(tableChunkCount(table)).toBe(3000);
    const total = tableCount(table);
    for (const [start, end] of [
      [0, 10],
      [total - 10, total],
      [total - 400, total - 390],
      [12_345, 12_365],
      [0, total],
    ]) {
      const { pages, from, tail } = pagesFor(table, start, end);
      const loaded = [...pages.flatMap((p) => kv.get(p.key) ?? []), ...(tail ? table.chunks : [])];
      const expected = chunksFor(all, start, end);
      const found = chunksFor(loaded, start - from, end - from);
      expect(found, `${start}-${end}`).toEqual(expected);
    }
    // The newest items need no table page.
    expect(pagesFor(table, total - 10, total).pages).toEqual([]);
  });

  it('finds the n-th chunk in a page or inline, and nothing past the end', () => {
    const { table, kv } = stored(refs(3000));
    for (const n of [0, 1, 999, 2998, 2999]) {
      const at = pageOfChunk(table, n);
      const ref = at?.page ? kv.get(at.page.key)?.[at.index] : table.chunks[at?.index ?? -1];
      expect(ref?.key, String(n)).toBe(`list/${n}`);
    }
    expect(pageOfChunk(table, 3000)).toBeNull();
  });
});
