import type { Context } from 'hono';
import { Hono } from 'hono';
import { paths } from '../content/paths';
import { absoluteUrl } from '../render/format';
import { type SitemapUrl, sitemapIndex, urlSet, yearSitemaps } from '../render/sitemap';
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
 * served within the KV budget: the index reads nothing, `site.xml` the series and tag lists, and
 * each article sitemap one year's list.
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
    const files = ['site.xml', ...yearSitemaps(c.var.view.years).map((s) => s.file)];
    return xmlResponse(c, sitemapIndex(files.map((f) => ({ loc: absoluteUrl(c.var.root.site, paths.sitemap(f)) }))));
  })
  .get(paths.sitemap('site.xml'), async (c) => {
    const { root, view } = c.var;
    const [series, tags] = await Promise.all([view.seriesList(), view.tagList()]);
    const addresses = [
      paths.home,
      paths.seriesIndex,
      paths.archive,
      ...view.pages.map((p) => paths.page(p.slug)),
      ...series.map((s) => paths.series(s.slug)),
      ...tags.map((t) => paths.tag(t.tag)),
      ...view.years.map((y) => paths.archiveYear(y.year)),
    ];
    return xmlResponse(c, urlSet(addresses.map((p) => ({ loc: absoluteUrl(root.site, p) }))));
  })
  .get('/sitemaps/:file', async (c) => {
    const { root, view } = c.var;
    const sitemap = yearSitemaps(view.years).find((s) => s.file === c.req.param('file'));
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
