import { decodeRendered, encodeFeedItems } from '../content/framed';
import { contentHash } from '../content/hash';
import { hashOf, keptKey } from '../content/keys';
import type { Release } from '../content/release';
import { scheduleAt } from '../content/schedule';
import type { ArticleSummary, ChunkRef, Root } from '../content/stored';
import { FEED_SIZE, feedWindowText, windowOf } from '../content/window';
import { feedBody } from '../render/feed-body';
import { renderersOf, renderMarkdown } from '../render/markdown';

/**
 * The site feed's window, kept at publish as the worker would keep it on the first feed request
 * (routes/parts/kept.ts): the newest articles due at `now` and their bodies ready for a feed. A
 * fresh release's first feed then reads one key and builds nothing, within the free plan's CPU
 * however long the bodies are. A window that changes later (a scheduled article comes due) and
 * the series and tag feeds are built by the worker on their first request, once, as before.
 */

/** The site feed window's key in KV for `root` at `now`, and which chunk items it holds; null for an empty site. */
export async function siteWindow(root: Root, now: Date, readPages: (keys: string[]) => ChunkRef[][] | Promise<ChunkRef[][]>) {
  const total = root.count - scheduleAt(root, now).hidden;
  if (total <= 0) return null;
  const window = await windowOf(root.articles, total, FEED_SIZE, readPages);
  const key = keptKey('feed', renderersOf(root).join('+'), await contentHash(feedWindowText(window.name)));
  return { key, ...window };
}

/**
 * The site feed window's key and value for `release`; null when the site has none or the target
 * `has` it already. `rendered` holds the values this publish rendered (key → encoded); a body an
 * earlier publish rendered is rendered again here, as it was then: the renderer is pure.
 */
export async function siteFeedWindow(
  release: Release,
  rendered: ReadonlyMap<string, string>,
  now: Date,
  has: ReadonlySet<string> = new Set(),
): Promise<[string, string] | null> {
  const { root, entries } = release;
  const text = (key: string): string => {
    const value = entries.get(key);
    if (value === undefined) throw new Error(`release ${root.id} names ${key} but does not hold it`);
    return value;
  };
  const json = <T>(key: string): T => JSON.parse(text(key)) as T;
  const window = await siteWindow(root, now, (keys) => keys.map((k) => json<ChunkRef[]>(k)));
  if (!window || has.has(window.key)) return null;
  const { refs, offset, name } = window;
  const articles = refs
    .flatMap((r) => json<ArticleSummary[]>(r.key))
    .slice(offset, offset + name.count)
    .reverse();
  const renderer = renderersOf(root)[0];
  const html = articles.map((article) => {
    const body = decodeRendered(rendered.get(keptKey('html', renderer, hashOf(article.bodyKey))));
    return feedBody(body?.html ?? renderMarkdown(text(article.bodyKey), root.site).html, article, root.site);
  });
  return [window.key, encodeFeedItems({ articles, html })];
}
