import { dirname, join } from 'node:path';
import { checkLinks } from '../content/links';
import type { ContentFiles, SiteModel } from '../content/model';
import { byPosition, type Problem } from '../content/problems';
import { anchorsIn, linksIn, PAGE_IDS, quickLinksIn } from '../render/links';

/**
 * Links and images in the content that lead to no page of this release (or not yet), read with
 * the renderer's markdown and its heading ids, so what is checked is what will be published.
 */
export function linkProblems(site: SiteModel, files: ContentFiles, now: Date): Problem[] {
  const published = new Set(site.articles.map((a) => a.path));
  const options = { allowHtml: site.config.allowHtml };
  const host = new URL(site.config.baseUrl).host;
  const problems = checkLinks(site, {
    assets: files.assets,
    assetsDir: join(dirname(files.site.path), 'assets'),
    drafts: files.articles.map((f) => f.path).filter((path) => !published.has(path)),
    now: now.toISOString(),
    linksIn: (doc) => linksIn(doc.body, options),
    quickLinksIn: (doc) => quickLinksIn(doc.body, { ...options, host }),
    anchorsIn: (doc) => new Set([...anchorsIn(doc.body, options), ...PAGE_IDS]),
  });
  return problems.sort(byPosition);
}
