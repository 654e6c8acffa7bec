import { paths } from '../content/paths';
import { Layout, type Site } from './layout';
import { document } from './pages';
import { DateTime, Pager } from './parts';

/** One hit as the results page shows it: the excerpt's marked runs matched the query. */
export interface ResultItem {
  path: string;
  kind: 'article' | 'series' | 'page';
  title: string;
  date?: string;
  tags: string[];
  series?: { slug: string; title: string; part: number };
  excerpt: { text: string; mark: boolean }[];
}

export interface SearchPage {
  site: Site;
  /** The query in the one spelling its cache entry has; empty before a search. */
  query: string;
  page: number;
  total: number;
  perPage: number;
  /** Nothing had every word, so these are pages with any of them. */
  anyTerm: boolean;
  /** What was left out or cut, in the reader's words. */
  notes: string[];
  /** Why there is nothing to search for, when there is not. */
  empty?: 'no-words' | 'only-common-words';
  results: ResultItem[];
}

const KIND_LABEL = { article: 'Article', series: 'Series', page: 'Page' } as const;

function Excerpt({ pieces }: { pieces: ResultItem['excerpt'] }) {
  return <p class="excerpt">{pieces.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</p>;
}

function Result({ item, site }: { item: ResultItem; site: Site }) {
  return (
    <li>
      <h2>
        <a href={item.path}>{item.title}</a>
      </h2>
      <p class="meta">
        {KIND_LABEL[item.kind]}
        {item.date && (
          <>
            {' · '}
            <DateTime iso={item.date} site={site} />
          </>
        )}
        {item.series && (
          <>
            {' · '}Part {item.series.part} of <a href={paths.series(item.series.slug)}>{item.series.title}</a>
          </>
        )}
        {item.tags.length > 0 && ' · '}
        {item.tags.map((tag, i) => (
          <>
            {i > 0 && ' '}
            <a href={paths.search(`tag:${tag}`)}>#{tag}</a>
          </>
        ))}
      </p>
      {item.excerpt.length > 0 && <Excerpt pieces={item.excerpt} />}
    </li>
  );
}

function summary({ query, total, page, perPage, results }: SearchPage): string {
  if (total === 0) return `No results for “${query}”.`;
  const first = (page - 1) * perPage + 1;
  if (results.length === 0) return `${total} ${total === 1 ? 'result' : 'results'} for “${query}”, none on page ${page}.`;
  const range = total > perPage ? `, ${first}–${first + results.length - 1} shown` : '';
  return `${total} ${total === 1 ? 'result' : 'results'} for “${query}”${range}.`;
}

/** The search page: the form (in the layout), then the results of the query, if any. Never indexed. */
export function renderSearchPage(props: SearchPage): string {
  const { site, query, page, total, perPage, anyTerm, notes, empty, results } = props;
  const pages = Math.ceil(total / perPage);
  const title = query ? `Search: ${query}` : 'Search';
  return document(
    <Layout
      site={site}
      title={title}
      noindex
      query={query}
      feeds={query && !empty ? [{ title, path: '', atom: paths.searchFeed(query) }] : []}
    >
      <h1>Search</h1>
      {empty === 'no-words' && <p>Type a few words to search every article, series and page.</p>}
      {empty === 'only-common-words' && <p>Those words are too common to search for; add a more particular word.</p>}
      {!empty && (
        <p class="meta" role="status">
          {summary(props)}
        </p>
      )}
      {anyTerm && total > 0 && <p>No page has all of your words; these have some of them.</p>}
      {notes.map((note) => (
        <p class="muted">{note}</p>
      ))}
      {results.length > 0 && (
        <ol class="list results" start={(page - 1) * perPage + 1}>
          {results.map((item) => (
            <Result item={item} site={site} />
          ))}
        </ol>
      )}
      {!empty && results.length === 0 && page > 1 && total > 0 && (
        <p>
          <a href={paths.search(query)}>Go to the first page of results</a>
        </p>
      )}
      <Pager
        newer={page > 1 && page <= pages ? paths.search(query, page - 1) : undefined}
        older={page < pages ? paths.search(query, page + 1) : undefined}
        labels={['← Previous', 'Next →']}
      />
      {query && !empty && (
        <p class="muted">
          <a href={paths.searchFeed(query)}>Follow this search</a> (an Atom feed of the newest articles that match).
        </p>
      )}
    </Layout>,
  );
}
