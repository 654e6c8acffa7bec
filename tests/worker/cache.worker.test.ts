import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { keptKey } from '../../src/content/keys';
import type { Release } from '../../src/content/release';
import { BUILT, pageKey } from '../../src/middleware/edge-cache';
import { rendererId } from '../../src/render/markdown';
import { forgetfulStore } from '../../src/store/release-store';
import { featureSite } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish, request } from '../support/worker';

const PAGES = [
  '/',
  '/page/2',
  '/articles/essay',
  '/articles/part-two',
  '/series',
  '/series/saga',
  '/tags/history',
  '/archive',
  '/archive/2025',
  '/about',
  '/2019/old-essay',
  '/no-such-page',
];

let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(featureSite('cache'));
  app = createApp(release.root);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('edge cache and KV reads', () => {
  it('reads at most 3 KV keys on a miss and none on a hit, for every page type', async () => {
    const kv = countingKV();
    for (const path of PAGES) {
      const miss = await countReads(app, kv, path);
      expect(miss.reads.length, `${path} miss read ${miss.reads.join(', ')}`).toBeLessThanOrEqual(3);
      const hit = await countReads(app, kv, path);
      expect(hit.reads, `${path} hit`).toEqual([]);
      expect(hit.body).toBe(miss.body);
      expect(hit.res.status).toBe(miss.res.status);
    }
  });

  it('reads on a miss the body rendered at publish, never the markdown, and renders nothing', async () => {
    const fresh = await publish(featureSite('render-once'));
    const first = createApp(fresh.root);
    const kv = countingKV();
    const miss = await countReads(first, kv, '/articles/essay');
    expect(miss.reads.map((k) => k.split('/')[0])).toEqual(['shard', 'html']);
    const [, , hash] = miss.reads[1].split('/');
    expect(miss.reads[1]).toBe(keptKey('html', rendererId(fresh.root.site), hash));
    expect(fresh.entries.get(`md/${hash}`)).toContain('The essay says');
    // An empty cache, in the same isolate: the leaf is kept parsed (its key is its content's hash),
    // the body is read again, never rendered.
    await caches.default.delete(pageKey('/articles/essay'));
    const elsewhere = await countReads(first, kv, '/articles/essay');
    expect(elsewhere.reads.map((k) => k.split('/')[0])).toEqual(['html']);
    expect(elsewhere.body).toBe(miss.body);
  });

  it('ignores query strings: junk neither misses nor poisons the cache', async () => {
    const kv = countingKV();
    const junk = await countReads(app, kv, '/tags/politics?utm_source=x&page=99');
    const clean = await countReads(app, kv, '/tags/politics');
    expect(clean.reads).toEqual([]);
    expect(clean.body).toBe(junk.body);
    expect((await countReads(app, kv, '/tags/politics?fbclid=1')).reads).toEqual([]);
  });

  it('keys the cache by release: a new release serves new content at the same path at once', async () => {
    const next = await publish(featureSite('two'));
    expect(next.root.id).not.toBe(release.root.id);
    const before = await (await request(app, '/articles/essay')).text();
    const after = await (await request(createApp(next.root), '/articles/essay')).text();
    expect(before).toContain('Essay cache');
    expect(after).toContain('Essay two');
  });

  it('sends a strong ETag and answers 304 to If-None-Match, on a miss and on a hit', async () => {
    const site = await publish(featureSite('etag'));
    const fresh = createApp(site.root);
    const first = await request(fresh, '/series');
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]{20}\.\d+\.[0-9a-f]{8}"$/);
    const again = await request(fresh, '/series', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(again.headers.get('Cache-Control')).toBe('public, max-age=30, s-maxage=86400, stale-while-revalidate=30');
    expect(await again.text()).toBe('');
    expect((await request(fresh, '/series', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    // A miss (another data center, same release) knows the same ETag before building the page:
    // it answers 304 with no KV read at all.
    await caches.default.delete(pageKey('/series'));
    const kv = countingKV();
    const miss = await countReads(fresh, kv, '/series', { headers: { 'If-None-Match': `W/"x", W/${etag}` } });
    expect(miss.reads).toEqual([]);
    expect(miss.res.status).toBe(304);
    // The same page of another release, another page, or another version of the code has another tag.
    const other = await request(createApp({ ...site.root, id: `${site.root.id.slice(0, 19)}x` }), '/series');
    expect(other.headers.get('ETag')).not.toBe(etag);
    expect((await request(fresh, '/archive')).headers.get('ETag')).not.toBe(etag);
    // Another version of the code misses by itself, with no purge: the kept copy is stamped with the old tag.
    const deployed = await fresh.fetch(new Request('https://blog.example/series'), {
      CONTENT: env.CONTENT,
      CF_VERSION_METADATA: { id: 'another-deployment', tag: '', timestamp: '' },
    } as unknown as Env);
    expect(deployed.status).toBe(200);
    expect(deployed.headers.get('ETag')).not.toBe(etag);
    expect(deployed.headers.get('ETag')?.startsWith(etag?.slice(0, -9) ?? '-')).toBe(true);
    // Only a page has a tag: a 404 or a redirect never answers 304.
    expect((await request(fresh, '/no-such-page')).headers.get('ETag')).toBeNull();
  });

  it('keeps one Cache API copy a page, written once a miss, and replaces it for another edition', async () => {
    const first = await publish(featureSite('one copy'));
    const next = await publish(featureSite('one copy, edited'));
    const puts: string[] = [];
    const real = caches.default;
    vi.stubGlobal('caches', {
      default: new Proxy(real, {
        get(target, property) {
          if (property === 'put')
            return (key: Request, res: Response) => {
              puts.push(key.url);
              return target.put(key, res);
            };
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    });
    const kv = countingKV();
    const path = '/articles/essay';
    await real.delete(pageKey(path));
    const old = await countReads(createApp(first.root), kv, path);
    expect(puts).toEqual([pageKey(path).url]);
    const kept = await real.match(pageKey(path));
    expect(kept?.headers.get(BUILT)).toBe(old.res.headers.get('ETag'));
    await kept?.arrayBuffer();
    // The new release finds the old copy, does not serve it, and replaces it with its own: one write.
    const fresh = createApp(next.root);
    const miss = await countReads(fresh, kv, path);
    expect(miss.reads.length).toBeGreaterThan(0);
    expect(miss.body).toContain('one copy, edited');
    expect(miss.body).not.toBe(old.body);
    expect(miss.res.headers.get(BUILT)).toBeNull();
    expect(puts).toHaveLength(2);
    const hit = await countReads(fresh, kv, path);
    expect(hit.reads).toEqual([]);
    expect(hit.body).toBe(miss.body);
    expect(hit.res.headers.get('ETag')).toBe(miss.res.headers.get('ETag'));
    expect(hit.res.headers.get(BUILT)).toBeNull();
    expect(puts).toHaveLength(2);
  });

  it('sends caching headers and Cache-Tag naming what the page shows', async () => {
    const res = await request(app, '/articles/part-two');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=30, s-maxage=86400, stale-while-revalidate=30');
    expect(res.headers.get('Cache-Tag')?.split(',')).toEqual([
      `release:${release.root.id}`,
      'article:part-two',
      'series:saga',
      'tag:history',
    ]);
  });

  it('answers HEAD without a body and other methods with 405 and Allow', async () => {
    const kv = countingKV();
    const head = (await countReads(app, kv, '/archive/2026', { method: 'HEAD' })).res;
    expect(kv.reads).toHaveLength(1);
    const after = await countReads(app, kv, '/archive/2026');
    expect(after.reads).toEqual([]);
    expect(after.body).toContain('<h1>2026</h1>');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('Content-Type')).toBe('text/html; charset=UTF-8');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await request(app, '/archive', { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('Allow')).toBe('GET, HEAD');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
    }
  });

  it("as the benchmark's forgetful baseline, keeps nothing it builds and serves the same page", async () => {
    const fresh = await publish(featureSite('naive'));
    const naive = createApp(fresh.root, { store: forgetfulStore, edgeCache: false });
    const kv = countingKV();
    const feeds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { res, body, reads } = await countReads(naive, kv, '/feed.xml');
      expect(res.status).toBe(200);
      // The feed window is composed again each time: no `feed/` key is read or kept. Its list
      // chunk is parsed once per isolate (as any list), so only the first composition reads it.
      expect(reads.map((k) => k.split('/')[0])).toEqual([...(i === 0 ? ['list'] : []), ...Array(16).fill('html')]);
      feeds.push(body);
    }
    expect(feeds[1]).toBe(feeds[0]);
    // The same release served normally gives the same page.
    const normal = await request(createApp(fresh.root), '/articles/essay');
    expect(await normal.text()).toBe((await countReads(naive, kv, '/articles/essay')).body);
  });

  it('puts security headers on every HTML response, errors included', async () => {
    for (const path of ['/', '/articles/essay', '/no-such-page']) {
      const res = await request(app, path);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/unsafe-inline|script-src/);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    }
  });
});
