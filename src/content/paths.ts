/**
 * Every address the site serves is spelled here, so a page, a feed, a sitemap and the router
 * agree on it, and the names an author's page may not take follow from it.
 */

export const FEED_FILES = ['feed.xml', 'atom.xml', 'feed.json'] as const;
export type FeedFile = (typeof FEED_FILES)[number];

export const paths = {
  home: '/',
  /** Page `n` (from 1) of the newest-first list of all articles. */
  listPage: (n: number): string => (n > 1 ? `/page/${n}` : '/'),
  article: (slug: string): string => `/articles/${slug}`,
  seriesIndex: '/series',
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
    'feeds',
  ]),
];

function first(path: string): string {
  return path.split('/')[1];
}
