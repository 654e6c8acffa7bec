import type { ChunkRef, ChunkTable } from './stored';
import { refsFor } from './table';

/** Site and tag feeds carry the newest 20 articles, in full. */
export const FEED_SIZE = 20;

/** Which items of a list a window holds: the chunks they are in, and where they start and end. */
export interface WindowName {
  chunks: string[];
  offset: number;
  count: number;
}

/** The newest `size` of a list's `total` visible items: their chunks, and the window's name. */
export async function windowOf(
  table: ChunkTable,
  total: number,
  size: number,
  readPages: (keys: string[]) => ChunkRef[][] | Promise<ChunkRef[][]>,
): Promise<{ refs: ChunkRef[]; offset: number; name: WindowName }> {
  const start = Math.max(0, total - size);
  const { refs, offset } = await refsFor(table, start, total, readPages);
  return { refs, offset, name: { chunks: refs.map((r) => r.key), offset, count: total - start } };
}

/**
 * The text a kept feed window's key is hashed from. The worker (routes/parts/kept.ts) and publish
 * (cli/feed-window.ts) must name a window alike, or publish would keep one no reader reads.
 */
export const feedWindowText = (name: unknown): string => JSON.stringify({ feed: name });
