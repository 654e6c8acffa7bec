import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';
import { countingKV, countReads, createApp, publish } from '../support/worker';

// Property 6: a scheduled article appears at its time, everywhere, with no publish run, and the
// cache keeps working on both sides of that moment.
const DUE = '2030-05-01T09:00:00Z';
let release: Release;

beforeAll(async () => {
  release = await publish(
    contentFiles({
      articles: [
        articleFile({ slug: 'old', date: '2026-01-01', tags: ['history'], series: 'saga', part: 1 }),
        articleFile({
          slug: 'later',
          title: 'Later Part',
          date: DUE,
          tags: ['history'],
          series: 'saga',
          part: 2,
          extra: 'aliases: [/old-later]',
        }),
        articleFile({ slug: 'third', title: 'Third Part', date: '2026-02-01', series: 'saga', part: 3 }),
        ...Array.from({ length: 12 }, (_, i) =>
          articleFile({ slug: `filler-${i}`, date: `2025-0${(i % 9) + 1}-01`, tags: ['history'] }),
        ),
      ],
      series: [seriesFile('saga')],
    }),
  );
});

const at = (iso: string) => createApp(release.root, { clock: () => new Date(iso) });
const PAGES = ['/', '/tags/history', '/series', '/series/saga', '/archive', '/articles/old'];

async function pages(iso: string) {
  const app = at(iso);
  const kv = countingKV();
  const out: Record<string, { status: number; body: string; hitReads: number }> = {};
  for (const path of [...PAGES, '/articles/later', '/archive/2030', '/old-later']) {
    const miss = await countReads(app, kv, path);
    const hit = await countReads(app, kv, path);
    out[path] = { status: miss.res.status, body: miss.body, hitReads: hit.reads.length };
  }
  return out;
}

describe('scheduled articles', () => {
  it('are nowhere a millisecond before their time', async () => {
    const before = await pages('2030-05-01T08:59:59.999Z');
    for (const path of PAGES) {
      expect(before[path].status, path).toBe(200);
      expect(before[path].body, path).not.toContain('Later Part');
      expect(before[path].hitReads, `${path} is cached`).toBe(0);
    }
    expect(before['/articles/later'].status).toBe(404);
    expect(before['/archive/2030'].status).toBe(404);
    // Part 2 comes later than part 3: until then it is a numbered placeholder, and 3 follows 1.
    expect(before['/articles/old'].body).toContain('Part 1 of 3');
    expect(before['/articles/old'].body).toContain('<li class="forthcoming">Forthcoming</li>');
    expect(before['/articles/old'].body).toContain('<a href="/articles/third" rel="next">');
    expect(before['/series'].body).toContain('2 parts');
    expect(before['/old-later'].status).toBe(404);
  });

  it('are everywhere from their time on, with the cache still working', async () => {
    const after = await pages('2030-05-01T09:00:00Z');
    for (const path of ['/', '/tags/history', '/series/saga', '/articles/old']) {
      expect(after[path].body, path).toContain('Later Part');
      expect(after[path].hitReads, `${path} is cached`).toBe(0);
    }
    expect(after['/articles/later'].status).toBe(200);
    expect(after['/articles/old'].body).toContain('Part 1 of 3');
    expect(after['/articles/old'].body).toContain('<a href="/articles/later" rel="next">');
    expect(after['/series'].body).toContain('3 parts');
    expect(after['/old-later'].status).toBe(301);
    expect(after['/archive'].body).toContain('href="/archive/2030"');
    expect(after['/archive/2030'].status).toBe(200);
  });

  it('pages lists as if the scheduled article were not there', async () => {
    const kv = countingKV();
    const before = at('2030-01-01T00:00:00Z');
    const first = await countReads(before, kv, '/tags/history');
    const second = await countReads(before, kv, '/tags/history/page/2');
    const slugs = [...`${first.body}${second.body}`.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);
    expect(slugs).toHaveLength(13);
    expect(slugs).not.toContain('later');
    expect(first.body).toContain('href="/tags/history/page/2"');
    expect((await countReads(before, kv, '/tags/history/page/3')).res.status).toBe(404);
  });

  it('keeps one cache entry per page between two scheduled times', async () => {
    const kv = countingKV();
    await countReads(at('2030-06-01T00:00:00Z'), kv, '/tags/history');
    const later = await countReads(at('2030-07-01T00:00:00Z'), kv, '/tags/history');
    expect(later.reads).toEqual([]);
  });
});
