import type { Context } from 'hono';

export const HTML = 'text/html; charset=UTF-8';

const encoder = new TextEncoder();
// The bytes of each answer built here, by the Response that carries them.
const sent = new WeakMap<Response, Uint8Array>();

/** A Response around bytes encoded once, remembered so that no cache has to read it back. */
export function remembered(res: Response, bytes: Uint8Array): Response {
  sent.set(res, bytes);
  return res;
}

/**
 * Pieces of a page encoded one by one (bytes taken as they are) and copied into one array of the
 * exact size: no piece is copied into a joined string first. (`encodeInto` a worst-case buffer
 * would save the copy, but workerd's is slower than `encode` by more than a copy costs.)
 */
function encodePieces(pieces: (string | Uint8Array)[]): Uint8Array {
  const encoded = pieces.map((piece) => (typeof piece === 'string' ? encoder.encode(piece) : piece));
  const bytes = new Uint8Array(encoded.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of encoded) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}

/**
 * Answer with a body encoded once, here (a page given as pieces is sent as their concatenation).
 * The edge cache and the memory cache keep these very bytes (`sentBytes`) instead of reading the
 * Response back and building another around a copy.
 */
export function send(
  c: Context,
  body: string | (string | Uint8Array)[] | Uint8Array,
  type: string,
  headers: Record<string, string> = {},
): Response {
  const bytes = typeof body === 'string' ? encoder.encode(body) : Array.isArray(body) ? encodePieces(body) : body;
  return remembered(c.body(bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': type }), bytes);
}

export const sendHtml = (c: Context, page: string | (string | Uint8Array)[], headers?: Record<string, string>): Response =>
  send(c, page, HTML, headers);

/** A page's bytes as it was sent; undefined for a Response not built by `send` (a redirect, a copy). */
export const sentBytes = (res: Response): Uint8Array | undefined => sent.get(res);

/** `new Response` for a page built outside a route (an error page), its bytes remembered likewise. */
export const bytesResponse = (page: string, init: ResponseInit): Response => {
  const bytes = encoder.encode(page);
  return remembered(new Response(bytes, init), bytes);
};
