import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { yearSitemaps } from '../../src/render/sitemap';
import { articleFile, correctedArticle, featureSite } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish, request, useSite } from '../support/worker';

// featureSite, plus an article not due for decades (in a year and a tag of its own) and a corrected one.
const files = featureSite('sitemap');
files.articles.push(
  articleFile({ slug: 'future', title: 'From the Future', date: '2099-01-01', tags: ['future-only'] }),
  correctedArticle(),
);

let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(files);
  app = createApp(release.root);
});

const get = async (path: string) => {
  const res = await request(app, path);
  return { status: res.status, type: res.headers.get('Content-Type'), text: await res.text() };
};
const locs = (xml: string): string[] => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);

const BASE = 'https://blog.example';

describe('robots.txt and sitemaps', () => {
  it('names the sitemap in robots.txt and allows everything but search results', async () => {
    const robots = await get('/robots.txt');
    expect(robots).toMatchObject({ status: 200, type: 'text/plain; charset=UTF-8' });
    expect(robots.text).toBe(`User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: ${BASE}/sitemap.xml\n`);
  });

  it('indexes the site sitemap, one per chunk of the series and tag lists, and one per year with due articles', async () => {
    const index = await get('/sitemap.xml');
    expect(index).toMatchObject({ status: 200, type: 'application/xml; charset=UTF-8' });
    expect(index.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<sitemapindex xmlns="http:\/\/www.sitemaps.org/);
    expect(locs(index.text)).toEqual(
      ['site.xml', 'series-1.xml', 'tags-1.xml', '2026.xml', '2025.xml'].map((f) => `${BASE}/sitemaps/${f}`),
    );
  });

  it('lists the home page, lists, pages and years in the site sitemap, series and tags in theirs', async () => {
    const site = await get('/sitemaps/site.xml');
    expect(site.type).toBe('application/xml; charset=UTF-8');
    const paths = (xml: string) => locs(xml).map((u) => u.slice(BASE.length));
    expect(paths(site.text).sort()).toEqual(['/', '/series', '/archive', '/about', '/archive/2025', '/archive/2026'].sort());
    expect(paths((await get('/sitemaps/series-1.xml')).text)).toEqual(['/series/saga']);
    expect(paths((await get('/sitemaps/tags-1.xml')).text)).toEqual(['/tags/history', '/tags/notes', '/tags/politics']);
    for (const path of ['/sitemaps/series-2.xml', '/sitemaps/tags-0.xml', '/sitemaps/tags-01.xml']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('lists every due article of a year with its last modification, and nothing scheduled', async () => {
    const year = await get('/sitemaps/2026.xml');
    expect(year.text).toMatch(/<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const urls = [...year.text.matchAll(/<url><loc>([^<]*)<\/loc><lastmod>([^<]*)<\/lastmod><\/url>/g)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(urls)).toEqual({
      [`${BASE}/articles/corrected`]: '2026-02-05',
      [`${BASE}/articles/part-one`]: '2026-03-01',
      [`${BASE}/articles/part-two`]: '2026-03-08',
      [`${BASE}/articles/part-three`]: '2026-03-15',
      [`${BASE}/articles/essay`]: '2026-04-03',
    });
    expect(locs((await get('/sitemaps/2025.xml')).text)).toHaveLength(12);
    for (const path of ['/sitemaps/2099.xml', '/sitemaps/2026-1.xml', '/sitemaps/nope.xml']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('adds a scheduled article, its year and its tag from its time on', async () => {
    const later = createApp(release.root, { clock: () => new Date('2099-01-01T00:00:00Z') });
    const index = await (await request(later, '/sitemap.xml')).text();
    expect(locs(index)).toContain(`${BASE}/sitemaps/2099.xml`);
    expect(locs(await (await request(later, '/sitemaps/2099.xml')).text())).toEqual([`${BASE}/articles/future`]);
    expect(locs(await (await request(later, '/sitemaps/tags-1.xml')).text())).toContain(`${BASE}/tags/future-only`);
  });

  it('splits a year into numbered sitemaps only when it outgrows one', () => {
    const years = [
      { year: 2026, count: 5 },
      { year: 2025, count: 2 },
      { year: 2024, count: 0 },
    ];
    expect(yearSitemaps(years, 2)).toEqual([
      { file: '2026-1.xml', year: 2026, start: 0, end: 2 },
      { file: '2026-2.xml', year: 2026, start: 2, end: 4 },
      { file: '2026-3.xml', year: 2026, start: 4, end: 5 },
      { file: '2025.xml', year: 2025, start: 0, end: 2 },
    ]);
    expect(yearSitemaps([{ year: 2026, count: 50_000 }])).toEqual([{ file: '2026.xml', year: 2026, start: 0, end: 50_000 }]);
    expect(yearSitemaps([{ year: 2026, count: 50_001 }]).map((s) => s.file)).toEqual(['2026-1.xml', '2026-2.xml']);
  });

  it('reads at most 3 KV keys on a miss and none on a hit', async () => {
    const fresh = (await useSite(featureSite('sitemap-reads'))).app;
    const kv = countingKV();
    const expected = {
      '/robots.txt': 0,
      '/sitemap.xml': 0,
      '/sitemaps/site.xml': 0,
      '/sitemaps/series-1.xml': 1,
      '/sitemaps/tags-1.xml': 1,
      '/sitemaps/2026.xml': 1,
    };
    for (const [path, reads] of Object.entries(expected)) {
      const miss = await countReads(fresh, kv, path);
      expect(miss.reads, path).toHaveLength(reads);
      expect((await countReads(fresh, kv, path)).reads, `${path} hit`).toEqual([]);
    }
  });
});
