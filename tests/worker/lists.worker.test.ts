import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { generatedSite } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish } from '../support/worker';

// A series every 50 articles: 13 series, two pages of the list at ten a page.
const COUNT = 620;
let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(generatedSite(COUNT));
  app = createApp(release.root);
}, 60_000);

describe('the list of series', () => {
  it('pages the series by slug, one bulk get a page', async () => {
    const series = generatedSite(COUNT)
      .series.map((s) => s.path.replace(/^.*\/|\.md$/g, ''))
      .sort();
    const { perPage } = release.root.site;
    const pages = Math.ceil(series.length / perPage);
    expect(pages).toBe(2);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      // A binding of its own per page, as a fresh isolate: lists parsed once are not read again.
      const { res, body, calls } = await countReads(app, countingKV(), page === 1 ? '/series' : `/series/page/${page}`);
      expect(res.status, `page ${page}`).toBe(200);
      expect(calls.length, `page ${page}`).toBe(1);
      seen.push(...[...body.matchAll(/<h2>\s*<a href="\/series\/([^"]+)">/g)].map((m) => m[1]));
      expect(body.includes(`href="/series/page/${page + 1}"`), `page ${page}`).toBe(page < pages);
      expect(body.includes(page === 2 ? 'href="/series"' : 'href="/series/page/0"'), `page ${page}`).toBe(page === 2);
    }
    expect(seen).toEqual(series);
  });

  it('parses a list once per isolate and binding: a page from a list already read reads no key', async () => {
    // No Cache API, so every request is a miss.
    const app = createApp(release.root, { edgeCache: false });
    const kv = countingKV();
    const first = await countReads(app, kv, '/series');
    expect(first.reads).toHaveLength(1);
    // Both pages of series come from the one chunk the first page read.
    const second = await countReads(app, kv, '/series/page/2');
    expect(second.res.status).toBe(200);
    expect(second.reads).toEqual([]);
    expect(second.body).toMatch(/<h2>\s*<a href="\/series\//);
    // Another binding (another namespace, or a fresh isolate's) reads the chunk itself.
    const elsewhere = await countReads(app, countingKV(), '/series/page/2');
    expect(elsewhere.reads).toEqual(first.reads);
    expect(elsewhere.body).toBe(second.body);
  });

  it('redirects /series/page/1 to /series and answers 404 past the end, for 0 or a series’ own address', async () => {
    expect((await countReads(app, countingKV(), '/series/page/1')).res.headers.get('Location')).toBe('/series');
    for (const path of ['/series/page/3', '/series/page/0', '/series/page/02', '/series/page']) {
      expect((await countReads(app, countingKV(), path)).res.status, path).toBe(404);
    }
  });
});
