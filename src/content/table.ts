import { chunksFor } from './chunk';
import { fnv1a } from './hash';
import type { ChunkRef, ChunkTable, TablePageRef } from './stored';

/**
 * A list's chunk table (its chunk refs, oldest first) as its reader finds it. A short table is
 * kept whole where it is read (the root, a tag entry). A longer one is cut, by content as the list
 * itself is (`chunk.ts`), into table pages kept in KV, and only the refs after the last closed
 * page stay inline: the newest, so a home page or a feed needs no table page. Appending to a list
 * changes only its last ref, which never closes a page, so old pages keep their keys (property 4);
 * when it starts a new chunk the one before may close a page: one new key now and then.
 */

/** A table of more refs than this is paged (about 7 KB inline; 20–100 items a ref). */
export const INLINE_REFS = 128;
const MIN_PAGE = 16;
/** At about 57 bytes a ref, a page stays under 15 KB, well within 64 KiB (property 9). */
export const MAX_PAGE = 256;
const PAGE_ODDS = 64;

/** Cut refs into closed pages and an open tail; the last ref is always in the tail. */
export function pageTable(refs: readonly ChunkRef[]): { pages: ChunkRef[][]; tail: ChunkRef[] } {
  if (refs.length <= INLINE_REFS) return { pages: [], tail: [...refs] };
  const pages: ChunkRef[][] = [];
  let current: ChunkRef[] = [];
  for (const ref of refs.slice(0, -1)) {
    current.push(ref);
    const boundary = fnv1a(ref.key) % PAGE_ODDS === 0;
    if ((boundary && current.length >= MIN_PAGE) || current.length >= MAX_PAGE) {
      pages.push(current);
      current = [];
    }
  }
  current.push(refs[refs.length - 1]);
  return { pages, tail: current };
}

/** How many items a table lists. */
export const tableCount = (table: ChunkTable): number =>
  table.pages.reduce((n, p) => n + p.count, 0) + table.chunks.reduce((n, c) => n + c.count, 0);

/** How many chunks a table names. */
export const tableChunkCount = (table: ChunkTable): number => table.pages.reduce((n, p) => n + p.refs, 0) + table.chunks.length;

/**
 * Which table pages hold the refs of items [start, end), and the position of the first item they
 * (or the inline tail, when no page is needed) cover. `tail` says whether the inline refs follow.
 */
export function pagesFor(table: ChunkTable, start: number, end: number): { pages: TablePageRef[]; from: number; tail: boolean } {
  const pages: TablePageRef[] = [];
  let from = 0;
  let position = 0;
  for (const page of table.pages) {
    const next = position + page.count;
    if (next > start && position < end) {
      if (pages.length === 0) from = position;
      pages.push(page);
    }
    position = next;
  }
  return { pages, from: pages.length > 0 ? from : position, tail: end > position };
}

/** Where the `n`-th chunk's ref (from 0) is: at `index` of a table page, or of the inline refs; null past the end. */
export function pageOfChunk(table: ChunkTable, n: number): { page?: TablePageRef; index: number } | null {
  let position = 0;
  for (const page of table.pages) {
    if (n < position + page.refs) return { page, index: n - position };
    position += page.refs;
  }
  return n - position < table.chunks.length && n >= position ? { index: n - position } : null;
}

/**
 * The chunk refs of items [start, end) of a list, and where the range begins in the first chunk:
 * the table pages they need are read with `readPages` (one bulk read; none when the inline refs
 * hold them). The worker reads pages from KV, publish from the release it built.
 */
export async function refsFor(
  table: ChunkTable,
  start: number,
  end: number,
  readPages: (keys: string[]) => ChunkRef[][] | Promise<ChunkRef[][]>,
): Promise<{ refs: ChunkRef[]; offset: number }> {
  const { pages, from, tail } = pagesFor(table, start, end);
  const paged = await readPages(pages.map((p) => p.key));
  return chunksFor([...paged.flat(), ...(tail ? table.chunks : [])], start - from, end - from);
}
