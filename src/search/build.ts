import { analyzeDoc } from './analyze';
import { checkDocIds, type DocIds, type IdentifiedDoc, identifyDocs, type SearchDoc } from './doc';
import { docBacks } from './doc-table';
import { docTableKey, shardKey, shortHash } from './keys';
import type { SearchMeta } from './meta';
import type { PlainText } from './plain-text';
import { isPacking, packBacks, recordPacks } from './records';
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
 * What one build can lend the next (in the same process, or on disk: `cli/search-cache.ts`):
 * built segments by id, and doc ids by record name (`recordName`). Both are pure functions of their keys.
 */
export interface BuildCache {
  segments: { get(id: string): EncodedSegment | undefined; set(id: string, segment: EncodedSegment): unknown };
  ids: DocIds;
  /** An article's plain text and related reading's term weights, by its text (see `articleText`). */
  texts?: {
    get(key: string): ArticleText | undefined;
    set(key: string, text: ArticleText): unknown;
    /** `set`, handing back the text as kept: a cache that packs term weights gives them packed, which related reading takes as they are. */
    keep?(key: string, text: ArticleText): ArticleText;
  };
}

/** What an article's own text gives search (and its word count): a pure function of its title, summary and body. */
export interface ArticleText extends PlainText {
  terms: TermWeights;
  /** The body's words as `countWords` counts them, for the article's summary. */
  words: number;
  /** `text` as JSON, where a build cache keeps it so: the search record is made from it as it is. */
  readonly textJson?: string;
}

export const buildCache = (): BuildCache => ({ segments: new Map(), ids: new Map(), texts: new Map() });

/**
 * Given entries a build already knows to be final, before the release is: content-addressed, so a
 * publish may upload them while the build goes on (a release that never comes names none of them).
 */
export type AheadSink = (entries: ReadonlyMap<string, string>) => void;

/** One segment to build: its documents with their ids and record packing (`packBacks`), in ordinal order, and the site's language. */
export interface SegmentJob {
  language: string;
  docs: { id: string; doc: SearchDoc; back: number }[];
}

/** A segment's doc table and shards from its documents: pure, so it may run on any thread. */
export function encodeSegmentJob({ language, docs }: SegmentJob): EncodedSegment {
  const textAnalyzer = analyzer(language);
  // Analyzed one at a time as the encoder reads them: no segment's analysis is held whole.
  return encodeSegment(
    (function* () {
      for (const { doc, id, back } of docs) yield { id, back, ...analyzeDoc(doc, textAnalyzer) };
    })(),
  );
}

/** Builds the segments a build lacks, results in order; the CLI spreads them over its cores. */
export type SegmentEncoder = (jobs: SegmentJob[]) => Promise<EncodedSegment[]>;

const encodeHere: SegmentEncoder = async (jobs) => jobs.map(encodeSegmentJob);

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
  options: { cache?: BuildCache; encode?: SegmentEncoder; ahead?: AheadSink } = {},
): Promise<SearchIndex> {
  const identifiedArticles = await identifyDocs(articles, options.cache?.ids);
  const identifiedOthers = await identifyDocs(others, options.cache?.ids);
  const all = [...identifiedArticles, ...identifiedOthers];
  checkDocIds(all);
  const textAnalyzer = analyzer(language);
  const planned = await Promise.all(
    groups(identifiedArticles, identifiedOthers).map(async (docs) => {
      const id = await segmentId(textAnalyzer.language, docs);
      const kept = options.cache?.segments.get(id);
      const keptBacks = kept && docBacks(kept.tables);
      // (One whose table does not lay out its docs' packs is damaged: it is built again.)
      const segment = keptBacks?.length === docs.length && isPacking(keptBacks) ? kept : undefined;
      const records = docs.map((doc) => doc.json);
      // A segment built before keeps its packing in its doc table; a new one is packed here.
      const backs = segment && keptBacks ? keptBacks : packBacks(records);
      return { id, docs, segment, packs: recordPacks(id, records, backs), backs };
    }),
  );
  const entries = new Map<string, string>();
  for (const { packs } of planned) for (const [key, value] of packs) entries.set(key, value);
  // The records are final before the segments are built, which on a large site takes minutes.
  options.ahead?.(entries);

  // Only the segments no earlier build left are analyzed: on a large site's first build, most of its CPU.
  const lacking = planned.filter((p) => !p.segment);
  const built = await (options.encode ?? encodeHere)(
    lacking.map(({ docs, backs }) => ({
      language: textAnalyzer.language,
      docs: docs.map(({ id, doc }, i) => ({ id, doc, back: backs[i] })),
    })),
  );
  lacking.forEach((p, i) => {
    p.segment = built[i];
    options.cache?.segments.set(p.id, built[i]);
  });
  const segments: SearchMeta['segments'] = [];
  let totalLength = 0;
  for (const { id, docs, segment } of planned) {
    if (!segment) throw new Error(`search index: segment ${id} was not built`);
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
