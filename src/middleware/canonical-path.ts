import type { MiddlewareHandler } from 'hono';

/**
 * One address per page: `/series/` and `//series` redirect to `/series`. The Location is a
 * path built from the request's own path, so a redirect can never point at another site.
 */
export function canonicalPath(): MiddlewareHandler {
  return async function canonicalPath(c, next) {
    // The parsed URL's path: percent-encoded, and with `\` already read as `/`, as browsers do.
    const path = new URL(c.req.url).pathname;
    const canonical = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
    if (canonical === path) return next();
    return c.redirect(canonical, 301);
  };
}
