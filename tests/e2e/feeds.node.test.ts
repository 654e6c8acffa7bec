import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, inject, it } from 'vitest';

// The sample site's feeds, as a real feed reader's parser sees them, from the run's shared server.
const SERVER = inject('sampleSiteUrl');
const BASE = 'http://localhost:8787'; // the sample site's baseUrl
/** Like a feed reader: a 503 (KV trouble) is retried after its Retry-After. */
async function text(path: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(SERVER + path);
    if (res.status !== 503) {
      expect(res.status, path).toBe(200);
      return res.text();
    }
    expect(res.headers.get('Retry-After')).toBe('2');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${path} kept answering 503`);
}

const feed = async (path: string) => parseFeed(await text(path));

/** The sample site's published articles (content/articles/, the draft aside), newest first. */
const ARTICLES = [
  ['how-publishing-and-caching-work', 'How publishing and caching work', '2026-10-06'],
  ['writing-articles-and-series', 'Writing articles and series', '2026-09-15'],
  ['getting-started', 'Getting started', '2026-09-01'],
  ['the-summer-the-river-stank', 'The Summer the River Stank', '2026-03-18'],
  ['the-peace-that-forgot-itself', 'The Peace That Forgot Itself', '2025-09-03'],
  ['what-local-elections-are-for', 'What Local Elections Are For', '2025-05-22'],
  ['the-concert-out-of-tune', 'The Concert Out of Tune', '2025-05-20'],
  ['in-praise-of-dull-committees', 'In Praise of Dull Committees', '2025-04-08'],
  ['the-bargain-at-vienna', 'The Bargain at Vienna', '2025-02-14'],
].map(([slug, title, date]) => ({ url: `${BASE}/articles/${slug}`, title, date }));
const pick = (...slugs: string[]) => ARTICLES.filter((a) => slugs.some((slug) => a.url.endsWith(`/${slug}`)));
const HISTORY = pick(
  'the-summer-the-river-stank',
  'the-peace-that-forgot-itself',
  'the-concert-out-of-tune',
  'the-bargain-at-vienna',
);
const ESSAYS = pick('the-summer-the-river-stank', 'in-praise-of-dull-committees');

describe('feeds of the sample site, parsed by @rowanmanning/feed-parser', () => {
  for (const [path, expected] of [
    ['/feed.xml', ARTICLES],
    ['/atom.xml', ARTICLES],
    ['/tags/history/feed.xml', HISTORY],
    ['/tags/history/atom.xml', HISTORY],
    ['/tags/essays/atom.xml', ESSAYS],
  ] as const) {
    it(`${path}: every article newest first, with titles, ids, dates and absolute links`, async () => {
      const parsed = await feed(path);
      expect(parsed.title).toMatch(/The Long View$/);
      const items = parsed.items.map((i) => ({ url: i.url, title: i.title, date: i.published?.toISOString().slice(0, 10) }));
      expect(items).toEqual(expected);
      for (const item of parsed.items) {
        expect(item.id).toBe(item.url);
        expect(item.content).not.toMatch(/ (href|src)="\/(?!\/)/);
        expect(item.authors.map((a) => a.name)).toEqual(['Eleanor Ashdown']);
      }
    });
  }

  for (const path of ['/series/the-long-peace/feed.xml', '/series/the-long-peace/atom.xml']) {
    it(`${path}: every part in part order, the republished one naming its outlet`, async () => {
      const parsed = await feed(path);
      expect(parsed.items.map((i) => i.url)).toEqual([
        `${BASE}/articles/the-bargain-at-vienna`,
        `${BASE}/articles/the-concert-out-of-tune`,
        `${BASE}/articles/the-peace-that-forgot-itself`,
      ]);
      expect(parsed.items[1].content).toContain('This article first appeared on');
      expect(parsed.items[1].content).toContain('Part 2 of');
    });
  }

  it('/tags/history/feed.json: the same items as its RSS feed', async () => {
    const json = JSON.parse(await text('/tags/history/feed.json')) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toEqual((await feed('/tags/history/feed.xml')).items.map((i) => i.id));
  });

  it('/feed.json: JSON Feed 1.1 with the same items as the RSS feed', async () => {
    const json = JSON.parse(await text('/feed.json')) as {
      version: string;
      items: { id: string; content_html: string }[];
    };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => i.id)).toEqual((await feed('/feed.xml')).items.map((i) => i.id));
    expect(json.items.every((i) => i.content_html.includes('<p>'))).toBe(true);
  });
});
