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
      formAction: ["'none'"],
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
