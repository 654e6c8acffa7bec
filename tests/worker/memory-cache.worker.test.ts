/**
 * The hot path (src/middleware/memory-cache.ts): what src/index.ts puts in front of the app.
 * A hit must be the very page a miss gave, with no app call and no KV read; nothing that is not a
 * cacheable full GET answer may be kept; a new edition stops old entries from matching.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { editionClock, scheduleAt } from '../../src/content/schedule';
import { type Fetch, memoryCache } from '../../src/middleware/memory-cache';
import { featureSite } from '../support/fixtures';
import { countingKV, createApp, publish } from '../support/worker';

let release: Release;

beforeAll(async () => {
  release = await publish(featureSite('memory'));
});

/** The app behind a memory cache, with its calls and KV reads counted. */
function hotApp(options: { edition?: () => string; maxBytes?: number } = {}) {
  const kv = countingKV();
  const app = createApp(release.root);
  const calls: string[] = [];
  const inner: Fetch = (request, e, ctx) => {
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return app.fetch(request, e, ctx);
  };
  const edition = options.edition ?? (() => scheduleAt(release.root, new Date()).edition);
  const hot = memoryCache(inner, edition, options.maxBytes);
  const get = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const res = await hot(new Request(`https://blog.example${path}`, init), { ...env, CONTENT: kv.binding }, ctx);
    await waitOnExecutionContext(ctx);
    return { res, body: await res.text() };
  };
  return { get, calls, kv };
}

describe('memory cache', () => {
  it('answers a hit with the same status, headers and bytes, without the app or KV', async () => {
    const { get, calls, kv } = hotApp();
    for (const path of ['/', '/articles/essay', '/series/saga', '/feed.xml', '/2019/old-essay']) {
      const miss = await get(path);
      const callsBefore = calls.length;
      const readsBefore = kv.reads.length;
      const hit = await get(path);
      expect(calls.length, path).toBe(callsBefore);
      expect(kv.reads.length, path).toBe(readsBefore);
      expect(hit.res.status).toBe(miss.res.status);
      expect([...hit.res.headers]).toEqual([...miss.res.headers]);
      expect(hit.body).toBe(miss.body);
      expect(hit.res.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    }
  });

  it('answers HEAD and If-None-Match from memory, as the app would', async () => {
    const { get, calls } = hotApp();
    const page = await get('/articles/essay');
    const etag = page.res.headers.get('ETag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{20}\.\d+\.[0-9a-f]{8}"$/);
    const count = calls.length;
    const head = await get('/articles/essay', { method: 'HEAD' });
    expect(head.res.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.res.headers.get('ETag')).toBe(etag);
    const notModified = await get('/articles/essay', { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(notModified.res.status).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.res.headers.get('ETag')).toBe(etag);
    expect(notModified.res.headers.get('Cache-Control')).toMatch(/public/);
    expect(notModified.res.headers.get('Content-Type')).toBeNull();
    const changed = await get('/articles/essay', { headers: { 'If-None-Match': '"something-else"' } });
    expect(changed.res.status).toBe(200);
    expect(changed.body).toBe(page.body);
    expect(calls.length).toBe(count);
  });

  it('ignores query strings and request headers: a hostile first request cannot change the kept page', async () => {
    const { get, calls } = hotApp();
    const hostile = await get('/series/saga?utm_source=x&<script>', {
      headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' },
    });
    expect(hostile.body).not.toContain('evil.example');
    const count = calls.length;
    const plain = await get('/series/saga');
    expect(calls.length).toBe(count);
    expect(plain.body).toBe(hostile.body);
    expect(plain.body).toContain('https://blog.example/series/saga');
  });

  it('passes other methods to the app and keeps no 404, 405, 304 or error', async () => {
    const { get, calls, kv } = hotApp();
    const post = await get('/articles/essay', { method: 'POST' });
    expect(post.res.status).toBe(405);
    await get('/no-such-page');
    await get('/no-such-page');
    expect(calls.filter((c) => c === 'GET /no-such-page')).toHaveLength(2);

    kv.state.failing = true;
    const down = await get('/tags/politics');
    expect(down.res.status).toBe(503);
    kv.state.failing = false;
    const up = await get('/tags/politics');
    expect(up.res.status).toBe(200);
    expect(calls.filter((c) => c === 'GET /tags/politics')).toHaveLength(2);
    const hit = await get('/tags/politics');
    expect(hit.body).toBe(up.body);
    expect(calls.filter((c) => c === 'GET /tags/politics')).toHaveLength(2);
  });

  it('keeps pages per edition: a new edition is a miss, then a hit', async () => {
    let edition = 'release-a.0';
    const { get, calls } = hotApp({ edition: () => edition });
    await get('/archive');
    await get('/archive');
    expect(calls.filter((c) => c === 'GET /archive')).toHaveLength(1);
    edition = 'release-a.1';
    await get('/archive');
    await get('/archive');
    expect(calls.filter((c) => c === 'GET /archive')).toHaveLength(2);
  });

  it('stays within its byte budget, dropping the least recently used page first', async () => {
    // Answers of a known size: 1,000 bytes of body and a few dozen of key and headers.
    const calls: string[] = [];
    const inner: Fetch = async (request) => {
      calls.push(new URL(request.url).pathname);
      return new Response('x'.repeat(1000), { headers: { 'Cache-Control': 'public' } });
    };
    const hot = memoryCache(inner, () => 'e', 5_500); // room for five
    const misses = async (path: string) => {
      const before = calls.length;
      await (await hot(new Request(`https://blog.example${path}`), env, createExecutionContext())).text();
      return calls.length - before;
    };
    for (const path of ['/a', '/b', '/c', '/d', '/e']) expect(await misses(path)).toBe(1);
    for (const path of ['/a', '/b', '/c', '/d', '/e']) expect(await misses(path), `${path} kept`).toBe(0);
    expect(await misses('/a'), 'used again: now the most recent').toBe(0);
    expect(await misses('/f')).toBe(1);
    expect(await misses('/a'), 'the recently used page stays').toBe(0);
    expect(await misses('/b'), 'the least recently used page went').toBe(1);
  });
});

describe('edition clock', () => {
  it('changes exactly when a scheduled article falls due, and not otherwise', () => {
    const later = '2030-01-01T00:00:00.000Z';
    const upcoming = release.root.upcoming.map((a, i, all) => (i === all.length - 1 ? { ...a, date: later } : a));
    const root = { ...release.root, upcoming };
    const due = Date.parse(later);
    let now = due - 1;
    const clock = editionClock(root, () => now);
    const before = clock();
    expect(before).toBe(scheduleAt(root, new Date(now)).edition);
    now = due - 1 + 0.5;
    expect(clock()).toBe(before);
    now = due;
    const after = clock();
    expect(after).not.toBe(before);
    expect(after).toBe(scheduleAt(root, new Date(now)).edition);
    now = due + 60_000;
    expect(clock()).toBe(after);
    now = due - 1; // a clock that goes back is believed
    expect(clock()).toBe(before);
  });
});
