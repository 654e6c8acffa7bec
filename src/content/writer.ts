import { chunkList } from './chunk';
import { contentHash } from './hash';
import { contentKey, type KeyKind } from './keys';
import type { ChunkRef, ChunkTable } from './stored';
import { pageTable } from './table';

/** A release's entries as they are written: each value under the key its content hash names. */
export class EntryWriter {
  constructor(readonly entries: Map<string, string>) {}

  async put(kind: KeyKind, value: string): Promise<string> {
    const key = contentKey(kind, await contentHash(value));
    this.entries.set(key, value);
    return key;
  }

  putJson(kind: KeyKind, value: unknown): Promise<string> {
    return this.put(kind, JSON.stringify(value));
  }

  /**
   * A list cut into content-defined chunks (chunk.ts). A chunk is its items' JSON in an array (the
   * bytes JSON.stringify gives the array), so an item in many lists (an article in the site's
   * list and its tags') can be serialized once, by `jsonOf`.
   */
  putChunks<T>(
    kind: KeyKind,
    items: T[],
    nameOf: (item: T) => string,
    jsonOf = (item: T) => JSON.stringify(item),
  ): Promise<ChunkRef[]> {
    return Promise.all(
      chunkList(items, nameOf).map(async (c) => ({ key: await this.put(kind, `[${c.map(jsonOf).join(',')}]`), count: c.length })),
    );
  }

  /** Chunk refs as a table: the older ones in pages of their own, the newest inline (table.ts). */
  async putTable(refs: ChunkRef[]): Promise<ChunkTable> {
    const { pages, tail } = pageTable(refs);
    const paged = pages.map(async (p) => ({
      key: await this.putJson('table', p),
      count: p.reduce((n, r) => n + r.count, 0),
      refs: p.length,
    }));
    return { pages: await Promise.all(paged), chunks: tail };
  }

  async putList<T>(kind: KeyKind, items: T[], nameOf: (item: T) => string): Promise<{ count: number; table: ChunkTable }> {
    return { count: items.length, table: await this.putTable(await this.putChunks(kind, items, nameOf)) };
  }
}
