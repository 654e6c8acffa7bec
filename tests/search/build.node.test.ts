import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildCache, buildSearchIndex, type SearchDoc, searchMetaSchema } from '../../src/search';
import { checkDocIds } from '../../src/search/doc';
import { segmentSizes } from '../../src/search/segments';
import { article, filler } from './support';

describe('search index builder', () => {
  it('is deterministic: the same docs give the same entries and meta, byte for byte', async () => {
    const docs = Array.from({ length: 20 }, (_, n) => filler(n));
    const page: SearchDoc = {
      path: '/about',
      kind: 'page',
      title: 'About',
      summary: 'who',
      headings: ['Why'],
      text: 'hello',
      tags: [],
    };
    const a = await buildSearchIndex(docs, [page], 'en-GB');
    const b = await buildSearchIndex(
      docs.map((doc) => ({ ...doc })),
      [{ ...page }],
      'en-GB',
    );
    expect(JSON.stringify(a.meta)).toBe(JSON.stringify(b.meta));
    expect([...a.entries]).toEqual([...b.entries]);
    expect(v.is(searchMetaSchema, a.meta)).toBe(true);
    expect(a.meta.docs).toBe(21);
  });

  it('refuses two docs with one path, and two records with one id', async () => {
    await expect(buildSearchIndex([article(1), article(1)], [], 'en')).rejects.toThrow(/two documents have the path/);
    const fake = (path: string) => ({ doc: article(0, { path }), id: 'AAAAAAAAAAAAAAAA', json: path });
    expect(() => checkDocIds([fake('/articles/x'), fake('/articles/y')])).toThrow(
      /doc id collision AAAAAAAAAAAAAAAA \(\/articles\/x, \/articles\/y\)/,
    );
  });

  it('gives an edited doc a new record key and leaves the others alone', async () => {
    const before = await buildSearchIndex([article(1, { text: 'one' }), article(2, { text: 'two' })], [], 'en');
    const after = await buildSearchIndex([article(1, { text: 'one' }), article(2, { text: 'two, edited' })], [], 'en');
    expect(after.docIds.get('/articles/a1')).toBe(before.docIds.get('/articles/a1'));
    expect(after.docIds.get('/articles/a2')).not.toBe(before.docIds.get('/articles/a2'));
  });
});

describe('search segment layout', () => {
  it('counts articles in base 8: blocks of 8^k, at most 7 of a size, a tail of fewer than 8', () => {
    expect(segmentSizes(0)).toEqual([]);
    expect(segmentSizes(1)).toEqual([1]);
    expect(segmentSizes(7)).toEqual([7]);
    expect(segmentSizes(8)).toEqual([8]);
    expect(segmentSizes(9)).toEqual([8, 1]);
    expect(segmentSizes(63)).toEqual([8, 8, 8, 8, 8, 8, 8, 7]);
    expect(segmentSizes(64)).toEqual([64]);
    expect(segmentSizes(65)).toEqual([64, 1]);
    // 10,000 = 23420 in base 8.
    expect(segmentSizes(10_000)).toEqual([4096, 4096, 512, 512, 512, 64, 64, 64, 64, 8, 8]);
    for (const n of [0, 1, 7, 8, 9, 63, 64, 65, 10_000]) expect(segmentSizes(n).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('keeps all but a few keys when one article is added to 10,000, and few per article over 100 more', async () => {
    const docs = Array.from({ length: 10_100 }, (_, n) => filler(n));
    const cache = buildCache();
    let previous = new Set((await buildSearchIndex(docs.slice(0, 10_000), [], 'en', { cache })).entries.keys());
    const added: number[] = [];
    for (let n = 10_001; n <= 10_100; n++) {
      const index = await buildSearchIndex(docs.slice(0, n), [], 'en', { cache });
      const keys = [...index.entries.keys()];
      added.push(keys.filter((key) => !previous.has(key)).length);
      previous = new Set(keys);
    }
    const total = added.reduce((a, b) => a + b, 0);
    console.log(
      `index keys new per added article from 10,000 (sx/ and the record packs, sd/): first ${added[0]}, max ${Math.max(...added)}, mean ${total / added.length} over 100`,
    );
    expect(added[0]).toBeLessThanOrEqual(6);
    expect(total / added.length).toBeLessThan(6);
  });
});
