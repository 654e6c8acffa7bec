import type { MiddlewareHandler } from 'hono';

// What a URL parser rewrites in a path (WHATWG URL: `\` read as `/`, tabs and newlines dropped,
// trailing spaces and controls trimmed). No slug, tag or alias holds one of these.
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are exactly what it finds
const REWRITTEN_BY_URL_PARSERS = /[\x00-\x20\x7f\\]/;

/**
 * One address per page: `/series/` and `//series` redirect to `/series`. The Location is a
 * path built from the request's own path, so a redirect can never point at another site.
 */
export function canonicalPath(): MiddlewareHandler {
  return async function canonicalPath(c, next) {
    // Routes see the path percent-decoded, so `/articles%5Cessay` or `/articles/essay%20` arrive as
    // a path that names no page, yet becomes `/articles/essay` again when put back into a URL such
    // as a cache key: answered here, before any cache, such a path can never stand in for a page.
    if (REWRITTEN_BY_URL_PARSERS.test(c.req.path)) return c.notFound();
    // The parsed URL's path: percent-encoded, and with `\` already read as `/`, as browsers do.
    const path = new URL(c.req.url).pathname;
    const canonical = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
    if (canonical === path) return next();
    return c.redirect(canonical, 301);
  };
}
