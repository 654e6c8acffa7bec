import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { styleSourceHash } from '../render/style';

/**
 * Security headers for every response. The CSP allows exactly what pages use: no script at all,
 * the one inline stylesheet by its hash, images from this site or https.
 */
export function security(): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [(c) => c.get('styleHash')],
      imgSrc: ["'self'", 'https:', 'data:'],
      baseUri: ["'none'"],
      // The search form submits to this site (GET /search); nothing else may be a form's target.
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
  });
  return async function security(c, next) {
    c.set('styleHash', await styleSourceHash());
    return headers(c, next);
  };
}
