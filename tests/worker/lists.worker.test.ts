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
    const kv = countingKV();
    const series = generatedSite(COUNT)
      .series.map((s) => s.path.replace(/^.*\/|\.md$/g, ''))
      .sort();
    const { perPage } = release.root.site;
    const pages = Math.ceil(series.length / perPage);
    expect(pages).toBe(2);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const { res, body, calls } = await countReads(app, kv, page === 1 ? '/series' : `/series/page/${page}`);
      expect(res.status, `page ${page}`).toBe(200);
      expect(calls.length, `page ${page}`).toBe(1);
      seen.push(...[...body.matchAll(/<h2>\s*<a href="\/series\/([^"]+)">/g)].map((m) => m[1]));
      expect(body.includes(`href="/series/page/${page + 1}"`), `page ${page}`).toBe(page < pages);
      expect(body.includes(page === 2 ? 'href="/series"' : 'href="/series/page/0"'), `page ${page}`).toBe(page === 2);
    }
    expect(seen).toEqual(series);
  });

  it('redirects /series/page/1 to /series and answers 404 past the end, for 0 or a series’ own address', async () => {
    expect((await countReads(app, countingKV(), '/series/page/1')).res.headers.get('Location')).toBe('/series');
    for (const path of ['/series/page/3', '/series/page/0', '/series/page/02', '/series/page']) {
      expect((await countReads(app, countingKV(), path)).res.status, path).toBe(404);
    }
  });
});
