import type { Context } from 'hono';
import { decodeRendered, feedItemsCodec, renderedCodec } from '../../content/framed';
import { type BodyBytes, decodeBodyBytes } from '../../content/framed-bytes';
import { contentHash } from '../../content/hash';
import { hashOf } from '../../content/keys';
import type { ArticleSummary, FeedItems, Rendered } from '../../content/stored';
import { feedWindowText } from '../../content/window';
import { feedBody } from '../../render/feed-body';
import type { AppEnv } from '../env';

/**
 * A markdown body as HTML, rendered at publish (`quire publish`): rendering a long essay costs
 * more than a free-plan request may spend, so no request renders markdown.
 */
export async function renderedBody(c: Context<AppEnv>, bodyKey: string): Promise<Rendered> {
  const [body] = await c.var.store.rendered('html', [hashOf(bodyKey)], renderedCodec);
  return body;
}

/**
 * An article's body as bytes to send as they are (`BodyBytes`). A body rendered before sidenotes
 * were worked out at publish is read as text instead, and the page works them out.
 */
export const bodyToSend = (c: Context<AppEnv>, bodyKey: string): Promise<BodyBytes | Rendered> =>
  c.var.store.renderedBytes(
    'html',
    hashOf(bodyKey),
    (bytes) => decodeBodyBytes(bytes) ?? decodeRendered(new TextDecoder().decode(bytes)),
  );

// A window's name is made of content keys (or, for a series, its parts), so its hash never
// changes: worked out once per isolate (a digest is a trip to another thread in some runtimes).
const windowHashes = new Map<string, string>();
const WINDOWS_KEPT = 256;

async function windowHash(text: string): Promise<string> {
  let hash = windowHashes.get(text);
  if (hash === undefined) {
    hash = await contentHash(text);
    if (windowHashes.size >= WINDOWS_KEPT) windowHashes.clear();
    windowHashes.set(text, hash);
  }
  return hash;
}

/**
 * The articles and bodies of a feed or a book, the bodies in one bulk read. A window (which
 * chunks, which part of them) is immutable, so the first feed built from it is kept in KV and
 * every later miss, anywhere, reads that one key. For a feed the bodies are kept ready to serve
 * (links absolute, XML-safe), so a miss does no work per byte of text; a book keeps them as
 * rendered, as it links within itself.
 */
export async function keptWindow(
  c: Context<AppEnv>,
  name: unknown,
  articles: () => Promise<ArticleSummary[]>,
  { forFeed = false } = {},
): Promise<FeedItems> {
  const { store, root } = c.var;
  const hash = await windowHash(forFeed ? feedWindowText(name) : JSON.stringify(name));
  return store.keep('feed', hash, feedItemsCodec, async () => {
    const list = await articles();
    const rendered = await store.rendered(
      'html',
      list.map((a) => hashOf(a.bodyKey)),
      renderedCodec,
    );
    const bodies = rendered.map((r) => r.html);
    return { articles: list, html: forFeed ? bodies.map((html, i) => feedBody(html, list[i], root.site)) : bodies };
  });
}
