import { type Context, Hono } from 'hono';
import { contentHash } from '../content/hash';
import { chapterKeyHash } from '../content/keys';
import { paths } from '../content/paths';
import type { SeriesEntry } from '../content/stored';
import { chapterCodec, chapterName } from '../ebook/chapter';
import { assembleEpub, type BookImage, bookIdentifier, IMAGE_TYPES } from '../ebook/epub';
import { renderReadingPage } from '../render/reading-page';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { keptWindow } from './parts/kept';
import { send, sendHtml } from './parts/send';

// A segment ending in `.epub`, so `/series/<slug>` stays the series page.
const EPUB_FILE = '{[a-z0-9]+(?:-[a-z0-9]+)*\\.epub}';

/** A series with at least one published part; its parts' Cache-Tags are set. */
async function publishedSeries(c: Context<AppEnv>, slug: string): Promise<SeriesEntry | null> {
  const series = await c.var.view.series(slug);
  if (!series || series.parts.length === 0) return null;
  cacheTags(c, [`series:${series.slug}`, ...series.parts.map((p) => `article:${p.slug}`)]);
  return series;
}

/** The published parts with their rendered bodies, for the reading view: a kept window keyed by the parts themselves. */
const partsWithBodies = (c: Context<AppEnv>, { parts }: SeriesEntry) => keptWindow(c, { parts }, async () => parts);

/**
 * The site images a book shows, read from Workers static assets (no KV read). One that cannot
 * be read stays a link to the site: the book is still served.
 */
async function assetImages(c: Context<AppEnv>, used: string[]): Promise<BookImage[]> {
  const assets: Fetcher | undefined = c.env?.ASSETS;
  if (!assets || used.length === 0) return [];
  const base = c.var.root.site.baseUrl;
  const found = await Promise.all(
    used.map(async (path): Promise<BookImage | null> => {
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
 * A book from its chapters, converted and deflated at publish and read here in one bulk read: the
 * worker only writes the small documents (package, contents, title page) and the zip's headers.
 */
async function book(c: Context<AppEnv>, series: SeriesEntry): Promise<Uint8Array> {
  const { site } = c.var.root;
  const { slug, title, summary, planned, parts } = series;
  const hashes = await Promise.all(parts.map(async (p) => chapterKeyHash(p.bodyKey, await contentHash(chapterName(site, p)))));
  const chapters = await c.var.store.rendered('chapter', hashes, chapterCodec);
  const used = [...new Set(chapters.flatMap((ch) => ch.images.map((i) => i.path)))];
  const images = await assetImages(c, used);
  const identifier = await bookIdentifier(site.baseUrl, slug);
  return assembleEpub({ site, series: { slug, title, summary, planned }, parts, identifier }, chapters, images);
}

/** `/series/<slug>.epub` (an EPUB 3 book of the published parts) and `/series/<slug>/all`. */
export const books = new Hono<AppEnv>()
  .get(`/series/:file${EPUB_FILE}`, async (c) => {
    const slug = c.req.param('file').slice(0, -'.epub'.length);
    const series = await publishedSeries(c, slug);
    // No published part: no book, rather than an empty one.
    if (!series) return c.notFound();
    const zip = await book(c, series);
    return send(c, zip, 'application/epub+zip', {
      'Content-Disposition': `attachment; filename="${slug}.epub"`,
    });
  })
  .get('/series/:slug/all', async (c) => {
    const series = await publishedSeries(c, c.req.param('slug'));
    if (!series) return c.notFound();
    const items = await partsWithBodies(c, series);
    const path = paths.seriesAll(series.slug);
    return sendHtml(c, renderReadingPage({ site: c.var.root.site, path, series, parts: items.articles, bodies: items.html }));
  });
