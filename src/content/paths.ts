/**
 * Every address the site serves is spelled here, so a page, a feed, a sitemap and the router
 * agree on it, and the names an author's page may not take follow from it.
 */

/** The longest query the search form sends and the search reads; the rest is cut. */
export const MAX_QUERY_LENGTH = 500;

export const FEED_FILES = ['feed.xml', 'atom.xml', 'feed.json'] as const;
export type FeedFile = (typeof FEED_FILES)[number];

/** Reference-manager files of an article: BibTeX and RIS. */
export const CITATION_FORMATS = ['bib', 'ris'] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];

export const paths = {
  home: '/',
  /** Page `n` (from 1) of the newest-first list of all articles. */
  listPage: (n: number): string => (n > 1 ? `/page/${n}` : '/'),
  article: (slug: string): string => `/articles/${slug}`,
  /** An article's reference as a file to import (`/articles/<slug>.bib`, `.ris`). */
  citation: (slug: string, format: CitationFormat): string => `/articles/${slug}.${format}`,
  seriesIndex: '/series',
  /** Page `n` (from 1) of the list of series, by slug. */
  seriesIndexPage: (n: number): string => (n > 1 ? `/series/page/${n}` : '/series'),
  series: (slug: string): string => `/series/${slug}`,
  /** Every published part of a series on one page. */
  seriesAll: (slug: string): string => `/series/${slug}/all`,
  book: (slug: string): string => `/series/${slug}.epub`,
  tag: (tag: string): string => `/tags/${tag}`,
  tagPage: (tag: string, n: number): string => (n > 1 ? `/tags/${tag}/page/${n}` : `/tags/${tag}`),
  archive: '/archive',
  archiveYear: (year: number): string => `/archive/${year}`,
  page: (slug: string): string => `/${slug}`,
  /** A feed of what lives at `base` (`''` for the whole site, a series' or a tag's path). */
  feed: (base: string, file: FeedFile): string => `${base}/${file}`,
  robots: '/robots.txt',
  sitemapIndex: '/sitemap.xml',
  sitemap: (file: string): string => `/sitemaps/${file}`,
  assets: '/assets/',
  searchPage: '/search',
  /** Results for a query; `page` from 1. */
  search: (query: string, page = 1): string => `/search?q=${encodeURIComponent(query)}${page > 1 ? `&page=${page}` : ''}`,
  searchFeedPath: '/search/atom.xml',
  /** A query's newest matching articles as an Atom feed, so a reader can follow a topic. */
  searchFeed: (query: string): string => `/search/atom.xml?q=${encodeURIComponent(query)}`,
  openSearch: '/opensearch.xml',
} as const;

/**
 * First path segments the worker routes itself (or serves as static assets); a page may not take
 * one of them. `feeds` is kept free for feed addresses to come.
 */
export const RESERVED: readonly string[] = [
  ...new Set([
    ...[paths.article('x'), paths.series('x'), paths.tag('x'), paths.archive, paths.listPage(2), paths.assets].map(first),
    ...FEED_FILES,
    first(paths.sitemapIndex),
    first(paths.sitemap('x')),
    first(paths.robots),
    first(paths.searchPage),
    first(paths.openSearch),
    'feeds',
  ]),
];

function first(path: string): string {
  return path.split('/')[1];
}
