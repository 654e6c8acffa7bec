import { Hono } from 'hono';
import { paths } from '../content/paths';
import { renderListPage, renderSeriesIndex } from '../render/pages';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { sendHtml } from './parts/send';

// Tags are validated as slugs, so a redirect built from one is always a clean path.
const TAG = '[a-z0-9]+(?:-[a-z0-9]+)*';

const pageNumber = (raw: string | undefined): number => (raw === undefined ? 1 : /^[1-9]\d{0,6}$/.test(raw) ? Number(raw) : 0);

/** `/`, `/page/<n>`, `/tags/<tag>`, `/tags/<tag>/page/<n>`, `/series` and `/series/page/<n>`. */
export const lists = new Hono<AppEnv>()
  .get('/page/1', (c) => c.redirect(paths.home, 301))
  .get(`/tags/:tag{${TAG}}/page/1`, (c) => c.redirect(paths.tag(c.req.param('tag')), 301))
  .get('/series/page/1', (c) => c.redirect(paths.seriesIndex, 301))
  // Digits only: `/series/page` and its feeds stay a series' own addresses.
  .on('GET', [paths.seriesIndex, '/series/page/:n{[0-9]+}'], async (c) => {
    const page = pageNumber(c.req.param('n'));
    const list = await c.var.view.seriesPage(page);
    if (!list) return c.notFound();
    cacheTags(c, ['list', ...list.series.map((s) => `series:${s.slug}`)]);
    return sendHtml(
      c,
      renderSeriesIndex({
        site: c.var.root.site,
        path: paths.seriesIndexPage(page),
        series: list.series,
        page,
        previous: page > 1 ? paths.seriesIndexPage(page - 1) : undefined,
        next: list.more ? paths.seriesIndexPage(page + 1) : undefined,
      }),
    );
  })
  .on('GET', ['/', '/page/:n'], async (c) => {
    const page = pageNumber(c.req.param('n'));
    const list = await c.var.view.listPage(page);
    if (!list) return c.notFound();
    cacheTags(c, ['list', ...list.articles.map((a) => `article:${a.slug}`)]);
    return sendHtml(
      c,
      renderListPage({
        site: c.var.root.site,
        path: paths.listPage(page),
        articles: list.articles,
        title: page > 1 ? `Page ${page}` : undefined,
        newer: page > 1 ? paths.listPage(page - 1) : undefined,
        older: list.more ? paths.listPage(page + 1) : undefined,
      }),
    );
  })
  .on('GET', ['/tags/:tag', '/tags/:tag/page/:n'], async (c) => {
    const page = pageNumber(c.req.param('n'));
    const list = await c.var.view.tagPage(c.req.param('tag'), page);
    if (!list) return c.notFound();
    const { tag } = list.tag;
    cacheTags(c, ['list', `tag:${tag}`, ...list.articles.map((a) => `article:${a.slug}`)]);
    return sendHtml(
      c,
      renderListPage({
        site: c.var.root.site,
        path: paths.tagPage(tag, page),
        heading: `Tagged “${tag}”`,
        title: `#${tag}`,
        feeds: [{ title: `#${tag}`, path: paths.tag(tag) }],
        articles: list.articles,
        newer: page > 1 ? paths.tagPage(tag, page - 1) : undefined,
        older: list.more ? paths.tagPage(tag, page + 1) : undefined,
      }),
    );
  });
