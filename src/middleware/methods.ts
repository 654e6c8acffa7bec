import type { MiddlewareHandler } from 'hono';

/** Quire only reads: GET and HEAD are answered, anything else is 405 with `Allow` (RFC 9110 §15.5.6). */
export function readOnly(onRefused: () => Response): MiddlewareHandler {
  return async function readOnly(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const res = onRefused();
    res.headers.set('Allow', 'GET, HEAD');
    res.headers.set('Cache-Control', 'no-store');
    return res;
  };
}
