import { xml } from '../content/escape';
import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';
import { articleUrl } from '../render/feed-body';
import { formatDate } from '../render/format';

/** One list of items that every feed format serializes: the feeds never differ in content. */
export interface FeedItem {
  /** The article's absolute URL: stable however often the article is edited. */
  id: string;
  url: string;
  title: string;
  summary: string;
  /** The lines before the text, in markup: the series position and provenance ('' when none). */
  lead: string;
  /** The full text with absolute links, as `feedBody` made it: kept apart from the lead, so a
   * format that carries it whole (RSS, Atom) sends the kept string itself, not a copy. */
  html: string;
  published: string;
  modified?: string;
  tags: string[];
  series?: { title: string; url: string; position: number };
  origin?: { outlet: string; url?: string; date: string };
}

export interface Feed {
  title: string;
  description: string;
  language: string;
  author: string;
  /** The HTML page the feed follows, and the feed's own address in each format. */
  home: string;
  self: { rss: string; atom: string; json: string };
  /** The latest change among its items (or the site's newest), for `updated`/`lastBuildDate`. */
  updated: string;
  items: FeedItem[];
}

/** A feed item from an article summary and its body as `feedBody` (render/feed-body.ts) made it. */
export function feedItem(article: ArticleSummary, body: string, site: { baseUrl: string; language: string }): FeedItem {
  const base = site.baseUrl;
  const url = articleUrl(article, site);
  const series = article.series && {
    title: article.series.title,
    url: `${base}${paths.series(article.series.slug)}`,
    position: article.series.part,
  };
  const origin = article.firstPublished;
  const lead = [
    series && `<p><em>Part ${series.position} of <a href="${series.url}">${xml(series.title)}</a></em></p>`,
    origin &&
      `<p><em>This article first appeared on ${origin.url ? `<a href="${xml(origin.url)}">${xml(origin.outlet)}</a>` : xml(origin.outlet)} on ${formatDate(origin.date, site.language)}.</em></p>`,
  ];
  return {
    id: url,
    url,
    title: article.title,
    summary: article.summary,
    lead: lead.filter(Boolean).join(''),
    html: body,
    published: article.date,
    modified: article.modified,
    tags: article.tags,
    series,
    origin,
  };
}

/** The latest publication or change among the items: ISO strings compare as times. */
export function latest(items: FeedItem[], fallback: string): string {
  let newest = fallback;
  for (const item of items) {
    const changed = item.modified ?? item.published;
    if (changed > newest) newest = changed;
  }
  return newest;
}
