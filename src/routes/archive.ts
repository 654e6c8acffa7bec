import { Hono } from 'hono';
import { paths } from '../content/paths';
import { renderArchive, renderArchiveYear } from '../render/pages';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { sendHtml } from './parts/send';

/** `/archive` (years, from the release root: no KV read) and `/archive/<year>`. */
export const archive = new Hono<AppEnv>()
  .get(paths.archive, (c) => {
    cacheTags(c, ['list']);
    return sendHtml(c, renderArchive({ site: c.var.root.site, path: paths.archive, years: c.var.view.years }));
  })
  .get('/archive/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const articles = await c.var.view.year(year);
    if (!articles) return c.notFound();
    cacheTags(c, ['list']);
    return sendHtml(c, renderArchiveYear({ site: c.var.root.site, path: paths.archiveYear(year), year, articles }));
  });
