import { Hono } from 'hono';
import { chunksFor } from '../content/chunk';
import type { ArticleSummary, ChunkRef } from '../content/layout';
import { renderListPage } from '../render/pages';
import type { ReleaseStore } from '../store/release-store';
import { cacheTags } from './body';
import type { AppEnv } from './env';

/**
 * Page `page` (from 1), newest first, of the first `total` items of a list kept oldest first in
 * chunks (the items after `total` are scheduled, not yet due); null past the end.
 */
async function newestFirst(
  store: ReleaseStore,
  refs: ChunkRef[],
  { page, perPage, total }: { page: number; perPage: number; total: number },
): Promise<ArticleSummary[] | null> {
  const end = total - (page - 1) * perPage;
  if (page < 1 || (end <= 0 && page > 1)) return null;
  const start = Math.max(0, end - perPage);
  const { refs: picked, offset } = chunksFor(refs, start, end);
  const chunks = await Promise.all(picked.map((r) => store.chunk(r.key)));
  return chunks
    .flat()
    .slice(offset, offset + (end - start))
    .reverse();
}

// Tags are validated as slugs, so a redirect built from one is always a clean path.
const TAG = '[a-z0-9]+(?:-[a-z0-9]+)*';

const pageNumber = (raw: string | undefined): number => (raw === undefined ? 1 : /^[1-9]\d{0,6}$/.test(raw) ? Number(raw) : 0);

/** `/`, `/page/<n>`, `/tags/<tag>` and `/tags/<tag>/page/<n>`. */
export const lists = new Hono<AppEnv>()
  .get('/page/1', (c) => c.redirect('/', 301))
  .get(`/tags/:tag{${TAG}}/page/1`, (c) => c.redirect(`/tags/${c.req.param('tag')}`, 301))
  .on('GET', ['/', '/page/:n'], async (c) => {
    const { release, store, schedule } = c.var;
    const page = pageNumber(c.req.param('n'));
    const total = release.count - schedule.hidden;
    const articles = await newestFirst(store, release.articles, { page, perPage: release.site.perPage, total });
    if (!articles) return c.notFound();
    const more = page * release.site.perPage < total;
    cacheTags(c, ['list', ...articles.map((a) => `article:${a.slug}`)]);
    return c.html(
      renderListPage({
        site: release.site,
        path: page > 1 ? `/page/${page}` : '/',
        articles,
        title: page > 1 ? `Page ${page}` : undefined,
        newer: page === 2 ? '/' : page > 2 ? `/page/${page - 1}` : undefined,
        older: more ? `/page/${page + 1}` : undefined,
      }),
    );
  })
  .on('GET', ['/tags/:tag', '/tags/:tag/page/:n'], async (c) => {
    const { release, store, schedule } = c.var;
    const page = pageNumber(c.req.param('n'));
    const tag = await store.entry('tag', c.req.param('tag'));
    if (!tag || page === 0) return c.notFound();
    const total = tag.count - schedule.hiddenWithTag(tag.tag);
    const articles = await newestFirst(store, tag.chunks, { page, perPage: release.site.perPage, total });
    if (!articles || total === 0) return c.notFound();
    const base = `/tags/${tag.tag}`;
    cacheTags(c, ['list', `tag:${tag.tag}`, ...articles.map((a) => `article:${a.slug}`)]);
    return c.html(
      renderListPage({
        site: release.site,
        path: page > 1 ? `${base}/page/${page}` : base,
        heading: `Tagged “${tag.tag}”`,
        title: `#${tag.tag}`,
        feeds: [{ title: `#${tag.tag}`, path: base }],
        articles,
        newer: page === 2 ? base : page > 2 ? `${base}/page/${page - 1}` : undefined,
        older: page * release.site.perPage < total ? `${base}/page/${page + 1}` : undefined,
      }),
    );
  });
