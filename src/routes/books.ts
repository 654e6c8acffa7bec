import { type Context, Hono } from 'hono';
import { contentHash } from '../content/hash';
import { bookKey } from '../content/keys';
import type { FeedItems } from '../content/layout';
import { isDue } from '../content/schedule';
import { BOOK_VERSION, type BookImage, bookIdentifier, buildEpub, IMAGE_TYPES, imagesUsed } from '../ebook/epub';
import { rendererId } from '../render/markdown';
import { renderReadingPage } from '../render/reading-page';
import { cacheTags, later } from './body';
import type { AppEnv } from './env';
import { feedItems } from './feeds';

// A segment ending in `.epub`, so `/series/<slug>` stays the series page.
const EPUB_FILE = '{[a-z0-9]+(?:-[a-z0-9]+)*\\.epub}';

/**
 * A series' published parts with their rendered bodies. The same kept window as the series feed
 * (keyed by the parts themselves), so the feed, the reading view and a new book share one KV key.
 */
async function publishedSeries(c: Context<AppEnv>, slug: string) {
  const series = await c.var.store.entry('series', slug);
  if (!series) return null;
  const parts = series.parts.filter((p) => isDue(p.date, c.var.schedule));
  if (parts.length === 0) return null;
  const items: FeedItems = await feedItems(c, { parts }, async () => parts);
  cacheTags(c, [`series:${series.slug}`, ...parts.map((p) => `article:${p.slug}`)]);
  return { series, parts: items.articles, bodies: items.html };
}

/**
 * The site images a book shows, read from Workers static assets (no KV read). One that cannot
 * be read stays a link to the site: the book is still served.
 */
async function assetImages(c: Context<AppEnv>, paths: string[]): Promise<BookImage[]> {
  const assets: Fetcher | undefined = c.env?.ASSETS;
  if (!assets || paths.length === 0) return [];
  const base = c.var.release.site.baseUrl;
  const found = await Promise.all(
    paths.map(async (path): Promise<BookImage | null> => {
      try {
        const res = await assets.fetch(new Request(`${base}${path}`));
        const type = res.headers.get('Content-Type')?.split(';')[0].trim() ?? '';
        if (!res.ok || !IMAGE_TYPES.has(type)) return null;
        return { path, type, bytes: new Uint8Array(await res.arrayBuffer()) };
      } catch {
        return null;
      }
    }),
  );
  return found.filter((image) => image !== null);
}

/**
 * A book is immutable for its parts, series and site settings, so the first one built is kept in
 * KV like a feed window: a later miss anywhere reads one key instead of converting and zipping.
 */
async function keptBook(c: Context<AppEnv>, slug: string): Promise<Uint8Array | null> {
  const { store, release, schedule } = c.var;
  const series = await store.entry('series', slug);
  if (!series) return null;
  const parts = series.parts.filter((p) => isDue(p.date, schedule));
  if (parts.length === 0) return null;
  const { title, summary, planned } = series;
  const { site } = release;
  const name = { book: BOOK_VERSION, parts, series: { slug, title, summary, planned }, site };
  const key = bookKey(rendererId(site), await contentHash(JSON.stringify(name)));
  cacheTags(c, [`series:${slug}`, ...parts.map((p) => `article:${p.slug}`)]);
  const kept = await store.book(key);
  if (kept) return kept;
  const items = await feedItems(c, { parts }, async () => parts);
  const identifier = await bookIdentifier(site.baseUrl, slug);
  const used = imagesUsed(items.html);
  const images = await assetImages(c, used);
  const zip = buildEpub({ site, series: name.series, parts: items.articles, bodies: items.html, identifier, images });
  // A book missing an image it could have carried is served, but not kept.
  if (images.length === used.length) later(c, store.saveBook(key, zip));
  return zip;
}

/** `/series/<slug>.epub` (an EPUB 3 book of the published parts) and `/series/<slug>/all`. */
export const books = new Hono<AppEnv>()
  .get(`/series/:file${EPUB_FILE}`, async (c) => {
    const slug = c.req.param('file').slice(0, -'.epub'.length);
    const zip = await keptBook(c, slug);
    // No published part: no book, rather than an empty one.
    if (!zip) return c.notFound();
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/epub+zip',
      'Content-Disposition': `attachment; filename="${slug}.epub"`,
    });
  })
  .get('/series/:slug/all', async (c) => {
    const found = await publishedSeries(c, c.req.param('slug'));
    if (!found) return c.notFound();
    const path = `/series/${found.series.slug}/all`;
    return c.html(renderReadingPage({ site: c.var.release.site, path, ...found }));
  });
