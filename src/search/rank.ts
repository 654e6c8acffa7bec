import { bestPage, Candidates, type Hit } from './candidates';
import { type DocTable, docIdAt, docLengthAt, tablePageCount } from './doc-table';
import { FILTER_KINDS, type FilterKind, filterTerm } from './filters';
import { docTableKey, shardKey, shardOf } from './keys';
import type { SearchMeta } from './meta';
import { phraseAt } from './phrase';
import { findPostings, type Postings, positionsOf } from './postings';
import type { ParsedQuery, QueryFilters } from './query';
import { INDEX_VERSION } from './text';

/** The index cannot answer: a key of round 1 is missing, or the index is of another version. The caller reports it. */
export class SearchIndexError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'SearchIndexError';
  }
}

// BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework", 2009) on field-weighted frequencies.
const K1 = 1.2;
const B = 0.75;
/** How much an exact-accent match adds, relative to the term itself: enough to order café before cafe. */
const EXACT_BOOST = 0.5;
/** Candidates scored at most; past this the newest are kept and the page says the query was cut. */
export const MAX_CANDIDATES = 20_000;

const FILTER_LISTS: Record<FilterKind, keyof QueryFilters> = { tag: 'tags', series: 'series', year: 'years', kind: 'kinds' };

/**
 * Filter groups, each of which a hit must match: every tag (tags narrow), and one of the series,
 * one of the years, one of the kinds (a doc has only one of each).
 */
function filterGroups(filters: QueryFilters): string[][] {
  const groups = filters.tags.map((tag) => [filterTerm('tag', tag)]);
  for (const kind of FILTER_KINDS) {
    if (kind === 'tag') continue;
    const values = filters[FILTER_LISTS[kind]];
    if (values.length) groups.push(values.map((value) => filterTerm(kind, value)));
  }
  return groups;
}

/** Every term to look up: the query's terms, their exact variants, the filters. */
function lookupTerms(parsed: ParsedQuery): string[] {
  if (parsed.empty) return [];
  const terms = parsed.terms.flatMap((t) => (t.exact ? [t.term, t.exact] : [t.term]));
  return [...new Set([...terms, ...filterGroups(parsed.filters).flat()])];
}

/** Round 1: each segment's doc table pages and, per term, the one shard that may hold it. */
export function postingKeys(meta: SearchMeta, parsed: ParsedQuery): string[] {
  const terms = lookupTerms(parsed);
  if (terms.length === 0) return [];
  const keys = new Set<string>();
  for (const segment of meta.segments) {
    for (let page = 0; page < tablePageCount(segment.docs); page++) keys.add(docTableKey(segment.id, page));
    for (const term of terms) keys.add(shardKey(segment.id, shardOf(term, segment.shards)));
  }
  return [...keys];
}

export interface RankOptions {
  /** Doc ids not to show (scheduled, not yet published). */
  exclude: ReadonlySet<string>;
  /** 1-based; anything else is read as 1. */
  page: number;
  perPage: number;
}

export interface RankResult {
  total: number;
  /** 'any' when no doc had every term and the search fell back to docs with some; phrases and filters always hold. */
  mode: 'all' | 'any';
  hits: Hit[];
  /** More than MAX_CANDIDATES docs matched (the oldest were not scored), or a term was too common to index whole. */
  cut: boolean;
}

const need = (values: ReadonlyMap<string, string | null>, key: string): string => {
  const value = values.get(key);
  if (typeof value !== 'string') throw new SearchIndexError(`search index: ${key} is missing`, key);
  return value;
};

/** The page of hits for a parsed query, from the values of `postingKeys`. Deterministic: ties go to the newer doc. */
export function rank(
  meta: SearchMeta,
  parsed: ParsedQuery,
  values: ReadonlyMap<string, string | null>,
  options: RankOptions,
): RankResult {
  if (meta.version !== INDEX_VERSION) throw new SearchIndexError(`search index: version ${meta.version}, not ${INDEX_VERSION}`);
  const terms = lookupTerms(parsed);
  if (terms.length === 0) return { total: 0, mode: 'all', hits: [], cut: false };

  // Postings of every term in every segment; document frequency is summed over the segments.
  const tables: DocTable[] = meta.segments.map((segment) =>
    Array.from({ length: tablePageCount(segment.docs) }, (_, page) => need(values, docTableKey(segment.id, page))),
  );
  const postings = new Map<string, (Postings | null)[]>();
  for (const term of terms) {
    postings.set(
      term,
      meta.segments.map((segment) => findPostings(need(values, shardKey(segment.id, shardOf(term, segment.shards))), term)),
    );
  }
  const idf = (term: string): number => {
    const df = (postings.get(term) ?? []).reduce((sum, p) => sum + (p?.df ?? 0), 0);
    return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
  };
  const weights = parsed.terms.map((t) => ({ idf: idf(t.term), exactIdf: t.exact ? idf(t.exact) : 0 }));
  const groups = filterGroups(parsed.filters);
  const avgdl = meta.avgdl || 1;

  const all = new Candidates();
  const any = new Candidates();
  // A term cut to its best docs (segments.ts, fitLines) cannot be required of a doc, nor checked in a phrase.
  let cut = parsed.terms.some((t) => postings.get(t.term)?.some((p) => p && p.df > p.count));
  // Newest segments first, so that a cut keeps the newest docs.
  for (let s = meta.segments.length - 1; s >= 0; s--) {
    const size = meta.segments[s].docs;
    const table = tables[s];
    const scores = new Float64Array(size);
    const matched = new Uint32Array(size);
    const norms = new Float64Array(size);
    const norm = (ordinal: number): number => {
      if (norms[ordinal] === 0) norms[ordinal] = K1 * (1 - B + (B * docLengthAt(table, ordinal)) / avgdl);
      return norms[ordinal];
    };
    // Entry of each doc in a term's postings, kept only when a phrase will need positions.
    const entries = new Map<string, Int32Array>();
    parsed.terms.forEach((t, j) => {
      const p = postings.get(t.term)?.[s];
      if (!p) return;
      const entryOf = parsed.phrases.length ? new Int32Array(size).fill(-1) : null;
      if (entryOf) entries.set(t.term, entryOf);
      for (let e = 0; e < p.count; e++) {
        const ordinal = p.ordinals[e];
        const tfw = p.tfws[e];
        if (entryOf) entryOf[ordinal] = e;
        matched[ordinal] |= 1 << j;
        scores[ordinal] += (weights[j].idf * tfw * (K1 + 1)) / (tfw + norm(ordinal));
      }
      const exact = t.exact ? postings.get(t.exact)?.[s] : null;
      for (let e = 0; exact && e < exact.count; e++) {
        const ordinal = exact.ordinals[e];
        const tfw = exact.tfws[e];
        scores[ordinal] += (EXACT_BOOST * weights[j].exactIdf * tfw * (K1 + 1)) / (tfw + norm(ordinal));
      }
    });
    const allowed = allowedByFilters(groups, postings, s, size);
    const phraseOk = (ordinal: number): boolean =>
      parsed.phrases.every((phrase) => {
        const lists: number[][] = [];
        const offsets: number[] = [];
        for (const { term, offset } of phrase.terms) {
          const e = entries.get(term)?.[ordinal] ?? -1;
          const p = postings.get(term)?.[s];
          // A term without positions is only required of the doc, unless it was cut to its best docs.
          if (p && !p.positional) {
            if (e < 0 && p.df === p.count) return false;
            continue;
          }
          lists.push(e >= 0 && p ? positionsOf(p, e) : []);
          offsets.push(offset);
        }
        return lists.length === 0 || phraseAt(lists, offsets);
      });
    let full = 0;
    parsed.terms.forEach((t, j) => {
      const p = postings.get(t.term)?.[s];
      if (!p || p.df === p.count) full |= 1 << j;
    });
    // Newest first here too: a segment of 262,144 docs alone passes MAX_CANDIDATES.
    for (let ordinal = size - 1; ordinal >= 0; ordinal--) {
      const bits = matched[ordinal];
      if ((parsed.terms.length > 0 && bits === 0) || (allowed && !allowed[ordinal])) continue;
      if (all.length + any.length >= MAX_CANDIDATES) {
        cut = true;
        break;
      }
      if (options.exclude.size && options.exclude.has(docIdAt(table, ordinal))) continue;
      if (parsed.phrases.length && !phraseOk(ordinal)) continue;
      ((bits & full) === full ? all : any).push(scores[ordinal], s, ordinal);
    }
  }
  const mode = all.length > 0 || parsed.terms.length < 2 ? 'all' : 'any';
  const found = mode === 'all' ? all : any;
  return { total: found.length, mode, hits: bestPage(found, meta.segments, tables, options.page, options.perPage), cut };
}

// A doc passes when every group has a posting for it; null when there are no filters.
function allowedByFilters(groups: string[][], postings: Map<string, (Postings | null)[]>, s: number, size: number) {
  if (groups.length === 0) return null;
  const count = new Uint8Array(size);
  for (const group of groups) {
    const seen = new Uint8Array(size);
    for (const term of group) {
      const p = postings.get(term)?.[s];
      for (let e = 0; p && e < p.count; e++) seen[p.ordinals[e]] = 1;
    }
    for (let ordinal = 0; ordinal < size; ordinal++) count[ordinal] += seen[ordinal];
  }
  return count.map((n) => (n === groups.length ? 1 : 0));
}
