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
/** Like a feed reader: a 503 while bodies are first rendered is retried after its Retry-After. */
async function text(path: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(server.url + path);
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

describe('feeds of the sample site, parsed by @rowanmanning/feed-parser', () => {
  for (const path of ['/feed.xml', '/atom.xml', '/tags/history/feed.xml', '/tags/history/atom.xml', '/tags/essays/atom.xml']) {
    it(`${path}: titles, ids, dates and absolute links`, async () => {
      const parsed = await feed(path);
      expect(parsed.title).toMatch(/The Long View$/);
      expect(parsed.items.length).toBeGreaterThanOrEqual(2);
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
