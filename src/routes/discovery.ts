import type { Context } from 'hono';
import { Hono } from 'hono';
import { isDue } from '../content/schedule';
import { absoluteUrl } from '../render/format';
import { type SitemapUrl, sitemapIndex, urlSet, yearSitemaps } from '../render/sitemap';
import { cacheTags } from './body';
import type { AppEnv } from './env';

const XML = 'application/xml; charset=UTF-8';

const xmlResponse = (c: Context<AppEnv>, body: string) => {
  cacheTags(c, ['list']);
  return c.body(body, 200, { 'Content-Type': XML });
};

/** The article sitemaps due now, from the years in the release root: no KV read. */
function dueYearSitemaps(c: Context<AppEnv>) {
  const { release, schedule } = c.var;
  return yearSitemaps(release.years.map((y) => ({ year: y.year, count: y.count - schedule.hiddenInYear(y.year) })));
}

/**
 * `/robots.txt` (RFC 9309) and the sitemaps. `/sitemap.xml` is an index, so a site of any size is
 * served within the KV budget: the index reads nothing, `site.xml` the series and tag lists, and
 * each article sitemap one year's list.
 */
export const discovery = new Hono<AppEnv>()
  .get('/robots.txt', (c) => {
    cacheTags(c, []);
    return c.text(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(c.var.release.site, '/sitemap.xml')}\n`);
  })
  .get('/sitemap.xml', (c) => {
    const files = ['site.xml', ...dueYearSitemaps(c).map((s) => s.file)];
    return xmlResponse(c, sitemapIndex(files.map((f) => ({ loc: absoluteUrl(c.var.release.site, `/sitemaps/${f}`) }))));
  })
  .get('/sitemaps/site.xml', async (c) => {
    const { release, store, schedule } = c.var;
    const [series, tags] = await Promise.all([store.seriesList(), store.tagList()]);
    const paths = [
      '/',
      '/series',
      '/archive',
      ...release.pages.map((p) => `/${p.slug}`),
      ...series.map((s) => `/series/${s.slug}`),
      // A tag whose articles are all still scheduled has no page yet.
      ...tags.filter((t) => t.count > schedule.hiddenWithTag(t.tag)).map((t) => `/tags/${t.tag}`),
      ...release.years.filter((y) => y.count > schedule.hiddenInYear(y.year)).map((y) => `/archive/${y.year}`),
    ];
    return xmlResponse(c, urlSet(paths.map((p) => ({ loc: absoluteUrl(release.site, p) }))));
  })
  .get('/sitemaps/:file', async (c) => {
    const { release, store, schedule } = c.var;
    const sitemap = dueYearSitemaps(c).find((s) => s.file === c.req.param('file'));
    const year = sitemap && release.years.find((y) => y.year === sitemap.year);
    if (!sitemap || !year) return c.notFound();
    const due = (await store.yearList(year.key)).filter((a) => isDue(a.date, schedule));
    // A sitemap lists canonical URLs only: an article that credits its original as canonical is
    // left out (after slicing, so the split files still match the index's arithmetic).
    const listed = due.slice(sitemap.start, sitemap.end).filter((a) => a.canonical !== 'original');
    const urls: SitemapUrl[] = listed.map((a) => ({
      loc: absoluteUrl(release.site, `/articles/${a.slug}`),
      lastmod: a.modified ?? a.date,
    }));
    return xmlResponse(c, urlSet(urls));
  });
