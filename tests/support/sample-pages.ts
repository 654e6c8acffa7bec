/**
 * One address of every page type of the sample site (content/), for the checks every page must
 * pass: axe-core in light and dark (tests/e2e/browser) and the W3C Nu HTML checker (dev-server).
 * Each answers 200 unless `status` says otherwise.
 */
export const SAMPLE_PAGES: readonly { type: string; path: string; status?: number }[] = [
  { type: 'home', path: '/' },
  { type: 'long article, with contents and footnotes', path: '/articles/the-summer-the-river-stank' },
  { type: 'series part, first published elsewhere', path: '/articles/the-concert-out-of-tune' },
  { type: 'series list', path: '/series' },
  { type: 'series', path: '/series/the-long-peace' },
  { type: 'series', path: '/series/writing-with-quire' },
  { type: 'series reading view', path: '/series/the-long-peace/all' },
  { type: 'series reading view', path: '/series/writing-with-quire/all' },
  { type: 'tag', path: '/tags/history' },
  { type: 'archive', path: '/archive' },
  { type: 'archive year', path: '/archive/2025' },
  { type: 'page', path: '/about' },
  { type: 'search results, paged', path: '/search?q=the+peace' },
  { type: 'search results, second page', path: '/search?q=the+peace&page=2' },
  { type: 'search with a phrase, a filter and no results', path: '/search?q=%22no+such+phrase%22+tag%3Ahistory' },
  { type: 'search form, no query', path: '/search' },
  { type: '404', path: '/no-such-page', status: 404 },
];
