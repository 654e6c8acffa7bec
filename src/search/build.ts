import { analyzeDoc } from './analyze';
import { checkDocIds, type IdentifiedDoc, identifyDocs, type SearchDoc } from './doc';
import { docKey, docTableKey, shardKey, shortHash } from './keys';
import type { SearchMeta } from './meta';
import type { PlainText } from './plain-text';
import type { TermWeights } from './related';
import { type EncodedSegment, encodeSegment, segmentSizes, utf8Length } from './segments';
import { analyzer, INDEX_VERSION } from './text';

export type { SearchMeta } from './meta';
export type { EncodedSegment } from './segments';

export interface SearchIndex {
  meta: SearchMeta;
  /** KV key → value; every key content-addressed, so uploading is "put what is missing". */
  entries: Map<string, string>;
  /** Path → doc id, so the release can hide scheduled docs by id. */
  docIds: Map<string, string>;
}

/**
 * What one build can lend the next in the same process (tests, bench, a watching dev server):
 * built segments by id, and doc ids by record JSON. Both are pure functions of their keys.
 */
export interface BuildCache {
  segments: { get(id: string): EncodedSegment | undefined; set(id: string, segment: EncodedSegment): unknown };
  ids: Map<string, string>;
  /** An article's plain text and related reading's term weights, by its text (see `articleText`). */
  texts?: { get(key: string): ArticleText | undefined; set(key: string, text: ArticleText): unknown };
}

/** What an article's own text gives search: a pure function of its title, summary and body. */
export interface ArticleText extends PlainText {
  terms: TermWeights;
}

export const buildCache = (): BuildCache => ({ segments: new Map(), ids: new Map(), texts: new Map() });

// The id covers the format, the stemmer and the analysis (stemmed or not), as well as the docs.
const segmentId = (language: string, docs: readonly IdentifiedDoc[]): Promise<string> =>
  shortHash([INDEX_VERSION, language, ...docs.map((doc) => doc.id)].join('\n'));

/** Docs in segment order: the article blocks, oldest first, then series and pages together. */
function groups(articles: IdentifiedDoc[], others: IdentifiedDoc[]): IdentifiedDoc[][] {
  const out: IdentifiedDoc[][] = [];
  let start = 0;
  for (const size of segmentSizes(articles.length)) {
    out.push(articles.slice(start, start + size));
    start += size;
  }
  if (others.length > 0) out.push(others);
  return out;
}

/**
 * The search index of a release, deterministic: the same docs (articles oldest first) always
 * give the same entries, byte for byte. Throws on two docs with one path or one id.
 */
export async function buildSearchIndex(
  articles: SearchDoc[],
  others: SearchDoc[],
  language: string,
  options: { cache?: BuildCache } = {},
): Promise<SearchIndex> {
  const identifiedArticles = await identifyDocs(articles, options.cache?.ids);
  const identifiedOthers = await identifyDocs(others, options.cache?.ids);
  const all = [...identifiedArticles, ...identifiedOthers];
  checkDocIds(all);
  const textAnalyzer = analyzer(language);
  const entries = new Map<string, string>();
  for (const { id, json } of all) entries.set(docKey(id), json);

  const segments: SearchMeta['segments'] = [];
  let totalLength = 0;
  for (const docs of groups(identifiedArticles, identifiedOthers)) {
    const id = await segmentId(textAnalyzer.language, docs);
    let segment = options.cache?.segments.get(id);
    if (!segment) {
      segment = encodeSegment(docs.map(({ doc, id: docId }) => ({ id: docId, ...analyzeDoc(doc, textAnalyzer) })));
      options.cache?.segments.set(id, segment);
    }
    for (const [page, table] of segment.tables.entries()) entries.set(docTableKey(id, page), table);
    for (const [i, shard] of segment.shards.entries()) entries.set(shardKey(id, i), shard);
    segments.push({ id, shards: segment.shards.length, docs: docs.length });
    totalLength += segment.totalLength;
  }
  const meta: SearchMeta = {
    version: INDEX_VERSION,
    docs: all.length,
    avgdl: all.length ? Math.round((totalLength / all.length) * 100) / 100 : 0,
    segments,
  };
  return { meta, entries, docIds: new Map(all.map(({ doc, id }) => [doc.path, id])) };
}

/** The largest value of a built index in UTF-8 bytes: what property 9 bounds (≤ MAX_VALUE_BYTES). */
export function largestSearchValueBytes(index: Pick<SearchIndex, 'entries'>): number {
  let largest = 0;
  for (const value of index.entries.values()) largest = Math.max(largest, utf8Length(value));
  return largest;
}
