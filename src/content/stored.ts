import * as v from 'valibot';
import { correctionSchema, provenanceSchema, seriesStatusSchema, siteSchema } from './schema';

/**
 * The shape of a release as stored in KV. The CLI writes these values and the store validates
 * each one it reads with the same schemas, so a malformed value is an error, never a cast.
 */

const str = v.string();
const strs = v.array(str);

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The search index's root, embedded in the release root (built by src/search/build.ts). */
export const searchMetaSchema = v.object({
  /** `INDEX_VERSION` when built; a worker with another version must not read this index. */
  version: str,
  docs: count,
  avgdl: v.pipe(v.number(), v.minValue(0)),
  /** Oldest articles first, series and pages last. */
  segments: v.array(
    v.object({
      id: v.pipe(str, v.regex(/^[A-Za-z0-9_-]{16}$/)),
      shards: v.pipe(v.number(), v.integer(), v.check(isPowerOfTwo, 'shards must be a power of two')),
      docs: count,
    }),
  ),
});

export const chunkRefSchema = v.object({ key: str, count: v.number() });
/** A table page (`content/table.ts`): how many items and how many chunk refs it covers. */
const tablePageRefSchema = v.object({ key: str, count, refs: count });
/** A chunked list's refs, oldest first: closed table pages in KV, then the newest refs inline. */
export const chunkTableSchema = v.object({ pages: v.array(tablePageRefSchema), chunks: v.array(chunkRefSchema) });

export const articleSummarySchema = v.object({
  slug: str,
  title: str,
  date: str,
  summary: str,
  tags: strs,
  words: v.number(),
  series: v.optional(v.object({ slug: str, title: str, part: v.number() })),
  /** The markdown body's KV key, so feeds can fetch rendered bodies without the article entry. */
  bodyKey: str,
  /** The latest of `updated` and the corrections' dates, when there is one. */
  modified: v.optional(str),
  firstPublished: v.optional(provenanceSchema),
  /** Only in a preview built with drafts (`npm start -- --drafts`); never published. */
  draft: v.optional(v.literal(true)),
});

/** `words` lets every part say how long the rest of the series takes to read. */
const partRefSchema = v.object({ slug: str, title: str, part: v.number(), date: str, words: v.number() });

export const seriesContextSchema = v.object({
  slug: str,
  title: str,
  status: seriesStatusSchema,
  parts: v.array(partRefSchema),
  planned: strs,
});

/** A related article as its box shows it (whether it is due yet, the root's `upcoming` says). */
const relatedRefSchema = v.object({ slug: str, title: str });

export const entrySchema = v.variant('kind', [
  v.object({
    kind: v.literal('article'),
    ...articleSummarySchema.entries,
    updated: v.optional(str),
    corrections: v.array(correctionSchema),
    context: v.optional(seriesContextSchema),
    /** Set when front matter says `canonical: original`: rel=canonical names firstPublished.url. */
    canonical: v.optional(v.literal('original')),
    /**
     * Related reading, best first, with spares for ones not yet due (src/search/related.ts).
     * A release built before it has none, and a rollback to one must still serve its articles.
     */
    related: v.optional(v.array(relatedRefSchema), []),
  }),
  v.object({
    kind: v.literal('series'),
    slug: str,
    title: str,
    summary: str,
    status: seriesStatusSchema,
    planned: strs,
    parts: v.array(articleSummarySchema),
    bodyKey: str,
  }),
  v.object({ kind: v.literal('page'), slug: str, title: str, summary: v.optional(str), bodyKey: str }),
  v.object({ kind: v.literal('tag'), tag: str, count: v.number(), chunks: v.array(chunkRefSchema) }),
  v.object({ kind: v.literal('alias'), to: str, date: str }),
]);

/** A leaf of the name index maps entry names to entries; each entry is validated when it is used. */
export const shardSchema = v.record(str, v.unknown());
/** Records of a depth (base 36) and a 22-character id, in hash order (content/name-index.ts). */
const nameTable = v.pipe(str, v.regex(/^(?:[0-9a-w][A-Za-z0-9_-]{22})+$/, 'a name table is records of a depth and an id'));
/** The name index's directory: its leaves, or beyond TABLE_LEAVES the pages that list them. */
export const nameDirectorySchema = v.union([v.object({ leaves: nameTable }), v.object({ pages: nameTable })]);
export const chunkSchema = v.array(articleSummarySchema);
export const yearListSchema = v.array(
  v.object({ slug: str, title: str, date: str, modified: v.optional(str), canonical: v.optional(v.literal('original')) }),
);
/** A chunk of the tag list (by tag) or the series list (by slug). */
export const tagListSchema = v.array(v.object({ tag: str, count: v.number() }));
export const seriesListSchema = v.array(
  v.object({ slug: str, title: str, summary: str, status: seriesStatusSchema, count: v.number() }),
);
// Spans of the body a view replaces by its sidenotes (`render/sidenotes.ts`): in order, inside it.
export const inOrderWithin = (cuts: number[], length: number): boolean =>
  cuts.every((cut, i) => cut >= (i === 0 ? 0 : cuts[i - 1])) && (cuts.length === 0 || cuts[cuts.length - 1] <= length);
export const renderedSchema = v.pipe(
  v.object({
    html: str,
    toc: v.array(v.object({ id: str, text: str, level: v.number() })),
    /** Worked out at publish since r5; a body rendered before has none, and a view works them out. */
    sidenotes: v.optional(v.object({ cuts: v.array(count), marks: strs })),
  }),
  v.check(
    ({ html, sidenotes: s }) => !s || (s.cuts.length === 2 * s.marks.length && inOrderWithin(s.cuts, html.length)),
    'sidenotes: one span per mark, in order, within the body',
  ),
);

export const feedItemsSchema = v.pipe(
  v.object({ articles: v.array(articleSummarySchema), html: strs }),
  v.check((f) => f.articles.length === f.html.length, 'one body per article'),
);

export const rootSchema = v.object({
  layout: v.literal(2),
  id: str,
  site: siteSchema,
  count: v.number(),
  articles: chunkTableSchema,
  /** Each year's list, oldest first, in one value or (a very long year) several, read together. */
  years: v.array(v.object({ year: v.number(), count: v.number(), keys: v.pipe(v.array(str), v.minLength(1)) })),
  /** Every series by slug, chunked (`series/<hash>`), with how many there are. */
  series: v.object({ count, table: chunkTableSchema }),
  /** Every tag with its count, by tag, chunked (`tags/<hash>`). */
  tags: v.object({ count, table: chunkTableSchema }),
  /**
   * Tags whose tables are paged (more than INLINE_REFS chunks, so over 2,560 articles each): here
   * rather than in the name index, so their pages read a table page and chunks, and no entry.
   */
  tagTables: v.record(str, v.object({ count, table: chunkTableSchema })),
  pages: v.array(v.object({ slug: str, title: str })),
  names: nameDirectorySchema,
  /** The newest articles, oldest first: the only ones that can still be scheduled (see schedule.ts). */
  upcoming: v.array(v.object({ slug: str, date: str, tags: strs, series: v.optional(str), doc: v.optional(str) })),
  /** The search index's segment table (see docs/architecture.md, search). */
  search: searchMetaSchema,
  /**
   * The renderer versions the bodies are rendered with, newest first, while a new one is rolled
   * out over several publishes (cli/prerender.ts); absent, the worker's own version.
   */
  renderers: v.optional(v.pipe(strs, v.minLength(1))),
});

export type ChunkRef = v.InferOutput<typeof chunkRefSchema>;
export type ChunkTable = v.InferOutput<typeof chunkTableSchema>;
export type TablePageRef = ChunkTable['pages'][number];
export type ArticleSummary = v.InferOutput<typeof articleSummarySchema>;
export type SeriesContext = v.InferOutput<typeof seriesContextSchema>;
export type Entry = v.InferOutput<typeof entrySchema>;
export type RelatedRef = v.InferOutput<typeof relatedRefSchema>;
export type ArticleEntry = Extract<Entry, { kind: 'article' }>;
export type SeriesEntry = Extract<Entry, { kind: 'series' }>;
export type PageEntry = Extract<Entry, { kind: 'page' }>;
export type TagEntry = Extract<Entry, { kind: 'tag' }>;
export type Chunk = v.InferOutput<typeof chunkSchema>;
export type YearList = v.InferOutput<typeof yearListSchema>;
export type SeriesList = v.InferOutput<typeof seriesListSchema>;
export type TagList = v.InferOutput<typeof tagListSchema>;
export type Rendered = v.InferOutput<typeof renderedSchema>;
export type Root = v.InferOutput<typeof rootSchema>;
export type FeedItems = v.InferOutput<typeof feedItemsSchema>;
export type SearchMeta = v.InferOutput<typeof searchMetaSchema>;
export type NameDirectory = v.InferOutput<typeof nameDirectorySchema>;

/** A part in an article's series box, as published now: `due` parts are linked, the others forthcoming. */
export type PublishedPart = SeriesContext['parts'][number] & { due: boolean };
export type PublishedContext = Omit<SeriesContext, 'parts'> & { parts: PublishedPart[] };
/** An article a reader may see now (the published view makes these; see store/published.ts). */
export type PublishedArticle = Omit<ArticleEntry, 'context'> & { context?: PublishedContext };
/** A series as published now: its due parts, and how many more are scheduled (titles unseen). */
export type PublishedSeries = SeriesEntry & { scheduled: number };
