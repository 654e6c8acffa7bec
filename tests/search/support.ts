import { buildSearchIndex, parseQuery, postingKeys, type RankOptions, rank, type SearchDoc } from '../../src/search';

/** An article with sensible defaults; `n` keeps paths and dates distinct. */
export function article(n: number, fields: Partial<SearchDoc> = {}): SearchDoc {
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    path: `/articles/a${n}`,
    kind: 'article',
    title: `Article ${n}`,
    summary: '',
    headings: [],
    text: '',
    date: `${2000 + (n % 20)}-01-${day}`,
    tags: [],
    ...fields,
  };
}

const WORDS = 'river stone harbour lantern orchard meadow copper signal winter garden ledger compass'.split(' ');

/** A short article of generated words, for layout tests where content does not matter. */
export const filler = (n: number): SearchDoc =>
  article(n, { text: `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} note ${n}` });

/** Builds an index and runs one query through both rounds, as the worker will. */
export async function searchOnce(
  articles: SearchDoc[],
  query: string,
  options: Partial<RankOptions> = {},
  others: SearchDoc[] = [],
) {
  const index = await buildSearchIndex(articles, others, 'en');
  const parsed = parseQuery(query, 'en');
  const keys = postingKeys(index.meta, parsed);
  const values = new Map(keys.map((key) => [key, index.entries.get(key) ?? null]));
  const result = rank(index.meta, parsed, values, { exclude: new Set(), page: 1, perPage: 10, ...options });
  const pathOf = new Map([...index.docIds].map(([path, id]) => [id, path]));
  return { ...result, paths: result.hits.map((hit) => pathOf.get(hit.id)), parsed, index, keys };
}
