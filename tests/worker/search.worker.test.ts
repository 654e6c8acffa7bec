import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';
import { countingKV, countReads, createApp, publish, request } from '../support/worker';

// Property 10: search answered at the edge from the release's own index, in at most two rounds
// of KV reads, cached like any page, hiding what the schedule hides.
const DUE = '2030-05-01T09:00:00Z';
let release: Release;

beforeAll(async () => {
  release = await publish(
    contentFiles({
      articles: [
        articleFile({
          slug: 'vienna',
          title: 'The Bargain at Vienna',
          date: '2026-01-01',
          tags: ['history'],
          body: 'The congress kept the balance of power.',
        }),
        articleFile({
          slug: 'soon',
          title: 'A Scheduled Essay',
          date: DUE,
          tags: ['history'],
          series: 'saga',
          part: 1,
          body: 'Zeppelins over the congress, a balance restored.',
          extra: 'aliases: [/old-soon]',
        }),
        ...Array.from({ length: 30 }, (_, i) =>
          articleFile({ slug: `filler-${i}`, date: `2025-0${(i % 9) + 1}-1${i % 10}`, body: `Filler ${i} on the congress.` }),
        ),
      ],
      series: [seriesFile('saga')],
    }),
  );
});

const at = (iso: string) => createApp(release.root, { clock: () => new Date(iso) });

describe('search', () => {
  it('finds a scheduled article only from its time, with no publish run', async () => {
    const kv = countingKV();
    const before = await countReads(at('2030-05-01T08:59:59Z'), kv, '/search?q=zeppelins');
    expect(before.res.status).toBe(200);
    expect(before.body).not.toContain('A Scheduled Essay');
    expect(before.body).toContain('No results for “zeppelins”.');
    const balance = await countReads(at('2030-05-01T08:59:59Z'), kv, '/search?q=balance');
    expect(balance.body).toContain('1 result for “balance”.');
    const after = await countReads(at('2030-05-01T09:00:01Z'), kv, '/search?q=zeppelins');
    expect(after.body).toContain('href="/articles/soon"');
    // An alias is another address of the article, never a second hit.
    expect((await countReads(at('2030-05-01T09:00:01Z'), kv, '/search?q=balance')).body).toContain('2 results for “balance”.');
  });

  it('reads KV in two rounds at most when uncached, and not at all when cached', async () => {
    const app = at('2026-06-01T00:00:00Z');
    const kv = countingKV();
    const calls = kv.calls.length;
    const miss = await countReads(app, kv, '/search?q=congress+balance&page=1');
    expect(miss.res.status).toBe(200);
    expect(kv.calls.length - calls).toBeLessThanOrEqual(2);
    expect(miss.reads.every((key) => /^s[dx]\//.test(key))).toBe(true);
    // Another spelling of the same query, junk parameters and all: the same cached answer.
    for (const spelling of [
      '/search?q=Congress++BALANCE',
      '/search?utm_source=x&q=congress%20balance',
      '/search?q=congress+balance&x=<y>',
    ]) {
      const hit = await countReads(app, kv, spelling);
      expect(hit.reads, spelling).toEqual([]);
      expect(hit.body, spelling).toBe(miss.body);
    }
  });

  it("answers 503 + Retry-After, caching nothing, when KV lacks a hit's record pack", async () => {
    const app = at('2026-06-01T00:00:00Z');
    const first = await countReads(app, countingKV(), '/search?q=vienna');
    expect(first.body).toContain('href="/articles/vienna"');
    const packs = first.reads.filter((key) => key.startsWith('sd/'));
    expect(packs).toHaveLength(1);
    const value = await env.CONTENT.get(packs[0]);
    await env.CONTENT.delete(packs[0]);
    try {
      const lacking = await request(app, '/search?q=bargain+vienna');
      expect(lacking.status).toBe(503);
      expect(lacking.headers.get('Retry-After')).not.toBeNull();
    } finally {
      await env.CONTENT.put(packs[0], value ?? '');
    }
    const again = await request(app, '/search?q=bargain+vienna');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('href="/articles/vienna"');
  });

  it('keeps results out of search engines and allows the form in the CSP', async () => {
    const res = await request(at('2026-06-01T00:00:00Z'), '/search?q=congress');
    expect(res.headers.get('X-Robots-Tag')).toBe('noindex');
    expect(res.headers.get('Content-Security-Policy')).toContain("form-action 'self'");
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain('<link rel="search" type="application/opensearchdescription+xml"');
  });

  it('answers every bad query with a page, never a 5xx, and reflects nothing unescaped', async () => {
    const app = at('2026-06-01T00:00:00Z');
    const queries = [
      '',
      'q=',
      `q=${'a'.repeat(10_000)}`,
      'q=the+of+and',
      'q=---+:::+%22%22',
      'q=%22unbalanced',
      'q=%FF%FE',
      'q=%E0%A4%A',
      'q=%ZZ',
      'q=%ED%A0%80',
      'q=congress&page=0',
      'q=congress&page=-1',
      'q=congress&page=99999',
      'q=congress&page=NaN',
      'q=colour:red+congress',
      'q=tag:%3Cscript%3E',
      'q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E',
      'q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E',
    ];
    for (const query of queries) {
      const res = await request(app, `/search?${query}`);
      expect(res.status, query).toBe(200);
      const html = await res.text();
      expect(html, query).not.toMatch(/<script>|<img\b/i);
    }
    const cut = await (await request(app, `/search?q=${Array.from({ length: 12 }, (_, i) => `word${i}`).join('+')}`)).text();
    expect(cut).toContain('Only the first 8 words were searched for.');
  });

  it('offers each query as an Atom feed of the newest matching articles', async () => {
    const res = await request(at('2030-05-02T00:00:00Z'), '/search/atom.xml?q=congress');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=UTF-8');
    const xml = await res.text();
    const entries = [...xml.matchAll(/<entry><id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(entries.length).toBe(20);
    expect(entries[0]).toBe('https://blog.example/articles/soon');
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://blog.example/search/atom.xml?q=congress"/>',
    );
  });

  it('describes itself for browsers with OpenSearch 1.1', async () => {
    const res = await request(at('2026-06-01T00:00:00Z'), '/opensearch.xml');
    expect(res.headers.get('Content-Type')).toBe('application/opensearchdescription+xml; charset=UTF-8');
    const xml = await res.text();
    expect(xml).toContain('<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">');
    expect(xml).toContain('<Url type="text/html" method="get" template="https://blog.example/search?q={searchTerms}"/>');
    expect(/<ShortName>([^<]*)<\/ShortName>/.exec(xml)?.[1].length).toBeLessThanOrEqual(16);
  });
});
