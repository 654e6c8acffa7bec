import { Hono } from 'hono';
import { escapeHtml } from '../content/escape';
import { paths } from '../content/paths';
import { renderAtom } from '../feeds/atom';
import type { Feed } from '../feeds/items';
import { openSearchDescription } from '../render/opensearch';
import { renderSearchPage } from '../render/search-page';
import type { AppEnv } from './env';
import { cacheTags } from './parts/cache-tags';
import { search } from './parts/search';
import { RESULTS_PER_PAGE, searchRequest } from './parts/search-request';
import { send, sendHtml } from './parts/send';

/** Newest matching articles in a query's Atom feed. */
const FEED_SIZE = 20;
// Results are for readers, not for search engines' indexes (the header covers the feed too).
const NOINDEX = { 'X-Robots-Tag': 'noindex' };

/** `/search?q=…&page=n` (results rendered here: no script), its Atom feed, and `/opensearch.xml`. */
export const searchRoutes = new Hono<AppEnv>()
  .get(paths.searchPage, async (c) => {
    const { query, parsed, page } = searchRequest(new URL(c.req.url), c.var.root.site.language);
    const results = await search(c, parsed, page, RESULTS_PER_PAGE);
    const notes = [
      ...parsed.notes,
      ...(results.cut ? ['So many pages matched that not every one of them was ranked; add a word to narrow the search.'] : []),
    ];
    cacheTags(c, ['search']);
    const html = renderSearchPage({
      site: c.var.root.site,
      query,
      page,
      total: results.total,
      perPage: RESULTS_PER_PAGE,
      anyTerm: results.anyTerm,
      notes,
      empty: parsed.empty,
      results: results.hits,
    });
    return sendHtml(c, html, NOINDEX);
  })
  .get(paths.searchFeedPath, async (c) => {
    const { root } = c.var;
    const { site } = root;
    const { query, parsed } = searchRequest(new URL(c.req.url), site.language);
    // A feed follows new writing: articles only, the newest of the best matches first.
    const articles = { ...parsed, filters: { ...parsed.filters, kinds: ['article'] } };
    const { hits } = await search(c, articles, 1, FEED_SIZE);
    const items = hits
      .filter((hit) => hit.date !== undefined)
      .sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? 1 : -1))
      .map((hit) => {
        const url = `${site.baseUrl}${hit.path}`;
        const summary = hit.excerpt.map((p) => p.text).join('');
        const html = `<p>${hit.excerpt.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('')}</p>`;
        return { id: url, url, title: hit.title, summary, lead: '', html, published: hit.date ?? '', tags: hit.tags };
      });
    const self = `${site.baseUrl}${paths.searchFeed(query)}`;
    const feed: Feed = {
      title: `“${query}” — ${site.title}`,
      description: `Articles matching “${query}”.`,
      language: site.language,
      author: site.author,
      home: `${site.baseUrl}${paths.search(query)}`,
      self: { rss: self, atom: self, json: self },
      updated: items[0]?.published ?? new Date(0).toISOString(),
      items,
    };
    cacheTags(c, ['search', 'feed']);
    return send(c, renderAtom(feed), 'application/atom+xml; charset=UTF-8', NOINDEX);
  })
  .get(paths.openSearch, (c) => {
    cacheTags(c, []);
    return send(c, openSearchDescription(c.var.root.site), 'application/opensearchdescription+xml; charset=UTF-8');
  });
