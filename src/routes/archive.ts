import { Hono } from 'hono';
import { isDue } from '../content/schedule';
import { renderArchive, renderArchiveYear } from '../render/pages';
import { cacheTags } from './body';
import type { AppEnv } from './env';

/** `/archive` (years, from the release root: no KV read) and `/archive/<year>`. */
export const archive = new Hono<AppEnv>()
  .get('/archive', (c) => {
    const { release, schedule } = c.var;
    const years = release.years.map((y) => ({ ...y, count: y.count - schedule.hiddenInYear(y.year) })).filter((y) => y.count > 0);
    cacheTags(c, ['list']);
    return c.html(renderArchive({ site: release.site, path: '/archive', years }));
  })
  .get('/archive/:year{[0-9]{4}}', async (c) => {
    const year = c.var.release.years.find((y) => y.year === Number(c.req.param('year')));
    if (!year) return c.notFound();
    const articles = (await c.var.store.yearList(year.key)).filter((a) => isDue(a.date, c.var.schedule));
    if (articles.length === 0) return c.notFound();
    cacheTags(c, ['list']);
    return c.html(renderArchiveYear({ site: c.var.release.site, path: `/archive/${year.year}`, year: year.year, articles }));
  });
