import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_VALUE_LIMIT } from '../../src/content/limits';
import type { Release } from '../../src/content/release';
import { compile } from '../support/compile';
import { generatedSite } from '../support/fixtures';
import { inMemory } from '../support/memory-app';

// Ten a day: about 3,650 articles in 2000, a year whose list (~75 bytes an article) is far over
// property 9's 64 KiB, beside 2001's short one.
const COUNT = 3800;
const PER_DAY = 10;
let release: Release;

beforeAll(async () => {
  release = await compile(generatedSite(COUNT, { perDay: PER_DAY }));
}, 120_000);

const byteLength = (text: string) => Buffer.byteLength(text);
const yearOf = (r: Release, year: number) => r.root.years.find((y) => y.year === year);

describe('a year longer than one value may hold', () => {
  it('is cut into parts, each within the limit; a short year stays one value', () => {
    const long = yearOf(release, 2000);
    expect(long?.count).toBe(366 * PER_DAY);
    expect(long?.keys.length).toBeGreaterThan(3);
    for (const key of long?.keys ?? []) expect(byteLength(release.entries.get(key) ?? '')).toBeLessThanOrEqual(INDEX_VALUE_LIMIT);
    expect(yearOf(release, 2001)?.keys.length).toBe(1);
  });

  it('serves the year page (newest first) and its sitemap whole, from one bulk read', async () => {
    const site = inMemory(release);
    const expected = Array.from({ length: 366 * PER_DAY }, (_, i) => `article-${i}`);
    const before = site.calls.length;
    const page = await site.request('/archive/2000');
    expect(page.status).toBe(200);
    const listed = [...(await page.text()).matchAll(/<a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);
    expect(listed).toEqual(expected.toReversed());
    expect(site.calls.slice(before)).toEqual([yearOf(release, 2000)?.keys]);
    const sitemap = await (await site.request('/sitemaps/2000.xml')).text();
    expect([...sitemap.matchAll(/\/articles\/([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual(expected);
  });

  it('rewrites only its last part when an article is added to it', async () => {
    const sameYear = await compile(generatedSite(3660 - 1, { perDay: PER_DAY }));
    const plusOne = await compile(generatedSite(3660, { perDay: PER_DAY }));
    const [before, after] = [yearOf(sameYear, 2000)?.keys ?? [], yearOf(plusOne, 2000)?.keys ?? []];
    expect(after.length).toBe(before.length);
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.at(-1)).not.toBe(before.at(-1));
  }, 120_000);
});
