import type { SiteModel } from '../content/model';
import { paths } from '../content/paths';
import { buildRelease, type Release } from '../content/release';
import { type BuildCache, buildSearchIndex } from './build';
import type { SearchDoc } from './doc';
import { plainText } from './plain-text';
import { cachedTerms, relatedArticles } from './related';
import { analyzer } from './text';

/**
 * The documents of a site: every published article (oldest first, as the release lists them),
 * then its series and pages. Drafts are never indexed, even in a preview built with them; aliases
 * are only other addresses of an article, so they are not documents.
 */
export function searchDocs(site: SiteModel): { articles: SearchDoc[]; others: SearchDoc[] } {
  const titles = new Map(site.series.map((s) => [s.slug, s.front.title]));
  const articles = site.articles
    .filter((a) => !a.front.draft)
    .map((a): SearchDoc => {
      const { front } = a;
      const title = front.series ? titles.get(front.series) : undefined;
      return {
        path: paths.article(a.slug),
        kind: 'article',
        title: front.title,
        summary: front.summary,
        ...plainText(a.body),
        date: front.date,
        tags: front.tags,
        series: front.series && title && front.part ? { slug: front.series, title, part: front.part } : undefined,
      };
    });
  const series = site.series.map(
    (s): SearchDoc => ({
      path: paths.series(s.slug),
      kind: 'series',
      title: s.front.title,
      summary: s.front.summary,
      ...plainText(s.body),
      tags: [],
    }),
  );
  const pages = site.pages.map(
    (p): SearchDoc => ({
      path: paths.page(p.slug),
      kind: 'page',
      title: p.front.title,
      summary: p.front.summary ?? '',
      ...plainText(p.body),
      tags: [],
    }),
  );
  return { articles, others: [...series, ...pages] };
}

/**
 * Each published article's related reading (slugs, best first), from its search document
 * (`articles`: `searchDocs(site).articles`, made once for both).
 */
export function relatedReading(site: SiteModel, articles: SearchDoc[], cache?: BuildCache): Map<string, string[]> {
  const textAnalyzer = analyzer(site.config.language);
  const published = site.articles.filter((a) => !a.front.draft); // the same articles, in the same order
  return relatedArticles(
    published.map((a, i) => ({
      slug: a.slug,
      date: a.front.date,
      tags: a.front.tags,
      series: a.front.series,
      terms: cachedTerms(articles[i], textAnalyzer, cache),
    })),
  );
}

/** A site compiled into a release with its search index: what `quire build` and `publish` upload. */
export async function compileRelease(site: SiteModel, options: { cache?: BuildCache } = {}): Promise<Release> {
  const { articles, others } = searchDocs(site);
  const index = await buildSearchIndex(articles, others, site.config.language, options);
  return buildRelease(site, { ...index, related: relatedReading(site, articles, options.cache) });
}
