import type { Context, MiddlewareHandler } from 'hono';
import { sentBytes } from '../routes/parts/send';
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
 * The Cache API keeps one copy of a page per address (the path exactly as sent, percent-encoded,
 * so no two addresses share one; query strings never change a page), stamped with the tag of what
 * it was built as (`BUILT`: the edition, the code, the address). A copy with this request's stamp
 * is a hit; any other is a miss, and the page built then replaces it. While KV fails, a 200 kept
 * from an earlier edition or deployment is the last good copy: one write a miss keeps both.
 */
export const pageKey = (path: string): Request => new Request(`https://quire.cache/page${path}`);

/** The header, on the Cache API's copy only, naming what the copy was built as (the page's tag). */
export const BUILT = 'Quire-Built';

/** A Cache API call that may fail in any way (throw, reject, or be missing) without failing the page. */
async function attempt<T>(what: string, call: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    logOnce(`Cache API ${what}`, error);
    return undefined;
  }
}

/** FNV-1a, 32 bits: a short, stable name for a string, in hex. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * A page's strong ETag, known before the page is built, so the page is never hashed. A page is a
 * function of what it is built from: the edition (the release, whose id is the hash of everything
 * it references, and how many scheduled articles are due), the code that renders it (`code`: the
 * renderer version and the worker's own version) and its address. Any of them changing changes
 * the tag; none can change the page without changing one of them.
 */
export const pageTag = (edition: string, code: string, address: string): string => `"${edition}.${fnv1a(`${code} ${address}`)}"`;

/** A kept copy as the reader gets it: without the stamp, in a Response whose headers may still change. */
function sent(kept: Response): Response {
  const res = new Response(kept.body, kept);
  res.headers.delete(BUILT);
  return res;
}

/** A kept copy not sent: its body let go, and a failure to let go of it never fails the page. */
function discard(kept: Response | undefined): void {
  kept?.body?.cancel().catch((error) => logOnce('Cache API body', error));
}

// RFC 9110 §13.1.2: If-None-Match compares weakly, so `W/"x"` matches the tag `"x"`.
const listed = (tag: string, ifNoneMatch: string): boolean => ifNoneMatch.match(/"[^"]*"/g)?.includes(tag) ?? false;

/**
 * Serve pages from the Cache API; on a miss, render once, tag it and keep it. `edition` names what
 * the page is built from (the release, and which scheduled articles are due), `code` the code
 * that renders it. A request that already holds the page's tag gets a 304 before any cache or KV
 * read. When KV fails, the page's last good copy (a 200 an earlier edition or deployment kept) is served.
 */
export function edgeCache(
  edition: (c: Context) => string,
  address: (c: Context) => string,
  code: (c: Context) => string,
): MiddlewareHandler {
  return async function edgeCache(c, next) {
    const path = address(c);
    if (path.length > MAX_CACHED_PATH) return next();
    const built = edition(c);
    const tag = pageTag(built, code(c), path);
    const ifNoneMatch = c.req.header('If-None-Match');
    // Only a 200 carries the tag, so whoever holds it was given this very page, and still has it.
    if (ifNoneMatch && listed(tag, ifNoneMatch)) {
      return new Response(null, { status: 304, headers: { ETag: tag, 'Cache-Control': PAGE_CACHE_CONTROL } });
    }
    const key = pageKey(path);
    // Where there is no Cache API at all (Node, a bench), nothing is thrown and logged per request.
    const cache = typeof caches === 'undefined' ? undefined : await attempt('open', async () => caches.default);
    const kept = await attempt('match', () => cache?.match(key));
    // A fresh Response around the stored body, so later middleware may still add headers.
    if (kept?.headers.get(BUILT) === tag) return sent(kept);

    await next();
    if (c.error instanceof StoreError) {
      if (kept?.status === 200) {
        // Hono merges the error page's headers into what replaces it: the copy keeps its own.
        c.res = sent(kept);
        c.res.headers.delete('Retry-After');
      } else discard(kept);
      // Good for this moment only: neither browsers nor any cache may keep it.
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    discard(kept);
    // The answer itself is sent as it is: only its headers are completed here.
    const res = c.res;
    if (!CACHEABLE.has(res.status)) {
      res.headers.set('Cache-Control', 'no-store');
      return;
    }
    if (res.status === 200) res.headers.set('ETag', tag);
    if (!res.headers.has('Cache-Control')) res.headers.set('Cache-Control', PAGE_CACHE_CONTROL);
    if (!cache) return;
    // The bytes the route encoded; a Response built otherwise (a redirect's empty one) is read from a copy.
    const body = sentBytes(res) ?? (res.body === null ? null : new Uint8Array(await res.clone().arrayBuffer()));
    const copy = new Response(body as Uint8Array<ArrayBuffer> | null, { status: res.status, headers: res.headers });
    copy.headers.set(BUILT, tag);
    waitUntil(
      c,
      attempt('put', () => cache.put(key, copy)),
    );
  };
}
