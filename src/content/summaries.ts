import type { Article, Series, SiteModel } from './model';
import type { ArticleSummary, SeriesContext } from './stored';

const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export const countWords = (markdown: string): number => markdown.match(WORDS)?.length ?? 0;

/** What every list, index entry and feed says of an article, with its body's key. */
export function summarize(seriesBySlug: Map<string, Series>, article: Article, bodyKey: string): ArticleSummary {
  const { front } = article;
  const series = front.series === undefined ? undefined : seriesBySlug.get(front.series);
  const changes = [front.updated, ...front.corrections.map((c) => c.date)].filter((d): d is string => d !== undefined);
  return {
    slug: article.slug,
    title: front.title,
    date: front.date,
    summary: front.summary,
    tags: front.tags,
    words: countWords(article.body),
    series: series && front.part ? { slug: series.slug, title: series.front.title, part: front.part } : undefined,
    bodyKey,
    modified: changes.length > 0 ? changes.sort().at(-1) : undefined,
    firstPublished: front.firstPublished,
    draft: front.draft ? true : undefined,
  };
}

export // Parts come grouped by series (`inSeries`): one pass over the site, not one per series.
function seriesContexts(site: SiteModel, inSeries: Map<string, ArticleSummary[]>): Map<string, SeriesContext> {
  const contexts = new Map<string, SeriesContext>();
  for (const series of site.series) {
    const parts = (inSeries.get(series.slug) ?? [])
      .map(({ slug, title, series: s, date, words }) => ({ slug, title, part: s?.part ?? 0, date, words }))
      .sort((a, b) => a.part - b.part);
    const { title, status, planned } = series.front;
    contexts.set(series.slug, { slug: series.slug, title, status, parts, planned });
  }
  return contexts;
}

/** Items by each of their keys (an article under each of its tags), in the items' order. */
export function groupBy<T>(items: T[], keysOf: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
