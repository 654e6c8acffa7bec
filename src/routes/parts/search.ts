import type { Context } from 'hono';
import type { ResultItem } from '../../render/search-page';
import { excerpt, type ParsedQuery, postingKeys, rank, readRecord, SearchIndexError } from '../../search';
import { StoreError } from '../../store/release-store';
import type { AppEnv } from '../env';

export interface Results {
  total: number;
  /** Nothing had every term, so these have some of them. */
  anyTerm: boolean;
  /** More documents matched than one query may score; the oldest were left out. */
  cut: boolean;
  hits: ResultItem[];
}

/**
 * A page of results in two rounds of bulk KV reads, whatever the site's size: the shards and
 * document tables the query's terms need, then the records of the hits shown (for excerpts).
 * Documents the published view hides (scheduled articles) are left out before counting.
 */
export async function search(c: Context<AppEnv>, parsed: ParsedQuery, page: number, perPage: number): Promise<Results> {
  const { store, view, root } = c.var;
  if (parsed.empty) return { total: 0, anyTerm: false, cut: false, hits: [] };
  const values = await store.texts(postingKeys(root.search, parsed));
  let ranked: ReturnType<typeof rank>;
  try {
    ranked = rank(root.search, parsed, values, { exclude: view.hiddenDocs, page, perPage });
  } catch (error) {
    // The release names a value KV does not have (or a damaged one): a read failure, not a bug.
    if (error instanceof SearchIndexError) throw new StoreError(error.message, { cause: error });
    throw error;
  }
  // The hits' record packs: ten hits may share a pack, read once.
  const packs = await store.texts([...new Set(ranked.hits.map((hit) => hit.record.key))]);
  const hits = ranked.hits.map(({ record: ref }) => {
    const record = readRecord(packs, ref);
    if (!record)
      throw new StoreError(`release ${root.id} names line ${ref.line} of ${ref.key}, but KV does not have a search record there`);
    const { text, ...shown } = record;
    return { ...shown, excerpt: excerpt(text, parsed) };
  });
  return { total: ranked.total, anyTerm: ranked.mode === 'any', cut: ranked.cut, hits };
}
