import { describe, expect, it } from 'vitest';
import { buildSearchIndex, largestSearchValueBytes, parseQuery, postingKeys, rank, type SearchDoc } from '../../src/search';
import { TABLE_PAGE_ROWS } from '../../src/search/doc-table';
import { MAX_VALUE_BYTES } from '../../src/search/segments';
import { article } from './support';

/** 8^6: the largest block a site of 1,000,000 articles has (see segmentSizes). */
const DOCS = 262_144;
const COMMON = 'river stone harbour lantern'.split(' ');

// Small docs: a unique word each (`n<base 36>`), one of 1,024 "rare" words (in 256 docs each),
// and common words in every doc, twice over, so that their postings are megabytes long.
const doc = (n: number): SearchDoc =>
  article(n, {
    title: `Note n${n.toString(36)}`,
    text: `${COMMON.join(' ')} rare${n % 1024}x. ${COMMON.join(' ')} again.`,
    tags: ['every', `t${n % 16}`],
    date: `${2000 + (n % 25)}-01-01`,
  });

describe('a search segment of 262,144 documents', () => {
  let built: Awaited<ReturnType<typeof buildSearchIndex>>;
  let pathOf: Map<string, string>;
  const search = (query: string, page = 1) => {
    const parsed = parseQuery(query, 'en');
    const keys = postingKeys(built.meta, parsed);
    const values = new Map(keys.map((key) => [key, built.entries.get(key) ?? null]));
    const result = rank(built.meta, parsed, values, { exclude: new Set(), page, perPage: 10 });
    return { ...result, keys, paths: result.hits.map((hit) => pathOf.get(hit.id)) };
  };

  it('is built with every value at most 64 KiB', async () => {
    built = await buildSearchIndex(
      Array.from({ length: DOCS }, (_, n) => doc(n)),
      [],
      'en',
    );
    pathOf = new Map([...built.docIds].map(([path, id]) => [id, path]));
    expect(built.meta.segments.map((s) => s.docs)).toEqual([DOCS]);
    const largest = largestSearchValueBytes(built);
    const tables = [...built.entries.keys()].filter((key) => /^sx\/[^/]+\/d\d*$/.test(key));
    const pages = new Set(tables);
    const most = (test: (key: string) => boolean) =>
      [...built.entries].reduce((max, [key, value]) => (test(key) ? Math.max(max, Buffer.byteLength(value)) : max), 0);
    console.log(
      `262,144 docs: ${built.meta.segments[0].shards} shards, ${tables.length} table pages, largest value ${largest} bytes ` +
        `(shard ${most((key) => key.startsWith('sx/') && !pages.has(key))}, table page ${most((key) => pages.has(key))}, ` +
        `record ${most((key) => key.startsWith('sd/'))}); ${built.entries.size} keys`,
    );
    expect(largest).toBeLessThanOrEqual(MAX_VALUE_BYTES);
    expect(tables).toHaveLength(Math.ceil(DOCS / TABLE_PAGE_ROWS));
  }, 900_000);

  it('finds a document by its own word, and by it with common words, filters and a phrase', () => {
    for (const n of [0, 1, 3071, 3072, 77_777, DOCS - 1]) {
      const word = `n${n.toString(36)}`;
      expect(search(word).paths).toEqual([`/articles/a${n}`]);
      expect(search(`${word} river lantern`).paths).toEqual([`/articles/a${n}`]);
      expect(search(`${word} tag:every year:${2000 + (n % 25)}`).paths).toEqual([`/articles/a${n}`]);
      expect(search(`"river stone" ${word}`).paths).toEqual([`/articles/a${n}`]);
    }
    expect(search('n0 tag:t3').total).toBe(0);
    expect(search('n0 year:2001').total).toBe(0);
  });

  it('ranks a word too common to list whole from its best documents, and says the results were cut', () => {
    const result = search('river');
    expect(result.cut).toBe(true);
    expect(result.hits).toHaveLength(10);
    // Only the docs kept for the word are candidates: far fewer than the 262,144 that have it.
    expect(result.total).toBeGreaterThan(1000);
    expect(result.total).toBeLessThan(10_000);
  });

  it('finds every document of a rare word, whole, with one shard per term beside the table pages', () => {
    const result = search('rare5x');
    expect([result.total, result.cut, result.keys.filter((key) => !/\/d\d*$/.test(key)).length]).toEqual([DOCS / 1024, false, 1]);
    expect(result.paths[0]).toBe(`/articles/a${DOCS - 1024 + 5}`);
    const filtered = search('rare5x tag:t5');
    expect([filtered.total, filtered.cut]).toEqual([DOCS / 1024, false]);
    expect(search('rare5x tag:t6').total).toBe(0);
  });

  it('keeps a filter exact though its documents are a bitmap, and lists its newest alone', () => {
    const tagged = search('rare5x tag:every year:2005');
    // rare5x is in docs 5 + 1024k; of those, year 2005 is n % 25 = 5.
    const expected = Array.from({ length: DOCS / 1024 }, (_, k) => 5 + 1024 * k).filter((n) => n % 25 === 5);
    expect(tagged.total).toBe(expected.length);
    const result = search('tag:every');
    expect(result.paths).toEqual(Array.from({ length: 10 }, (_, i) => `/articles/a${DOCS - 1 - i}`));
  });
});
