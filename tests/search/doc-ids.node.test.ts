import { describe, expect, it } from 'vitest';
import { identifyDocs, recordJson, recordName, type SearchDoc } from '../../src/search/doc';
import { shortHash } from '../../src/search/keys';
import { article } from './support';

const sourced = (n: number, fields: Partial<SearchDoc> = {}) =>
  article(n, { text: `the text of ${n}`, textSource: `["v","en","Article ${n}","",${n}]`, ...fields });

describe('search record ids', () => {
  it('makes the record JSON.stringify would make of its fields and text, text last', () => {
    const doc = sourced(1, { tags: ['history'], series: { slug: 's', title: 'A "series"', part: 2 }, text: 'a "quoted" text' });
    const { path, kind, title, date, tags, series, text } = doc;
    expect(recordJson(doc)).toBe(JSON.stringify({ path, kind, title, date, tags, series, text }));
    expect(recordJson(article(2))).toBe(
      JSON.stringify({ path: '/articles/a2', kind: 'article', title: 'Article 2', date: '2002-01-03', tags: [], text: '' }),
    );
  });

  it('names a record by everything it is made from: any field or source changed changes the name', () => {
    const doc = sourced(1);
    const name = recordName(doc);
    expect(recordName(sourced(1))).toBe(name);
    const changed: Partial<SearchDoc>[] = [
      { path: '/articles/other' },
      { kind: 'page' },
      { title: 'Another title' },
      { date: '1999-12-31' },
      { date: undefined },
      { tags: ['history'] },
      { series: { slug: 's', title: 'S', part: 1 } },
      { textSource: '["v","en","Article 1","",2]' },
    ];
    const names = changed.map((fields) => recordName({ ...doc, ...fields }));
    expect(new Set([name, ...names]).size).toBe(changed.length + 1);
    // Only the source names the text: a doc that does not know it has no name, and no id is kept for it.
    expect(recordName(article(1))).toBeUndefined();
  });

  it('takes an id it knows by name without hashing, and hashes the record of any doc it does not know', async () => {
    const docs = [sourced(1), sourced(2), article(3, { text: 'no source' })];
    const known = new Map<string, string>();
    const first = await identifyDocs(docs, known);
    for (const { id, json } of first) expect(id).toBe(await shortHash(json));
    // By name where the text's source is known, else by the record itself.
    expect(known).toEqual(
      new Map([
        [recordName(docs[0]), first[0].id],
        [recordName(docs[1]), first[1].id],
        [first[2].json, first[2].id],
      ]),
    );

    // A name known already is trusted: the id it gives is the one used (here a made-up one).
    known.set(recordName(docs[0]) as string, 'made-up-id-0000');
    const again = await identifyDocs([...docs, sourced(2, { tags: ['new'] })], known);
    expect(again.map(({ id }) => id)).toEqual([
      'made-up-id-0000',
      first[1].id,
      first[2].id,
      await shortHash(recordJson(sourced(2, { tags: ['new'] }))),
    ]);
    expect(again[3].id).not.toBe(first[1].id);
  });
});
