import { RETAINED_304_HEADERS } from 'hono/etag';
import { cacheAddress } from '../routes/parts/search-request';
import { sentBytes } from '../routes/parts/send';

/**
 * The hot path: the isolate's own memory, in front of the whole app. A page read a moment ago in
 * this isolate is answered from here with no routing, no KV and no Cache API round trip (which
 * costs as much as a small render in miniflare, and a subrequest on Cloudflare). The Cache API
 * stays the layer behind it, shared by the isolates of a data center and surviving this one.
 *
 * A page is a function of the edition and its address (the path; for a search, the query and page
 * in one spelling: `cacheAddress`); request headers never change it. So the key is exactly that,
 * and an edition change (a release, a scheduled article falling due) simply stops old entries
 * from matching; they age out of the LRU.
 */

export type Fetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

interface Kept {
  status: number;
  headers: [string, string][];
  etag: string | null;
  body: Uint8Array;
  bytes: number;
}

/** Enough for the pages that are hot, far below an isolate's 128 MB. */
export const MEMORY_CACHE_BYTES = 16 * 1024 * 1024;
// A bigger answer (a long series' e-book) is left to the Cache API.
const MAX_ENTRY_BYTES = 1024 * 1024;

// 404s stay in the Cache API: a scan of made-up paths must not push real pages out of memory.
const KEEP = new Set([200, 301]);
const RETAINED = new Set(RETAINED_304_HEADERS);

const matches = (etag: string, ifNoneMatch: string): boolean =>
  ifNoneMatch.trim() === '*' || (ifNoneMatch.match(/"[^"]*"/g)?.includes(etag.replace(/^W\//, '')) ?? false);

function answer(kept: Kept, request: Request): Response {
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (kept.etag && ifNoneMatch && matches(kept.etag, ifNoneMatch)) {
    return new Response(null, { status: 304, headers: kept.headers.filter(([name]) => RETAINED.has(name)) });
  }
  const body = request.method === 'HEAD' ? null : kept.body;
  return new Response(body as Uint8Array<ArrayBuffer> | null, { status: kept.status, headers: kept.headers });
}

export function memoryCache(fetch: Fetch, edition: () => string, maxBytes = MEMORY_CACHE_BYTES): Fetch {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
  const kept = new Map<string, Kept>();
  let bytes = 0;

  function keep(key: string, entry: Kept): void {
    if (entry.bytes > Math.min(MAX_ENTRY_BYTES, maxBytes)) return;
    kept.set(key, entry);
    bytes += entry.bytes;
    for (const [oldest, old] of kept) {
      if (bytes <= maxBytes) break;
      kept.delete(oldest);
      bytes -= old.bytes;
    }
  }

  return async function memoryCached(request, env, ctx) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fetch(request, env, ctx);
    const key = `${edition()} ${cacheAddress(request.url)}`;
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return answer(hit, request);
    }
    const response = await fetch(request, env, ctx);
    // Only a full GET answer that the app itself marks cacheable (errors are `no-store`).
    const cacheControl = response.headers.get('Cache-Control') ?? '';
    if (request.method !== 'GET' || !KEEP.has(response.status) || !cacheControl.includes('public')) return response;
    // The bytes the app encoded are kept as they are, and its Response goes out untouched; only an
    // answer built otherwise (a redirect) is read back.
    const sent = sentBytes(response);
    const body = sent ?? new Uint8Array(await response.arrayBuffer());
    const headers = [...response.headers];
    keep(key, {
      status: response.status,
      headers,
      etag: response.headers.get('ETag'),
      body,
      bytes: body.byteLength + key.length + headers.reduce((n, [k, v]) => n + k.length + v.length, 0),
    });
    return sent ? response : new Response(body, { status: response.status, headers });
  };
}
