import { Hono } from 'hono';
import { paths } from '../content/paths';
import { renderArticlePieces } from '../render/article-page';
import { renderPage, renderSeriesPage } from '../render/pages';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { bodyToSend, renderedBody } from './parts/kept';
import { sendHtml } from './parts/send';

const SLUG_PATH = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** `/articles/<slug>`, `/series/<slug>`. */
export const articles = new Hono<AppEnv>()
  .get('/articles/:slug', async (c) => {
    const { view } = c.var;
    const article = await view.article(c.req.param('slug'));
    if (!article) {
      // A renamed article keeps its old address as an alias.
      const to = await view.alias(c.req.path);
      return to ? c.redirect(to, 301) : c.notFound();
    }
    const body = await bodyToSend(c, article.bodyKey);
    const series = article.context ? [`series:${article.context.slug}`] : [];
    cacheTags(c, [`article:${article.slug}`, ...series, ...article.tags.map((t) => `tag:${t}`)]);
    return sendHtml(c, renderArticlePieces({ site: c.var.root.site, path: paths.article(article.slug), article, body }));
  })
  .get('/series/:slug', async (c) => {
    const series = await c.var.view.series(c.req.param('slug'));
    if (!series) return c.notFound();
    const synopsis = await renderedBody(c, series.bodyKey);
    cacheTags(c, [`series:${series.slug}`]);
    return sendHtml(c, renderSeriesPage({ site: c.var.root.site, path: paths.series(series.slug), series, synopsis }));
  });

/** Everything else: a page such as `/about`, an old address that redirects, or a 404. */
export const pagesAndAliases = new Hono<AppEnv>().get('*', async (c) => {
  const { view } = c.var;
  const slug = SLUG_PATH.exec(c.req.path)?.[1];
  const page = slug ? await view.page(slug) : null;
  if (page) {
    cacheTags(c, [`page:${page.slug}`]);
    const body = await renderedBody(c, page.bodyKey);
    return sendHtml(c, renderPage({ site: c.var.root.site, path: paths.page(page.slug), page, body }));
  }
  const to = await view.alias(c.req.path);
  return to ? c.redirect(to, 301) : c.notFound();
});
