export type { AnalyzedDoc, TermStats } from './analyze';
export {
  type ArticleText,
  type BuildCache,
  buildCache,
  buildSearchIndex,
  type EncodedSegment,
  encodeSegmentJob,
  largestSearchValueBytes,
  type SearchIndex,
  type SegmentEncoder,
  type SegmentJob,
} from './build';
export type { Hit } from './candidates';
export { parseSearchRecord, type SearchDoc, type SearchRecord, searchRecordSchema } from './doc';
export { type ExcerptPiece, excerpt } from './excerpt';
export { type SearchMeta, searchMetaSchema } from './meta';
export { type PlainText, plainText } from './plain-text';
export {
  MAX_FILTERS,
  MAX_QUERY_LENGTH,
  MAX_TERMS,
  type ParsedQuery,
  parseQuery,
  type QueryPhrase,
  type QueryTerm,
} from './query';
export { MAX_CANDIDATES, postingKeys, type RankOptions, type RankResult, rank, SearchIndexError } from './rank';
export { type RecordRef, readRecord } from './records';
export { fold, INDEX_VERSION } from './text';
