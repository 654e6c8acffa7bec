/**
 * Storage failing under the app (property 7, docs/architecture.md): KV throwing, answering malformed JSON, or
 * missing a key the release names; the Cache API throwing or rejecting. Each fault is injected by
 * a binding that fails on purpose; the reader gets a kept copy or a 503 page, never a blank, a
 * stack trace or a cached error, and the first request after recovery is served normally.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Release } from '../../src/content/release';
import { pageKey } from '../../src/middleware/edge-cache';
import { featureSite } from '../support/fixtures';
import { countingKV, countReads, createApp, publish, request, useSite } from '../support/worker';

type Fault = 'throws' | 'malformed JSON' | 'missing';
const FAULTS: Fault[] = ['throws', 'malformed JSON', 'missing'];
const PATHS = ['/', '/page/2', '/articles/essay', '/series/saga', '/tags/history', '/feed.xml', '/archive/2025', '/about'];

/** The KV binding with a fault switched on or off; counts the reads it spoiled. */
function faultyKV(kv: KVNamespace = env.CONTENT) {
  const state = { fault: null as Fault | null, injected: 0 };
  const spoil = (key: string | string[], real: () => Promise<unknown>) => {
    if (state.fault === null) return real();
    state.injected++;
    const value = state.fault === 'malformed JSON' ? '{not json' : null;
    if (state.fault === 'throws') return Promise.reject(new Error('KV is down at /internal/kv.ts:12'));
    return Promise.resolve(Array.isArray(key) ? new Map(key.map((k) => [k, value])) : value);
  };
  const binding = new Proxy(kv, {
    get(target, property) {
      if (property === 'get') {
        return (key: string | string[], options?: never) => spoil(key, () => target.get(key as string, options));
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { binding, state };
}

const forget = (path: string) => caches.default.delete(pageKey(path));

function expectUnavailable(res: Response, body: string, what: string) {
  expect(res.status, what).toBe(503);
  expect(res.headers.get('Retry-After'), what).toBe('30');
  expect(res.headers.get('Cache-Control'), what).toBe('no-store');
  expect(res.headers.get('Content-Security-Policy'), what).toMatch(/default-src 'none'/);
  expect(body, what).toContain('Temporarily unavailable');
  expect(body, what).not.toMatch(/KV is down|internal|at \w+ \(|\.ts:|not json/);
}

let clean: Map<string, string>;
let release: Release;

beforeAll(async () => {
  release = await publish(featureSite('faults'));
  // What each page is when nothing fails.
  const app = createApp(release.root);
  clean = new Map();
  for (const path of PATHS) clean.set(path, await (await request(app, path)).text());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('KV failing with no copy kept', () => {
  for (const fault of FAULTS) {
    it(`answers 503 + Retry-After when KV ${fault}, caches nothing, and recovers`, async () => {
      const app = (await useSite(featureSite(`no-copy ${fault}`))).app;
      for (const path of PATHS) {
        // A binding of its own per page: lists an isolate parsed from one binding are not read again.
        const kv = faultyKV();
        await forget(path);
        kv.state.fault = fault;
        const before = kv.state.injected;
        const down = await request(app, path, {}, kv.binding);
        expectUnavailable(down, await down.text(), `${path} while KV ${fault}`);
        expect(kv.state.injected, path).toBeGreaterThan(before);
        // Still down: the error was not cached, so the app asks KV again.
        const again = await request(app, path, {}, kv.binding);
        expect(again.status).toBe(503);
        await again.text();
        kv.state.fault = null;
        const up = await request(app, path, {}, kv.binding);
        expect(up.status, `${path} after recovery`).toBe(200);
        expect(up.headers.get('Cache-Control')).toMatch(/public/);
        expect(await up.text()).not.toContain('Temporarily unavailable');
      }
    });
  }
});

describe('KV failing with a copy kept', () => {
  it('serves the page from the cache of this edition with no KV read at all', async () => {
    const kv = faultyKV();
    const app = createApp(release.root);
    for (const path of PATHS) {
      const first = await request(app, path, {}, kv.binding);
      expect(first.status).toBe(200);
      const body = await first.text();
      kv.state.fault = 'throws';
      const before = kv.state.injected;
      const cached = await request(app, path, {}, kv.binding);
      expect(cached.status, path).toBe(200);
      expect(await cached.text()).toBe(body);
      expect(kv.state.injected, `${path} touched KV`).toBe(before);
      kv.state.fault = null;
    }
  });

  for (const fault of FAULTS) {
    it(`serves the last good copy of an earlier release when KV ${fault}, then the new page on recovery`, async () => {
      const old = (await useSite(featureSite(`old ${fault}`))).app;
      const current = (await useSite(featureSite(`new ${fault}`))).app;
      for (const path of PATHS) {
        // The new release reads through a binding of its own, so no list the old one parsed (the
        // two share some) spares it the failing read.
        const kv = faultyKV();
        const oldRes = await request(old, path);
        expect(oldRes.status).toBe(200);
        const oldBody = await oldRes.text();
        kv.state.fault = fault;
        const stale = await request(current, path, {}, kv.binding);
        expect(stale.status, `${path} while KV ${fault}`).toBe(200);
        expect(stale.headers.get('Cache-Control'), path).toBe('no-store');
        expect(stale.headers.get('Retry-After')).toBeNull();
        expect(stale.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
        expect(await stale.text()).toBe(oldBody);
        kv.state.fault = null;
        const fresh = await request(current, path, {}, kv.binding);
        expect(fresh.status).toBe(200);
        expect(fresh.headers.get('Cache-Control')).toMatch(/public/);
        const freshBody = await fresh.text();
        if (path === '/articles/essay') expect(freshBody).toContain(`new ${fault}`);
      }
    });
  }
});

describe('KV failing with only an error page kept', () => {
  it('answers 503, not the 404 an earlier release kept for the address', async () => {
    const old = (await useSite(featureSite('old 404'))).app;
    const current = (await useSite(featureSite('new 404'))).app;
    const path = '/articles/no-such-essay';
    await forget(path);
    const gone = await request(old, path);
    expect(gone.status).toBe(404);
    await gone.text();
    const kv = faultyKV();
    kv.state.fault = 'throws';
    const down = await request(current, path, {}, kv.binding);
    expectUnavailable(down, await down.text(), `${path} while KV throws`);
  });
});

describe('the Cache API failing', () => {
  const broken: Record<string, () => unknown> = {
    'match and put throw': () => ({
      default: {
        match: () => {
          throw new Error('cache down');
        },
        put: () => {
          throw new Error('cache down');
        },
      },
    }),
    'match and put reject': () => ({
      default: { match: () => Promise.reject(new Error('cache down')), put: () => Promise.reject(new Error('cache down')) },
    }),
    'caches.default throws': () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('no cache here');
          },
        },
      ),
  };

  for (const [how, make] of Object.entries(broken)) {
    it(`still serves every page when ${how}`, async () => {
      vi.stubGlobal('caches', make());
      const app = createApp(release.root);
      for (const path of PATHS) {
        for (let visit = 1; visit <= 2; visit++) {
          // A fresh binding each visit, so lists parsed on the first cannot hide a cache hit on the second.
          const { res, body, reads } = await countReads(app, countingKV(), path);
          expect(res.status, `${path} with ${how}`).toBe(200);
          expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{20}\.\d+\.[0-9a-f]{8}"$/);
          expect(body).toBe(clean.get(path));
          // Every visit is a miss (these pages were cached before the cache broke): the fault is real.
          expect(reads.length, `${path} visit ${visit}`).toBeGreaterThan(0);
        }
      }
    });
  }

  it('answers 503, not a crash, when KV and the Cache API fail together', async () => {
    vi.stubGlobal('caches', broken['match and put throw']());
    const kv = faultyKV();
    kv.state.fault = 'throws';
    const app = (await useSite(featureSite('both down'))).app;
    const res = await request(app, '/articles/essay', {}, kv.binding);
    expectUnavailable(res, await res.text(), 'KV and cache down');
  });
});
