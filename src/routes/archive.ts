import { Hono } from 'hono';
import { renderArchive, renderArchiveYear } from '../render/pages';
import { cacheTags } from './body';
import type { AppEnv } from './env';

/** `/archive` (years, from the release root: no KV read) and `/archive/<year>`. */
export const archive = new Hono<AppEnv>()
  .get('/archive', (c) => {
    cacheTags(c, ['list']);
    return c.html(renderArchive({ site: c.var.release.site, years: c.var.release.years }));
  })
  .get('/archive/:year{[0-9]{4}}', async (c) => {
    const year = c.var.release.years.find((y) => y.year === Number(c.req.param('year')));
    if (!year) return c.notFound();
    const articles = await c.var.store.yearList(year.key);
    cacheTags(c, ['list']);
    return c.html(renderArchiveYear({ site: c.var.release.site, year: year.year, articles }));
  });
