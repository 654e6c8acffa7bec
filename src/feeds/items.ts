import { FORBIDDEN, xml, xmlSafe } from '../content/escape';
import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';
import { formatDate } from '../render/format';

/** One list of items that every feed format serializes: the feeds never differ in content. */
export interface FeedItem {
  /** The article's absolute URL: stable however often the article is edited. */
  id: string;
  url: string;
  title: string;
  summary: string;
  /** Full text with absolute links, the series position and provenance lines first. */
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

const parse = (url: string, base?: string): URL | null => {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
};

// The links a body mostly holds (`/articles/…`, `#fn:1`), in characters the URL parser keeps as
// they are (WHATWG URL: no dot segment, nothing it percent-encodes), are resolved by joining
// strings: parsing a URL for each of a feed's hundreds of links was most of a first feed's CPU.
const PLAIN_FRAGMENT = /^#[\w.:-]*$/;
const PLAIN_PATH = /^\/(?:[\w~-][\w.~-]*(?:\/[\w~-][\w.~-]*)*\/?)?(?:#[\w.:-]*)?$/;

/** Resolves links against `page`, an absolute URL. */
function resolver(page: string): (url: string) => string {
  const base = parse(page);
  const web = base !== null && (base.protocol === 'https:' || base.protocol === 'http:');
  const origin = base?.origin ?? '';
  const document = base ? `${origin}${base.pathname}${base.search}` : '';
  return (raw) => {
    const url = raw.trim();
    if (web && url.startsWith('#') && PLAIN_FRAGMENT.test(url)) return `${document}${url}`;
    if (web && url.startsWith('/') && PLAIN_PATH.test(url)) return `${origin}${url}`;
    return parse(url, page)?.href ?? raw;
  };
}

// One pass for every attribute: each pass over a body costs more than what it finds.
const URL_ATTRIBUTE = /(\s(?:href|src|poster|srcset))=(?:"([^"]*)"|'([^']*)')/gi;
// For a feed, the same pass drops each character XML forbids: one matched alone, no attribute.
// Attributes come first, and what replaces one is made XML-safe, so a body comes out exactly as
// xmlSafe(absolutize(body)) would, where \s takes a vertical tab or form feed.
const FEED_REWRITE = new RegExp(`${URL_ATTRIBUTE.source}|${FORBIDDEN.source}`, 'gi');

function rewrite(html: string, page: string, forFeed: boolean): string {
  const resolve = resolver(page);
  return html.replace(forFeed ? FEED_REWRITE : URL_ATTRIBUTE, (_, attr?: string, dq?: string, sq?: string) => {
    if (attr === undefined) return '';
    const value = dq ?? sq ?? '';
    const candidates = /srcset$/i.test(attr) && value.split(',').map((c) => c.trim().replace(/^\S+/, resolve));
    const rewritten = `${attr}="${candidates ? candidates.join(', ') : resolve(value)}"`;
    return forFeed ? xmlSafe(rewritten) : rewritten;
  });
}

/**
 * Feed readers show items away from the site, so every link and image is resolved against the
 * article's own URL: root-relative, relative and in-page (footnote) links alike.
 */
export const absolutize = (html: string, page: string): string => rewrite(html, page, false);

const articleUrl = (article: ArticleSummary, site: { baseUrl: string }) => `${site.baseUrl}${paths.article(article.slug)}`;

/** A rendered body made ready for every feed format: links absolute, no character XML forbids. */
export const feedBody = (html: string, article: ArticleSummary, site: { baseUrl: string }): string =>
  rewrite(html, articleUrl(article, site), true);

/** A feed item from an article summary and its body as `feedBody` made it. */
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
    html: `${lead.filter(Boolean).join('')}${body}`,
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
