import type { Article, SiteModel } from '../content/model';
import { paths } from '../content/paths';
import { buildRelease, type Release } from '../content/release';
import { type ArticleText, type BuildCache, buildSearchIndex } from './build';
import type { SearchDoc } from './doc';
import { plainText } from './plain-text';
import { relatedArticles, type TermWeights, termWeights } from './related';
import { type Analyzer, analyzer, INDEX_VERSION } from './text';

/**
 * An article's plain text and term weights, from the build cache when it has them: on a large
 * site these two passes over every body are most of a build, and an unchanged text gives the same.
 */
function articleText(article: Article, textAnalyzer: Analyzer, cache?: BuildCache): ArticleText {
  const { title, summary } = article.front;
  const key = cache?.texts && JSON.stringify([INDEX_VERSION, textAnalyzer.language, title, summary, article.body]);
  const kept = key ? cache?.texts?.get(key) : undefined;
  if (kept) return kept;
  const plain = plainText(article.body);
  const text = { ...plain, terms: termWeights({ path: '', kind: 'article', title, summary, tags: [], ...plain }, textAnalyzer) };
  if (key) cache?.texts?.set(key, text);
  return text;
}

/**
 * The documents of a site: every published article (oldest first, as the release lists them),
 * then its series and pages. Drafts are never indexed, even in a preview built with them; aliases
 * are only other addresses of an article, so they are not documents.
 */
export function searchDocs(
  site: SiteModel,
  cache?: BuildCache,
): { articles: SearchDoc[]; terms: TermWeights[]; others: SearchDoc[] } {
  const titles = new Map(site.series.map((s) => [s.slug, s.front.title]));
  const textAnalyzer = analyzer(site.config.language);
  const terms: TermWeights[] = [];
  const articles = site.articles
    .filter((a) => !a.front.draft)
    .map((a): SearchDoc => {
      const { front } = a;
      const title = front.series ? titles.get(front.series) : undefined;
      const { headings, text, terms: weights } = articleText(a, textAnalyzer, cache);
      terms.push(weights);
      return {
        path: paths.article(a.slug),
        kind: 'article',
        title: front.title,
        summary: front.summary,
        headings,
        text,
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
  return { articles, terms, others: [...series, ...pages] };
}

/**
 * Each published article's related reading (slugs, best first), from its term weights
 * (`terms`: `searchDocs(site).terms`, made once for both).
 */
export function relatedReading(site: SiteModel, terms: TermWeights[]): Map<string, string[]> {
  const published = site.articles.filter((a) => !a.front.draft); // the same articles, in the same order
  return relatedArticles(
    published.map((a, i) => ({ slug: a.slug, date: a.front.date, tags: a.front.tags, series: a.front.series, terms: terms[i] })),
  );
}

/** A site compiled into a release with its search index: what `quire build` and `publish` upload. */
export async function compileRelease(site: SiteModel, options: { cache?: BuildCache } = {}): Promise<Release> {
  const { articles, terms, others } = searchDocs(site, options.cache);
  const index = await buildSearchIndex(articles, others, site.config.language, options);
  return buildRelease(site, { ...index, related: relatedReading(site, terms) });
}
