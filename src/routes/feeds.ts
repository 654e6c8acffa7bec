import { type Context, Hono } from 'hono';
import { chunksFor } from '../content/chunk';
import { contentHash } from '../content/hash';
import { feedKey } from '../content/keys';
import type { ArticleSummary, ChunkRef, FeedItems } from '../content/layout';
import { isDue } from '../content/schedule';
import { renderAtom } from '../feeds/atom';
import { type Feed, feedBody, feedItem, latest } from '../feeds/items';
import { renderJsonFeed } from '../feeds/json';
import { renderRss } from '../feeds/rss';
import { rendererId } from '../render/markdown';
import { cacheTags, later, renderedBodies } from './body';
import type { AppEnv } from './env';

/** Site and tag feeds carry the newest 20 articles, in full. */
export const FEED_SIZE = 20;

const FORMATS = {
  'feed.xml': { type: 'application/rss+xml; charset=UTF-8', render: renderRss },
  'atom.xml': { type: 'application/atom+xml; charset=UTF-8', render: renderAtom },
  'feed.json': { type: 'application/feed+json; charset=UTF-8', render: renderJsonFeed },
} as const;
type FeedFile = keyof typeof FORMATS;
// Grouped: an unparenthesized alternation would leak out of the segment and match any path.
const FILE = '{(?:feed\\.xml|atom\\.xml|feed\\.json)}';

/**
 * The articles and bodies of a feed or a book. A window (which chunks, which part of them) is
 * immutable, so the first feed built from it is kept in KV and every later miss, anywhere, reads
 * that one key: a 20-item full-text feed never renders 20 articles twice. For a feed the bodies
 * are kept ready to serve (links absolute, XML-safe), so a miss does no work per byte of text;
 * a book keeps them as rendered, as it links within itself.
 */
export async function feedItems(
  c: Context<AppEnv>,
  name: unknown,
  articles: () => Promise<ArticleSummary[]>,
  { forFeed = false } = {},
): Promise<FeedItems> {
  const { store, release } = c.var;
  const key = feedKey(rendererId(release.site), await contentHash(JSON.stringify(forFeed ? { feed: name } : name)));
  const kept = await store.feedItems(key);
  if (kept) return kept;
  const list = await articles();
  const bodies = await renderedBodies(c, list);
  const items = { articles: list, html: forFeed ? bodies.map((html, i) => feedBody(html, list[i], release.site)) : bodies };
  later(c, store.saveFeedItems(key, items));
  return items;
}

/** The newest FEED_SIZE of the first `total` items of a chunked list, newest first. */
function newestWindow(c: Context<AppEnv>, refs: ChunkRef[], total: number): Promise<FeedItems> {
  const start = Math.max(0, total - FEED_SIZE);
  const { refs: picked, offset } = chunksFor(refs, start, total);
  const name = { chunks: picked.map((r) => r.key), offset, count: total - start };
  return feedItems(
    c,
    name,
    async () => {
      const chunks = await Promise.all(picked.map((r) => c.var.store.chunk(r.key)));
      return chunks
        .flat()
        .slice(offset, offset + total - start)
        .reverse();
    },
    { forFeed: true },
  );
}

interface FeedMeta extends Pick<Feed, 'title' | 'description'> {
  /** What the feed follows, for Cache-Tag: `list`, `series:<slug>` or `tag:<tag>`. */
  tag: string;
}

function respond(c: Context<AppEnv>, file: FeedFile, path: string, { tag, ...meta }: FeedMeta, items: FeedItems) {
  const { site } = c.var.release;
  const base = site.baseUrl;
  const feedItemsList = items.articles.map((a, i) => feedItem(a, items.html[i], site));
  const feed: Feed = {
    ...meta,
    language: site.language,
    author: site.author,
    home: `${base}${path || '/'}`,
    self: { rss: `${base}${path}/feed.xml`, atom: `${base}${path}/atom.xml`, json: `${base}${path}/feed.json` },
    updated: latest(feedItemsList, feedItemsList[0]?.published ?? new Date(0).toISOString()),
    items: feedItemsList,
  };
  const format = FORMATS[file];
  cacheTags(c, ['feed', tag, ...items.articles.map((a) => `article:${a.slug}`)]);
  return c.body(format.render(feed), 200, { 'Content-Type': format.type });
}

/** `/feed.xml`, `/atom.xml`, `/feed.json`, and the same under `/series/<slug>/` and `/tags/<tag>/`. */
export const feeds = new Hono<AppEnv>()
  .get(`/:file${FILE}`, async (c) => {
    const { release, schedule } = c.var;
    const items = await newestWindow(c, release.articles, release.count - schedule.hidden);
    const { title, description } = release.site;
    return respond(c, c.req.param('file') as FeedFile, '', { title, description, tag: 'list' }, items);
  })
  .get(`/series/:slug/:file${FILE}`, async (c) => {
    const series = await c.var.store.entry('series', c.req.param('slug'));
    if (!series) return c.notFound();
    // A series feed holds every published part in part order, so a new reader starts at part 1.
    const parts = series.parts.filter((p) => isDue(p.date, c.var.schedule));
    // Keyed by the parts themselves: a new title or date is a new feed even when no body changed.
    const items = await feedItems(c, { parts }, async () => parts, { forFeed: true });
    const meta = {
      title: `${series.title} — ${c.var.release.site.title}`,
      description: series.summary,
      tag: `series:${series.slug}`,
    };
    return respond(c, c.req.param('file') as FeedFile, `/series/${series.slug}`, meta, items);
  })
  .get(`/tags/:tag/:file${FILE}`, async (c) => {
    const tag = await c.var.store.entry('tag', c.req.param('tag'));
    if (!tag) return c.notFound();
    const due = tag.count - c.var.schedule.hiddenWithTag(tag.tag);
    if (due === 0) return c.notFound();
    const items = await newestWindow(c, tag.chunks, due);
    const meta = {
      title: `#${tag.tag} — ${c.var.release.site.title}`,
      description: `Articles tagged “${tag.tag}”.`,
      tag: `tag:${tag.tag}`,
    };
    return respond(c, c.req.param('file') as FeedFile, `/tags/${tag.tag}`, meta, items);
  });
