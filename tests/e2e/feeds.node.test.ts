import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectSandbox, type Running, startDev } from '../support/sandbox';

// The sample site's feeds, as a real feed reader's parser sees them.
let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
let server: Running;

beforeAll(async () => {
  sandbox = await projectSandbox();
  server = await startDev(sandbox.dir, ['--no-watch']);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await sandbox?.remove();
});

const BASE = 'http://localhost:8787'; // the sample site's baseUrl
const feed = async (path: string) => parseFeed(await (await fetch(server.url + path)).text());

describe('feeds of the sample site, parsed by @rowanmanning/feed-parser', () => {
  for (const path of ['/feed.xml', '/atom.xml', '/tags/history/feed.xml', '/tags/history/atom.xml']) {
    it(`${path}: titles, ids, dates and absolute links`, async () => {
      const parsed = await feed(path);
      expect(parsed.title).toMatch(/The Long View$/);
      expect(parsed.items.length).toBeGreaterThan(2);
      for (const item of parsed.items) {
        expect(item.title?.length).toBeGreaterThan(0);
        expect(item.id).toBe(item.url);
        expect(item.url?.startsWith(`${BASE}/articles/`)).toBe(true);
        expect(item.published?.getTime()).toBeGreaterThan(Date.UTC(2024, 0, 1));
        expect(item.content).not.toMatch(/ (href|src)="\/(?!\/)/);
        expect(item.authors[0]?.name).toBe('Eleanor Ashdown');
      }
      const dates = parsed.items.map((i) => i.published?.getTime() ?? 0);
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
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

  it('/feed.json: JSON Feed 1.1 with the same items as the RSS feed', async () => {
    const json = (await (await fetch(`${server.url}/feed.json`)).json()) as {
      version: string;
      items: { id: string; content_html: string }[];
    };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => i.id)).toEqual((await feed('/feed.xml')).items.map((i) => i.id));
    expect(json.items.every((i) => i.content_html.includes('<p>'))).toBe(true);
  });
});
