import { describe, expect, it } from 'vitest';
import { buildSearchIndex, parseQuery, postingKeys, rank, SearchIndexError } from '../../src/search';
import { article, searchOnce } from './support';

const congress = article(1, {
  title: 'The Congress of Vienna',
  text: 'Diplomats redrew the map and kept a balance of power for decades.',
});
const balance = article(2, { title: 'Scales', text: 'The power to balance a budget is rare; balance sheets show power.' });
const bodyOnly = article(3, { title: 'Letters', text: 'A congress met, a congress argued, a congress ended.' });

describe('search ranking', () => {
  it('matches a quoted phrase only where its words stand in order, stop-word gaps included', async () => {
    const phrase = await searchOnce([congress, balance], '"balance of power"');
    expect(phrase.paths).toEqual(['/articles/a1']);
    const words = await searchOnce([congress, balance], 'balance of power');
    expect(words.paths.sort()).toEqual(['/articles/a1', '/articles/a2']);
  });

  it('requires all terms, then falls back to any term and says so', async () => {
    const all = await searchOnce([congress, balance, bodyOnly], 'congress diplomats');
    expect(all).toMatchObject({ mode: 'all', total: 1, paths: ['/articles/a1'] });
    const any = await searchOnce([congress, balance, bodyOnly], 'congress budget');
    expect(any.mode).toBe('any');
    expect(any.total).toBe(3);
  });

  it('ranks a title match above body matches', async () => {
    const result = await searchOnce([bodyOnly, congress], 'congress');
    expect(result.paths).toEqual(['/articles/a1', '/articles/a3']);
  });

  it('ranks the exact accented word first, and finds the unaccented one too', async () => {
    const plain = article(1, { text: 'We met at the cafe by the station.' });
    const accented = article(2, { text: 'We met at the café by the station.' });
    expect((await searchOnce([accented, plain], 'café')).paths).toEqual(['/articles/a2', '/articles/a1']);
    expect((await searchOnce([plain, accented], 'café')).paths).toEqual(['/articles/a2', '/articles/a1']);
    expect((await searchOnce([accented, plain], 'cafe')).total).toBe(2);
  });

  it('finds runs, running and ran by their stem but never community for communism', async () => {
    const docs = [
      article(1, { text: 'She runs daily.' }),
      article(2, { text: 'Running is good.' }),
      article(3, { text: 'A community.' }),
    ];
    expect((await searchOnce(docs, 'run')).total).toBe(2);
    expect((await searchOnce(docs, 'communism')).total).toBe(0);
  });

  it('applies tag, series, year and kind filters, alone or with words', async () => {
    const docs = [
      article(1, {
        text: 'peace treaty',
        tags: ['History', 'Europe'],
        date: '2018-03-01',
        series: { slug: 'long-peace', title: 'The Long Peace', part: 1 },
      }),
      article(2, { text: 'peace talks', tags: ['history'], date: '2019-03-01' }),
      article(3, { text: 'war', tags: ['europe'], date: '2018-05-01' }),
    ];
    const series = {
      path: '/series/long-peace',
      kind: 'series' as const,
      title: 'The Long Peace',
      summary: 'peace',
      headings: [],
      text: '',
      tags: [],
    };
    expect((await searchOnce(docs, 'tag:history')).paths).toEqual(['/articles/a2', '/articles/a1']);
    expect((await searchOnce(docs, 'peace tag:history tag:europe')).paths).toEqual(['/articles/a1']);
    expect((await searchOnce(docs, 'year:2018')).total).toBe(2);
    expect((await searchOnce(docs, 'year:2018 year:2019')).total).toBe(3);
    expect((await searchOnce(docs, 'peace series:long-peace', {}, [series])).paths.sort()).toEqual([
      '/articles/a1',
      '/series/long-peace',
    ]);
    expect((await searchOnce(docs, 'peace kind:series', {}, [series])).paths).toEqual(['/series/long-peace']);
    expect((await searchOnce(docs, 'peace year:2020')).total).toBe(0);
  });

  it('leaves out excluded (scheduled) docs', async () => {
    const index = await buildSearchIndex([congress, bodyOnly], [], 'en');
    const hidden = index.docIds.get('/articles/a1') ?? '';
    const result = await searchOnce([congress, bodyOnly], 'congress', { exclude: new Set([hidden]) });
    expect(result.paths).toEqual(['/articles/a3']);
    expect(result.total).toBe(1);
  });

  it('pages: totals stay, each page holds perPage hits, past the end is empty, a bad page reads as 1', async () => {
    const docs = Array.from({ length: 23 }, (_, n) => article(n, { text: 'lantern' }));
    const first = await searchOnce(docs, 'lantern', { page: 1, perPage: 10 });
    const third = await searchOnce(docs, 'lantern', { page: 3, perPage: 10 });
    expect([first.total, first.hits.length, third.hits.length]).toEqual([23, 10, 3]);
    expect((await searchOnce(docs, 'lantern', { page: 4, perPage: 10 })).hits).toEqual([]);
    expect((await searchOnce(docs, 'lantern', { page: Number.NaN, perPage: 10 })).paths).toEqual(first.paths);
    const second = await searchOnce(docs, 'lantern', { page: 2, perPage: 10 });
    expect(new Set([...first.paths, ...second.paths, ...third.paths]).size).toBe(23);
    // Equal scores: the newer doc (later in the oldest-first list) comes first.
    expect(first.paths[0]).toBe('/articles/a22');
  });

  it('returns nothing, without error, for a query of only common words', async () => {
    const result = await searchOnce([congress], 'the of and');
    expect(result.parsed.empty).toBe('only-common-words');
    expect([result.total, result.keys.length]).toEqual([0, 0]);
  });

  it('throws SearchIndexError naming a missing key', async () => {
    const index = await buildSearchIndex([congress], [], 'en');
    const parsed = parseQuery('congress', 'en');
    const [first, ...rest] = postingKeys(index.meta, parsed);
    const values = new Map<string, string | null>([
      [first, null],
      ...rest.map((key): [string, string | null] => [key, index.entries.get(key) ?? null]),
    ]);
    expect(() => rank(index.meta, parsed, values, { exclude: new Set(), page: 1, perPage: 10 })).toThrow(SearchIndexError);
  });

  it('reads one doc table and one shard per term per segment in round 1', async () => {
    const docs = Array.from({ length: 9 }, (_, n) => article(n, { text: 'x' }));
    const index = await buildSearchIndex(docs, [], 'en');
    expect(index.meta.segments.map((s) => s.docs)).toEqual([8, 1]);
    const keys = postingKeys(index.meta, parseQuery('alpha beta tag:x', 'en'));
    expect(keys.length).toBeLessThanOrEqual(2 * (1 + 3));
    expect(keys.every((key) => key.startsWith('sx/'))).toBe(true);
  });
});
