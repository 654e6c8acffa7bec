import { env } from 'cloudflare:test';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { withRenders } from '../../src/cli/prerender';
import { isSourceKey } from '../../src/content/keys';
import type { Release } from '../../src/content/release';
import { pageKey } from '../../src/middleware/edge-cache';
import { forgetfulStore } from '../../src/store/release-store';
import { compile } from '../support/compile';
import { articleFile, contentFiles, featureSite, seriesFile } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish, request, useSite } from '../support/worker';

let release: Release;
let app: App;

beforeAll(async () => {
  const site = featureSite('feeds');
  site.articles.push(articleFile({ slug: 'future', title: 'Not Yet', date: '2031-01-01', tags: ['history'] }));
  release = await publish(site);
  app = createApp(release.root);
});

const BASE = 'https://blog.example';
const fetchFeed = async (path: string) => {
  const res = await request(app, path);
  return { res, text: await res.text() };
};

describe('feeds', () => {
  for (const [path, type] of [
    ['/feed.xml', 'application/rss+xml; charset=UTF-8'],
    ['/atom.xml', 'application/atom+xml; charset=UTF-8'],
    ['/series/saga/feed.xml', 'application/rss+xml; charset=UTF-8'],
    ['/series/saga/atom.xml', 'application/atom+xml; charset=UTF-8'],
    ['/tags/history/feed.xml', 'application/rss+xml; charset=UTF-8'],
    ['/tags/history/atom.xml', 'application/atom+xml; charset=UTF-8'],
  ] as const) {
    it(`serves ${path} as well-formed ${type.split(';')[0]} that a feed parser reads`, async () => {
      const { res, text } = await fetchFeed(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe(type);
      expect(XMLValidator.validate(text)).toBe(true);
      expect(text).toMatch(/<title>[^<]*Test Site<\/title>/);
      expect(text).not.toMatch(/(href|src)="\/(?!\/)/);
      expect(text).not.toContain('Not Yet');
    });
  }

  it('carries the newest 20 articles, newest first, in the site feed', async () => {
    const links = [...(await fetchFeed('/feed.xml')).text.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]).slice(1);
    expect(links).toHaveLength(16);
    expect(links[0]).toBe(`${BASE}/articles/essay`);
  });

  it('orders series items by part, with their position, so a new reader starts at part 1', async () => {
    const atom = (await fetchFeed('/series/saga/atom.xml')).text;
    expect([...atom.matchAll(/<entry><id>[^<]*\/articles\/([^<]+)<\/id>/g)].map((m) => m[1])).toEqual([
      'part-one',
      'part-two',
      'part-three',
    ]);
    expect(atom).toContain(`<p><em>Part 2 of <a href="${BASE}/series/saga">Series saga</a></em></p>`);
  });

  it('names where a republished article first appeared', async () => {
    const rss = (await fetchFeed('/series/saga/feed.xml')).text;
    expect(rss).toContain('<source url="https://review.example/third">The Review</source>');
    const atom = (await fetchFeed('/series/saga/atom.xml')).text;
    expect(atom).toContain('<link rel="via" href="https://review.example/third" title="The Review"/>');
    expect(atom).toContain(
      'This article first appeared on <a href="https://review.example/third">The Review</a> on December 1, 2025.',
    );
  });

  it('makes links absolute, footnotes included', async () => {
    expect((await fetchFeed('/tags/politics/feed.xml')).text).toContain(`href="${BASE}/articles/essay#fn:n"`);
  });

  it('keeps footnotes as a list at the end, without the sidenotes of the article page', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
      const { text } = await fetchFeed(path);
      expect(text, path).toMatch(
        /<sup><a id=\\?"fn:ref-n\\?" href=\\?"https:\/\/blog\.example\/articles\/essay#fn:n\\?" data-fn:ref/,
      );
      expect(text, path).not.toMatch(/popover|class=\\?"(?:fn|sn)\\?"/);
    }
  });

  it('serves JSON Feed 1.1 with its required fields', async () => {
    const { res, text } = await fetchFeed('/feed.json');
    expect(res.headers.get('Content-Type')).toBe('application/feed+json; charset=UTF-8');
    const feed = JSON.parse(text);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed).toMatchObject({ title: 'Test Site', home_page_url: `${BASE}/`, feed_url: `${BASE}/feed.json`, language: 'en' });
    expect(feed.authors).toEqual([{ name: 'Ada Tester' }]);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(item.content_html.length).toBeGreaterThan(0);
      expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
    }
    const series = JSON.parse((await fetchFeed('/series/saga/feed.json')).text);
    expect(series.items.map((i: { _quire: { position: number } }) => i._quire.position)).toEqual([1, 2, 3]);
    expect(series.items[2].external_url).toBe('https://review.example/third');
  });

  it('keeps ids stable when an article is edited', async () => {
    const ids = (text: string) => [...text.matchAll(/<guid isPermaLink="true">([^<]+)<\/guid>/g)].map((m) => m[1]);
    const next = (await useSite(featureSite('feeds, edited'))).app;
    const after = await (await request(next, '/feed.xml')).text();
    expect(after).toContain('Essay feeds, edited');
    expect(ids(after)).toEqual(ids((await fetchFeed('/feed.xml')).text));
  });

  it('reuses the bodies of a feed built once: a later miss anywhere reads at most 3 keys', async () => {
    const fresh = await publish(featureSite('feed-reads'));
    const feedApp = createApp(fresh.root);
    const kv = countingKV();
    for (const path of ['/feed.xml', '/tags/history/atom.xml', '/series/saga/feed.json']) {
      const first = await countReads(feedApp, kv, path);
      expect(first.res.status).toBe(200);
      await caches.default.delete(pageKey(path));
      const again = await countReads(feedApp, kv, path);
      expect(again.body).toBe(first.body);
      expect(again.reads.length, `${path}: ${again.reads.join(' ')}`).toBeLessThanOrEqual(3);
      expect(again.reads.filter((k) => k.startsWith('md/') || k.startsWith('html/'))).toEqual([]);
    }
  });
});

describe('feeds after edits, and on a fresh release', () => {
  it('shows a part renamed in front matter only, in the series feed too', async () => {
    const renamed = featureSite('feeds');
    renamed.articles = renamed.articles.map((a) =>
      a.path.endsWith('part-two.md') ? { ...a, text: a.text.replace('The Second Part', 'The Renamed Part') } : a,
    );
    const next = (await useSite(renamed)).app;
    await request(next, '/series/saga/feed.xml'); // the old release built and kept its own window
    const rss = await (await request(next, '/series/saga/feed.xml')).text();
    expect(rss).toContain('<title>The Renamed Part</title>');
    expect(rss).not.toContain('The Second Part');
  });

  it('drops characters XML forbids, and names what the feed follows in Cache-Tag', async () => {
    const site = featureSite('control');
    site.articles.push(
      articleFile({ slug: 'pasted', date: '2026-05-01', tags: ['politics'], body: 'Pasted\u000b from a word processor\u0001.' }),
    );
    const pasted = (await useSite(site)).app;
    const res = await request(pasted, '/tags/politics/atom.xml');
    const atom = await res.text();
    expect(atom).toContain('Pasted from a word processor.');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking they are gone
    expect(atom).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(res.headers.get('Cache-Tag')?.split(',').slice(1, 3)).toEqual(['feed', 'tag:politics']);
    const series = await request(pasted, '/series/saga/feed.xml');
    expect(series.headers.get('Cache-Tag')?.split(',')).toContain('series:saga');
  });

  it("answers a fresh release's first site and series feeds from the windows publish kept: nothing built", async () => {
    const words = Array.from({ length: 2500 }, (_, i) => `w${i}`).join(' ');
    const long = Array.from({ length: 5 }, (_, i) =>
      articleFile({
        slug: `long-${i}`,
        date: `2026-0${i + 1}-01`,
        tags: ['long'],
        series: 'long-saga',
        part: i + 1,
        body: `Essay ${i}: ${words}`,
      }),
    );
    const fresh = await publish(contentFiles({ articles: long, series: [seriesFile('long-saga')] }));
    const composed = createApp(fresh.root, { store: forgetfulStore, edgeCache: false });
    // The site feed: the window alone. The series feed: its entry, then the window.
    for (const [path, reads] of [
      ['/feed.xml', ['feed']],
      ['/series/long-saga/atom.xml', ['shard', 'feed']],
    ] as const) {
      const first = await countReads(createApp(fresh.root), countingKV(), path);
      expect(first.res.status, path).toBe(200);
      expect(first.body, path).toContain('Essay 4: w0 w1');
      expect(
        first.calls.map((keys) => keys.map((k) => k.split('/')[0]).join(' ')),
        path,
      ).toEqual(reads);
      // The window publish kept is the one the worker would build: a feed composed per request says the same.
      expect((await countReads(composed, countingKV(), path)).body, path).toBe(first.body);
    }
  });

  it("builds a tag's first feed from the bodies rendered at publish, in one bulk read, and keeps it", async () => {
    const words = Array.from({ length: 2500 }, (_, i) => `v${i}`).join(' ');
    const long = Array.from({ length: 5 }, (_, i) =>
      articleFile({
        slug: `tagged-${i}`,
        date: `2026-0${i + 1}-01`,
        tags: i < 3 ? ['kept-later'] : [],
        body: `Essay ${i}: ${words}`,
      }),
    );
    const fresh = await publish(contentFiles({ articles: long }));
    const kv = countingKV();
    const first = await countReads(createApp(fresh.root), kv, '/tags/kept-later/feed.xml');
    expect(first.res.status).toBe(200);
    expect(first.body).toContain('Essay 2: v0 v1');
    // The tag's entry, the window not kept yet, its list chunk, then the three bodies in one bulk get; no markdown.
    const calls = first.calls.map((keys) => keys.map((k) => k.split('/')[0]).join(' '));
    expect(calls).toEqual(['shard', 'feed', 'list', 'html html html']);
    const again = await countReads(createApp(fresh.root, { edgeCache: false }), countingKV(), '/tags/kept-later/feed.xml');
    expect(again.body).toBe(first.body);
    expect(again.reads.filter((k) => k.startsWith('html/'))).toEqual([]);
  });

  it('answers 503 with Retry-After, and caches nothing, when KV lacks a body the release was published with', async () => {
    // The release's own entries uploaded, the rendered bodies beside them not (yet).
    const bare = await compile(
      contentFiles({ articles: [articleFile({ slug: 'lost', tags: ['unseen'], body: 'A body not uploaded yet.' })] }),
    );
    const upload = (entries: Map<string, string>) =>
      Promise.all([...entries].filter(([key]) => !isSourceKey(key)).map(([key, value]) => env.CONTENT.put(key, value)));
    await upload(bare.entries);
    const feedApp = createApp(bare.root);
    // A feed no other test asked for: the edge cache has no last good copy to give instead.
    const res = await request(feedApp, '/tags/unseen/feed.xml');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('30');
    const full = await withRenders(bare);
    await upload(full.entries);
    const again = await request(feedApp, '/tags/unseen/feed.xml');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('A body not uploaded yet.');
  });
});

describe('feed autodiscovery', () => {
  const alternates = async (path: string) =>
    [
      ...(await (await request(app, path)).text()).matchAll(
        /<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"\/>/g,
      ),
    ].map((m) => `${m[1]} ${m[2]}`);

  it('announces the site feeds on every page, and series and tag feeds where they apply', async () => {
    const site = ['application/rss+xml /feed.xml', 'application/atom+xml /atom.xml', 'application/feed+json /feed.json'];
    expect(await alternates('/')).toEqual(site);
    expect(await alternates('/about')).toEqual(site);
    const series = [
      'application/rss+xml /series/saga/feed.xml',
      'application/atom+xml /series/saga/atom.xml',
      'application/feed+json /series/saga/feed.json',
    ];
    expect(await alternates('/series/saga')).toEqual([...site, ...series]);
    expect(await alternates('/articles/part-two')).toEqual([...site, ...series]);
    expect(await alternates('/tags/history')).toEqual([
      ...site,
      'application/rss+xml /tags/history/feed.xml',
      'application/atom+xml /tags/history/atom.xml',
      'application/feed+json /tags/history/feed.json',
    ]);
  });
});
