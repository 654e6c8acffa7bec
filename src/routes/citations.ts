import { Hono } from 'hono';
import { type CitationFormat, paths } from '../content/paths';
import { bibtex, citationOf, ris } from '../render/citation';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { send } from './parts/send';

// A segment ending in `.bib` or `.ris`, so `/articles/<slug>` stays the article page.
const CITATION_FILE = '{[a-z0-9]+(?:-[a-z0-9]+)*\\.(?:bib|ris)}';
const ARTICLE_PATH = /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

const FILES: Record<CitationFormat, { type: string; write: typeof bibtex }> = {
  bib: { type: 'application/x-bibtex; charset=utf-8', write: bibtex },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', write: ris },
};

/** `/articles/<slug>.bib` and `.ris`: an article's reference, once the article is published. */
export const citations = new Hono<AppEnv>().get(`/articles/:file${CITATION_FILE}`, async (c) => {
  const file = c.req.param('file');
  const format: CitationFormat = file.endsWith('.bib') ? 'bib' : 'ris';
  const slug = file.slice(0, -4);
  const { view } = c.var;
  const article = await view.article(slug);
  if (!article) {
    // A renamed article's old address has its files too, at the new address.
    const to = await view.alias(paths.article(slug));
    const moved = to && ARTICLE_PATH.exec(to)?.[1];
    return moved ? c.redirect(paths.citation(moved, format), 301) : c.notFound();
  }
  cacheTags(c, [`article:${article.slug}`]);
  return send(c, FILES[format].write(citationOf(c.var.root.site, article)), FILES[format].type, {
    'Content-Disposition': `attachment; filename="${article.slug}.${format}"`,
  });
});
