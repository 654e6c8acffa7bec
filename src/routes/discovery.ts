import type { Context } from 'hono';
import { Hono } from 'hono';
import { paths } from '../content/paths';
import { absoluteUrl } from '../render/format';
import { chunkSitemap, chunkSitemaps, type SitemapUrl, sitemapIndex, urlSet, yearSitemaps } from '../render/sitemap';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { send } from './parts/send';

const XML = 'application/xml; charset=UTF-8';

const xmlResponse = (c: Context<AppEnv>, body: string) => {
  cacheTags(c, ['list']);
  return send(c, body, XML);
};

/**
 * `/robots.txt` (RFC 9309) and the sitemaps. `/sitemap.xml` is an index, so a site of any size is
 * served within the KV budget: the index and `site.xml` read nothing, `series-<n>.xml` and
 * `tags-<n>.xml` one chunk of those lists each (and a table page, when the list is that long),
 * and each article sitemap one year's list.
 */
export const discovery = new Hono<AppEnv>()
  .get(paths.robots, (c) => {
    cacheTags(c, []);
    return send(
      c,
      `User-agent: *\nAllow: /\nDisallow: ${paths.searchPage}\n\nSitemap: ${absoluteUrl(c.var.root.site, paths.sitemapIndex)}\n`,
      'text/plain; charset=UTF-8',
    );
  })
  .get(paths.sitemapIndex, (c) => {
    const { view } = c.var;
    const files = [
      'site.xml',
      ...chunkSitemaps('series', view.seriesChunkCount),
      ...chunkSitemaps('tags', view.tagChunkCount),
      ...yearSitemaps(view.years).map((s) => s.file),
    ];
    return xmlResponse(c, sitemapIndex(files.map((f) => ({ loc: absoluteUrl(c.var.root.site, paths.sitemap(f)) }))));
  })
  .get(paths.sitemap('site.xml'), (c) => {
    const { root, view } = c.var;
    const addresses = [
      paths.home,
      paths.seriesIndex,
      paths.archive,
      ...view.pages.map((p) => paths.page(p.slug)),
      ...view.years.map((y) => paths.archiveYear(y.year)),
    ];
    return xmlResponse(c, urlSet(addresses.map((p) => ({ loc: absoluteUrl(root.site, p) }))));
  })
  .get('/sitemaps/:file', async (c) => {
    const { root, view } = c.var;
    const file = c.req.param('file');
    const chunked = chunkSitemap(file);
    if (chunked) {
      const addresses =
        chunked.list === 'series'
          ? (await view.seriesChunk(chunked.chunk))?.map((s) => paths.series(s.slug))
          : (await view.tagChunk(chunked.chunk))?.map((t) => paths.tag(t.tag));
      if (!addresses) return c.notFound();
      return xmlResponse(c, urlSet(addresses.map((p) => ({ loc: absoluteUrl(root.site, p) }))));
    }
    const sitemap = yearSitemaps(view.years).find((s) => s.file === file);
    const due = sitemap && (await view.year(sitemap.year));
    if (!sitemap || !due) return c.notFound();
    // A sitemap lists canonical URLs only: an article that credits its original as canonical is
    // left out (after slicing, so the split files still match the index's arithmetic).
    const listed = due.slice(sitemap.start, sitemap.end).filter((a) => a.canonical !== 'original');
    const urls: SitemapUrl[] = listed.map((a) => ({
      loc: absoluteUrl(root.site, paths.article(a.slug)),
      lastmod: a.modified ?? a.date,
    }));
    return xmlResponse(c, urlSet(urls));
  });
