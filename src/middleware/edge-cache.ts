import type { Context, MiddlewareHandler } from 'hono';
import { hex } from '../content/hash';
import { logOnce } from '../store/log-once';
import { StoreError } from '../store/release-store';
import { waitUntil } from './wait-until';

/**
 * Browsers revalidate within a minute (max-age plus stale-while-revalidate): a new release, or a
 * scheduled article coming due, changes the page. The edge cache keeps a page for a day, safely,
 * because its key names the edition the page was built from.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=30, s-maxage=86400, stale-while-revalidate=30';

// Statuses whose body is fully determined by the release and the path.
const CACHEABLE = new Set([200, 301, 404]);

// No page has a longer address; a longer one (a scanner's) is answered but never stored.
const MAX_CACHED_PATH = 1024;

/**
 * The cache key: the edition and the path exactly as sent (percent-encoded, so no two addresses
 * share a key and none can climb out of its edition). Query strings never change a page.
 */
export const cacheKey = (edition: string, path: string): Request => new Request(`https://quire.cache/${edition}${path}`);

/** The last good copy of a page, whatever its edition: what a reader gets while KV is failing. */
export const lastGoodKey = (path: string): Request => new Request(`https://quire.cache/last-good${path}`);

/** A Cache API call that may fail in any way (throw, reject, or be missing) without failing the page. */
async function attempt<T>(what: string, call: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    logOnce(`Cache API ${what}`, error);
    return undefined;
  }
}

/**
 * Serve pages from the Cache API; on a miss, render once, give it a strong ETag and keep it.
 * `edition` names what the page is built from (the release, and which scheduled articles are due).
 * When KV fails and no copy of this edition is kept, the last good copy of the page is served.
 */
export function edgeCache(edition: (c: Context) => string, address: (c: Context) => string): MiddlewareHandler {
  return async function edgeCache(c, next) {
    const path = address(c);
    if (path.length > MAX_CACHED_PATH) return next();
    const key = cacheKey(edition(c), path);
    const cache = await attempt('open', async () => caches.default);
    const hit = await attempt('match', () => cache?.match(key));
    // A fresh Response around the stored body, so later middleware may still add headers.
    if (hit) return new Response(hit.body, hit);

    await next();
    if (c.error instanceof StoreError) {
      const stale = await attempt('match', () => cache?.match(lastGoodKey(path)));
      if (stale) {
        // Hono merges the error page's headers into what replaces it: the copy keeps its own.
        c.res = new Response(stale.body, stale);
        c.res.headers.delete('Retry-After');
      }
      // Good for this moment only: neither browsers nor any cache may keep it.
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    if (!CACHEABLE.has(c.res.status)) {
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    const body = await c.res.arrayBuffer();
    const headers = new Headers(c.res.headers);
    headers.set('ETag', `"${hex(new Uint8Array(await crypto.subtle.digest('SHA-1', body))).slice(0, 32)}"`);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', PAGE_CACHE_CONTROL);
    c.res = new Response(body, { status: c.res.status, headers });
    if (!cache) return;
    const keep = [attempt('put', () => cache.put(key, new Response(body, { status: c.res.status, headers })))];
    if (c.res.status === 200) keep.push(attempt('put', () => cache.put(lastGoodKey(path), new Response(body, { headers }))));
    waitUntil(c, Promise.all(keep));
  };
}
