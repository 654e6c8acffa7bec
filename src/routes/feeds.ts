import { type Context, Hono } from 'hono';
import { type FeedFile, paths } from '../content/paths';
import type { FeedItems } from '../content/stored';
import { FEED_SIZE } from '../content/window';
import { renderAtom } from '../feeds/atom';
import { type Feed, feedItem, latest } from '../feeds/items';
import { renderJsonFeed } from '../feeds/json';
import { renderRss } from '../feeds/rss';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { keptWindow } from './parts/kept';
import { send } from './parts/send';

const FORMATS = {
  'feed.xml': { type: 'application/rss+xml; charset=UTF-8', render: renderRss },
  'atom.xml': { type: 'application/atom+xml; charset=UTF-8', render: renderAtom },
  'feed.json': { type: 'application/feed+json; charset=UTF-8', render: renderJsonFeed },
} as const satisfies Record<FeedFile, unknown>;
// Grouped: an unparenthesized alternation would leak out of the segment and match any path.
const FILE = '{(?:feed\\.xml|atom\\.xml|feed\\.json)}';

interface FeedMeta extends Pick<Feed, 'title' | 'description'> {
  /** What the feed follows, for Cache-Tag: `list`, `series:<slug>` or `tag:<tag>`. */
  tag: string;
}

function respond(c: Context<AppEnv>, base: string, { tag, ...meta }: FeedMeta, items: FeedItems) {
  const { site } = c.var.root;
  const file = c.req.param('file') as FeedFile;
  const feedItemsList = items.articles.map((a, i) => feedItem(a, items.html[i], site));
  const feed: Feed = {
    ...meta,
    language: site.language,
    author: site.author,
    home: `${site.baseUrl}${base || paths.home}`,
    self: {
      rss: `${site.baseUrl}${paths.feed(base, 'feed.xml')}`,
      atom: `${site.baseUrl}${paths.feed(base, 'atom.xml')}`,
      json: `${site.baseUrl}${paths.feed(base, 'feed.json')}`,
    },
    updated: latest(feedItemsList, feedItemsList[0]?.published ?? new Date(0).toISOString()),
    items: feedItemsList,
  };
  const format = FORMATS[file];
  cacheTags(c, ['feed', tag, ...items.articles.map((a) => `article:${a.slug}`)]);
  return send(c, format.render(feed), format.type);
}

/** `/feed.xml`, `/atom.xml`, `/feed.json`, and the same under `/series/<slug>/` and `/tags/<tag>/`. */
export const feeds = new Hono<AppEnv>()
  .get(`/:file${FILE}`, async (c) => {
    const { name, load } = await c.var.view.siteWindow(FEED_SIZE);
    const items = await keptWindow(c, name, load, { forFeed: true });
    const { title, description } = c.var.root.site;
    return respond(c, '', { title, description, tag: 'list' }, items);
  })
  .get(`/series/:slug/:file${FILE}`, async (c) => {
    const series = await c.var.view.series(c.req.param('slug'));
    if (!series) return c.notFound();
    // A series feed holds every published part in part order, so a new reader starts at part 1.
    // Keyed by the parts themselves: a new title or date is a new feed even when no body changed.
    const { parts } = series;
    const items = await keptWindow(c, { parts }, async () => parts, { forFeed: true });
    const meta = {
      title: `${series.title} — ${c.var.root.site.title}`,
      description: series.summary,
      tag: `series:${series.slug}`,
    };
    return respond(c, paths.series(series.slug), meta, items);
  })
  .get(`/tags/:tag/:file${FILE}`, async (c) => {
    const window = await c.var.view.tagWindow(c.req.param('tag'), FEED_SIZE);
    if (!window) return c.notFound();
    const { tag } = window.tag;
    const items = await keptWindow(c, window.name, window.load, { forFeed: true });
    const meta = { title: `#${tag} — ${c.var.root.site.title}`, description: `Articles tagged “${tag}”.`, tag: `tag:${tag}` };
    return respond(c, paths.tag(tag), meta, items);
  });
