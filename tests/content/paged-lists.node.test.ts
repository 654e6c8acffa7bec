import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { compile } from '../support/compile';
import { generatedSite } from '../support/fixtures';
import { inMemory } from '../support/memory-app';

// Long enough that the site list and the tag on every article (`essays`) have paged chunk tables
// (content/table.ts): a deep page reads a table page, then its chunks, each in one bulk get.
const COUNT = 7000;
let release: Release;
let site: ReturnType<typeof inMemory>;

beforeAll(async () => {
  release = await compile(generatedSite(COUNT, { tags: ['essays'] }));
  site = inMemory(release);
}, 120_000);

/** A page, and the KV operations (a bulk get is one) serving it took. */
async function get(path: string) {
  const before = site.calls.length;
  const res = await site.request(path);
  return { res, body: await res.text(), calls: site.calls.slice(before) };
}

const slugsIn = (html: string): string[] => [...html.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);

/** Every page of a list, with the most KV operations (a bulk get is one) any page took. */
async function walk(base: string): Promise<{ slugs: string[]; maxCalls: number; firstCalls: number }> {
  const slugs: string[] = [];
  const calls: number[] = [];
  for (let page = 1; ; page++) {
    const { res, body, calls: made } = await get(page === 1 ? base : `${base === '/' ? '' : base}/page/${page}`);
    if (res.status === 404) break;
    expect(res.status).toBe(200);
    calls.push(made.length);
    slugs.push(...slugsIn(body));
  }
  return { slugs, maxCalls: Math.max(...calls), firstCalls: calls[0] };
}

const newestFirst = (n: number): string[] => Array.from({ length: n }, (_, i) => `article-${n - 1 - i}`);

describe(`the lists of a generated site of ${COUNT} articles`, () => {
  it('pages the site list and the essays table, and keeps the newest refs inline', () => {
    expect(release.root.articles.pages.length).toBeGreaterThan(0);
    expect(release.root.articles.chunks.length).toBeGreaterThan(0);
    expect(release.root.tagTables.essays?.count).toBe(COUNT);
    expect(release.root.tagTables.essays?.table.pages.length).toBeGreaterThan(0);
    // A tag this short keeps its table in its entry.
    expect(release.root.tagTables.history).toBeUndefined();
  });

  it('walks the site list newest first, reading the home page in one bulk get and any other in two', {
    timeout: 120_000,
  }, async () => {
    const { slugs, maxCalls, firstCalls } = await walk('/');
    expect(slugs).toEqual(newestFirst(COUNT));
    expect(firstCalls).toBe(1);
    expect(maxCalls).toBe(2);
  });

  it('walks a paged tag the same way, with no name lookup', { timeout: 120_000 }, async () => {
    const { slugs, maxCalls } = await walk('/tags/essays');
    expect(slugs).toEqual(newestFirst(COUNT));
    expect(maxCalls).toBe(2);
  });

  it('reads a short tag’s entry, then its chunks in one bulk get', async () => {
    for (const path of ['/tags/history', '/tags/history/page/20']) {
      const { res, calls } = await get(path);
      expect(res.status, path).toBe(200);
      expect(calls.length, path).toBeLessThanOrEqual(2);
      expect(
        calls.at(-1)?.every((key) => key.startsWith('list/')),
        path,
      ).toBe(true);
    }
  });

  it('serves the feeds of the site and of the paged tag from the inline refs', async () => {
    for (const path of ['/feed.xml', '/tags/essays/atom.xml']) {
      const { res, calls } = await get(path);
      expect(res.status, path).toBe(200);
      expect(
        calls.flat().filter((key) => key.startsWith('table/')),
        path,
      ).toEqual([]);
    }
  });
});
