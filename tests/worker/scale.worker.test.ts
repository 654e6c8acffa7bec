import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { generatedSite } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish } from '../support/worker';

// A site big enough that lists span many chunks: every page must still read at most 3 keys.
const COUNT = 1000;
let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(generatedSite(COUNT));
  app = createApp(release.root);
}, 60_000);

const slugsIn = (html: string): string[] => [...html.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);
const numberOf = (slug: string): number => Number(slug.replace('article-', ''));

async function walk(base: string): Promise<{ slugs: string[]; maxReads: number }> {
  const kv = countingKV();
  const slugs: string[] = [];
  let maxReads = 0;
  for (let page = 1; ; page++) {
    const { res, body, reads } = await countReads(app, kv, page === 1 ? base : `${base === '/' ? '' : base}/page/${page}`);
    if (res.status === 404) break;
    expect(res.status).toBe(200);
    maxReads = Math.max(maxReads, reads.length);
    slugs.push(...slugsIn(body));
  }
  return { slugs, maxReads };
}

describe(`a generated site of ${COUNT} articles`, () => {
  it('pages through every article exactly once, newest first, reading at most 2 keys a page', { timeout: 60_000 }, async () => {
    const { slugs, maxReads } = await walk('/');
    expect(release.root.articles.chunks.length).toBeGreaterThan(10);
    expect(slugs).toHaveLength(COUNT);
    expect(new Set(slugs).size).toBe(COUNT);
    expect(slugs.map(numberOf)).toEqual([...slugs.map(numberOf)].sort((a, b) => b - a));
    expect(maxReads).toBeLessThanOrEqual(2);
  });

  it('pages through a tag the same way, reading at most 3 keys a page', { timeout: 60_000 }, async () => {
    const { slugs, maxReads } = await walk('/tags/history');
    const expected = generatedSite(COUNT).articles.filter((a) => /tags: \[[^\]]*\bhistory\b/.test(a.text)).length;
    expect(slugs).toHaveLength(expected);
    expect(new Set(slugs).size).toBe(expected);
    expect(maxReads).toBeLessThanOrEqual(3);
  });

  it('serves an article, a series and a year with at most 3 reads', async () => {
    const kv = countingKV();
    for (const path of ['/articles/article-503', '/series/series-7', '/archive/2001', '/series']) {
      const { res, reads } = await countReads(app, kv, path);
      expect(res.status, path).toBe(200);
      expect(reads.length, path).toBeLessThanOrEqual(3);
    }
  });
});
