import type { Context } from 'hono';
import { feedItemsCodec, renderedCodec } from '../../content/framed';
import { contentHash } from '../../content/hash';
import { hashOf } from '../../content/keys';
import type { ArticleSummary, FeedItems, Rendered } from '../../content/stored';
import { feedBody } from '../../feeds/items';
import { renderMarkdown } from '../../render/markdown';
import type { AppEnv } from '../env';

/**
 * A markdown body as HTML. Rendering a long essay costs most of a free-plan request, so it is
 * done once per body and renderer anywhere in the world, then kept in KV for every later miss.
 */
export async function renderedBody(c: Context<AppEnv>, bodyKey: string): Promise<Rendered> {
  const { store, root } = c.var;
  return store.keep('html', hashOf(bodyKey), renderedCodec, async () => renderMarkdown(await store.markdown(bodyKey), root.site));
}

/**
 * A feed needs bodies that were never rendered (a fresh release, before readers visited them):
 * rendering is about 1 ms per 1,000 words, so one request renders at most this many words, keeps
 * them, and asks the client to come back; the next request finds them rendered.
 */
export const RENDER_BUDGET_WORDS = 6000;

/** Many rendered bodies at once, for feeds: one bulk read of the kept copies, one of any markdown never rendered. */
async function renderedBodies(c: Context<AppEnv>, articles: ArticleSummary[]): Promise<string[]> {
  const { store, root } = c.var;
  const prepare = async (missing: number[]) => {
    const sources = await store.markdowns(missing.map((i) => articles[i].bodyKey));
    return (i: number) => renderMarkdown(sources.get(articles[i].bodyKey) ?? '', root.site);
  };
  const budget = { cost: (i: number) => articles[i].words, limit: RENDER_BUDGET_WORDS };
  const hashes = articles.map((a) => hashOf(a.bodyKey));
  return (await store.keepAll('html', hashes, renderedCodec, prepare, budget)).map((r) => r.html);
}

/**
 * The articles and bodies of a feed or a book. A window (which chunks, which part of them) is
 * immutable, so the first feed built from it is kept in KV and every later miss, anywhere, reads
 * that one key: a 20-item full-text feed never renders 20 articles twice. For a feed the bodies
 * are kept ready to serve (links absolute, XML-safe), so a miss does no work per byte of text;
 * a book keeps them as rendered, as it links within itself.
 */
export async function keptWindow(
  c: Context<AppEnv>,
  name: unknown,
  articles: () => Promise<ArticleSummary[]>,
  { forFeed = false } = {},
): Promise<FeedItems> {
  const { store, root } = c.var;
  const hash = await contentHash(JSON.stringify(forFeed ? { feed: name } : name));
  return store.keep('feed', hash, feedItemsCodec, async () => {
    const list = await articles();
    const bodies = await renderedBodies(c, list);
    return { articles: list, html: forFeed ? bodies.map((html, i) => feedBody(html, list[i], root.site)) : bodies };
  });
}
