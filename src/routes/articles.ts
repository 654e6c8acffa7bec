import { Hono } from 'hono';
import { isDue } from '../content/schedule';
import { renderArticlePage } from '../render/article-page';
import { renderPage, renderSeriesIndex, renderSeriesPage } from '../render/pages';
import { cacheTags, renderedBody } from './body';
import type { AppEnv } from './env';

/** `/articles/<slug>`, `/series`, `/series/<slug>`. */
export const articles = new Hono<AppEnv>()
  .get('/articles/:slug', async (c) => {
    const { store, schedule } = c.var;
    const found = await store.entry('article', c.req.param('slug'));
    if (!found) {
      // A renamed article keeps its old address as an alias.
      const alias = await store.entry('alias', c.req.path);
      return alias && isDue(alias.date, schedule) ? c.redirect(alias.to, 301) : c.notFound();
    }
    // A scheduled article does not exist until its time.
    if (!isDue(found.date, schedule)) return c.notFound();
    const article = found;
    const body = await renderedBody(c, article.body);
    const series = article.context ? [`series:${article.context.slug}`] : [];
    cacheTags(c, [`article:${article.slug}`, ...series, ...article.tags.map((t) => `tag:${t}`)]);
    return c.html(
      renderArticlePage({ site: c.var.release.site, path: `/articles/${article.slug}`, article, body, now: schedule.now }),
    );
  })
  .get('/series', async (c) => {
    const { store, schedule } = c.var;
    const series = (await store.seriesList()).map((s) => ({ ...s, count: s.count - schedule.hiddenInSeries(s.slug) }));
    cacheTags(c, ['list', ...series.map((s) => `series:${s.slug}`)]);
    return c.html(renderSeriesIndex({ site: c.var.release.site, path: '/series', series }));
  })
  .get('/series/:slug', async (c) => {
    const found = await c.var.store.entry('series', c.req.param('slug'));
    if (!found) return c.notFound();
    const series = { ...found, parts: found.parts.filter((p) => isDue(p.date, c.var.schedule)) };
    const synopsis = await renderedBody(c, series.body);
    cacheTags(c, [`series:${series.slug}`]);
    return c.html(renderSeriesPage({ site: c.var.release.site, path: `/series/${series.slug}`, series, synopsis }));
  });

/** Everything else: a page such as `/about`, an old address that redirects, or a 404. */
export const pagesAndAliases = new Hono<AppEnv>().get('*', async (c) => {
  const { store } = c.var;
  const slug = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(c.req.path)?.[1];
  const page = slug ? await store.entry('page', slug) : null;
  if (page) {
    cacheTags(c, [`page:${page.slug}`]);
    return c.html(renderPage({ site: c.var.release.site, path: `/${page.slug}`, page, body: await renderedBody(c, page.body) }));
  }
  const alias = await store.entry('alias', c.req.path);
  if (alias && isDue(alias.date, c.var.schedule)) return c.redirect(alias.to, 301);
  return c.notFound();
});
