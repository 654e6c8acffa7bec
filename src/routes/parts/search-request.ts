import { paths } from '../../content/paths';
import { MAX_CANDIDATES, MAX_QUERY_LENGTH, type ParsedQuery, parseQuery } from '../../search';

/** Hits on one results page. */
export const RESULTS_PER_PAGE = 10;
/** Past the candidates a query may score there is nothing to page to. */
export const MAX_RESULTS_PAGE = MAX_CANDIDATES / RESULTS_PER_PAGE;

const SEARCH_PATHS = new Set<string>([paths.searchPage, paths.searchFeedPath]);

export interface SearchRequest {
  /** The query as shown back to the reader: one spelling for all the ways of typing it. */
  query: string;
  parsed: ParsedQuery;
  /** From 1; a page number that is not one (0, -1, NaN, 1e9) reads as 1. */
  page: number;
}

/**
 * The query in one spelling: Unicode NFC, typographic quotes made straight, white space collapsed,
 * lower case (matching ignores case anyway), at most MAX_QUERY_LENGTH characters, no lone
 * surrogates. `Balance  of POWER` and `balance of power` are one query, one cache entry.
 */
export function spelledQuery(raw: string): string {
  return raw
    .replace(/\p{Cs}/gu, '\uFFFD')
    .normalize('NFC')
    .replace(/[“”„«»]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, MAX_QUERY_LENGTH)
    .replace(/[\uD800-\uDBFF]$/, '');
}

/** `q` and `page` from a request URL; every other parameter is ignored. */
function searchParams(url: URL): { query: string; page: number } {
  const rawPage = url.searchParams.get('page') ?? '';
  const page = /^[1-9]\d{0,5}$/.test(rawPage) ? Math.min(Number(rawPage), MAX_RESULTS_PAGE) : 1;
  return { query: spelledQuery(url.searchParams.get('q') ?? ''), page };
}

export function searchRequest(url: URL, language: string): SearchRequest {
  const { query, page } = searchParams(url);
  return { query, parsed: parseQuery(query, language), page };
}

/** The path of a request URL as the app sees it. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf(':') + 3);
  const query = url.indexOf('?', start);
  return url.slice(start, query === -1 ? undefined : query);
}

/**
 * The address an answer is cached under. A page is a function of its path, so that is the
 * address; a search is a function of its query and page too, so those join it in one spelling:
 * two spellings of one query share an entry, and junk parameters neither bust nor poison it.
 */
export function cacheAddress(url: string): string {
  const path = pathOf(url);
  if (!SEARCH_PATHS.has(path)) return path;
  const { query, page } = searchParams(new URL(url));
  return `${path}?q=${encodeURIComponent(query)}&page=${page}`;
}
