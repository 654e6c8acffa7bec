import type { Context, MiddlewareHandler } from 'hono';

/**
 * Browsers revalidate within a minute (max-age plus stale-while-revalidate): a new release, or a
 * scheduled article coming due, changes the page. The edge cache keeps a page for a day, safely,
 * because its key names the edition the page was built from.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=30, s-maxage=86400, stale-while-revalidate=30';

// Statuses whose body is fully determined by the release and the path.
const CACHEABLE = new Set([200, 301, 404]);

const HEX = (buffer: ArrayBuffer): string => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The cache key: the edition and the path. Query strings never change a page, so they are left out. */
export const cacheKey = (edition: string, path: string): Request => new Request(`https://quire.cache/${edition}${path}`);

async function openCache(): Promise<Cache | undefined> {
  try {
    return caches.default;
  } catch {
    return undefined;
  }
}

/**
 * Serve pages from the Cache API; on a miss, render once, give it a strong ETag and keep it.
 * `edition` names what the page is built from (the release, and which scheduled articles are due).
 */
export function edgeCache(edition: (c: Context) => string): MiddlewareHandler {
  return async function edgeCache(c, next) {
    const key = cacheKey(edition(c), c.req.path);
    const cache = await openCache();
    const hit = await cache?.match(key).catch(() => undefined);
    // A fresh Response around the stored body, so later middleware may still add headers.
    if (hit) return new Response(hit.body, hit);

    await next();
    if (!CACHEABLE.has(c.res.status)) {
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    const body = await c.res.arrayBuffer();
    const headers = new Headers(c.res.headers);
    headers.set('ETag', `"${HEX(await crypto.subtle.digest('SHA-1', body)).slice(0, 32)}"`);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', PAGE_CACHE_CONTROL);
    c.res = new Response(body, { status: c.res.status, headers });
    if (cache)
      waitUntil(
        c,
        cache.put(key, c.res.clone()).catch(() => undefined),
      );
  };
}

function waitUntil(c: Context, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (e.g. a plain app.request in a script): the put still runs.
  }
}
