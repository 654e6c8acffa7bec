import { xml } from '../content/escape';
import { machineDate } from './format';

/** Sitemaps (sitemaps.org protocol 0.9): pure serializers and the plan of which files exist. */

/** The protocol's limit of URLs in one sitemap file. */
export const MAX_URLS = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export interface SitemapUrl {
  loc: string;
  /** ISO 8601; written as a W3C date when it is midnight UTC (a calendar date), else in full. */
  lastmod?: string;
}

const entry = (tag: 'url' | 'sitemap', { loc, lastmod }: SitemapUrl): string =>
  `<${tag}><loc>${xml(loc)}</loc>${lastmod ? `<lastmod>${xml(machineDate(lastmod))}</lastmod>` : ''}</${tag}>`;

export const urlSet = (urls: SitemapUrl[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n${urls.map((u) => `${entry('url', u)}\n`).join('')}</urlset>\n`;

export const sitemapIndex = (sitemaps: SitemapUrl[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n${sitemaps.map((s) => `${entry('sitemap', s)}\n`).join('')}</sitemapindex>\n`;

export interface YearSitemap {
  /** `2025.xml`, or `2025-2.xml` for the second file of a year with more than `perFile` articles. */
  file: string;
  year: number;
  /** The slice of the year's list of due articles, oldest first, that this file holds. */
  start: number;
  end: number;
}

/**
 * The article sitemaps: one per year with due articles, split into numbered files only when a
 * year outgrows one, so each is served from that year's list alone (one KV read).
 */
export function yearSitemaps(years: { year: number; count: number }[], perFile = MAX_URLS): YearSitemap[] {
  return years.flatMap(({ year, count }) => {
    const files = Math.ceil(count / perFile);
    if (files <= 1) return count > 0 ? [{ file: `${year}.xml`, year, start: 0, end: count }] : [];
    return Array.from({ length: files }, (_, i) => ({
      file: `${year}-${i + 1}.xml`,
      year,
      start: i * perFile,
      end: Math.min((i + 1) * perFile, count),
    }));
  });
}

/** A list kept in chunks by name (series by slug, tags by tag): one sitemap per chunk. */
export type ChunkedList = 'series' | 'tags';

/** `series-1.xml` …: chunk `n` (from 0) of a list is file `n + 1`, so each is served from one chunk. */
export const chunkSitemaps = (list: ChunkedList, chunks: number): string[] =>
  Array.from({ length: chunks }, (_, i) => `${list}-${i + 1}.xml`);

/** Which list and chunk a sitemap file names, or null. */
export function chunkSitemap(file: string): { list: ChunkedList; chunk: number } | null {
  const found = /^(series|tags)-([1-9]\d{0,6})\.xml$/.exec(file);
  return found ? { list: found[1] as ChunkedList, chunk: Number(found[2]) - 1 } : null;
}
