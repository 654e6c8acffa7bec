import type { ArticleSummary, Chunk, ChunkRef, SeriesList, TagList, YearList } from '../content/stored';

/**
 * Cheap checks of the lists a miss reads. Their keys are content hashes, and the CLI built every
 * value from validated content with the types of content/stored.ts, so a read need not validate
 * each summary of a chunk again field by field (that was a tenth of a tag page's miss).
 * What is checked is what rendering relies on: a value damaged into other JSON is refused (a
 * 503), never rendered into a crash or a blank page.
 */
export interface Shape<T> {
  /** What the value should be, for the error. */
  what: string;
  test: (value: unknown) => value is T;
}

type Row = Record<string, unknown>;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (row: Row, names: string[]): boolean => names.every((name) => typeof row[name] === 'string');
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const listOf =
  <T>(row: (value: Row) => boolean) =>
  (value: unknown): value is T[] =>
    Array.isArray(value) && value.every((item) => isRow(item) && row(item));

// Dates are formatted (an unreadable one throws), tags are mapped, a series or an origin is read.
// Spelled out rather than looped over names: a chunk holds a hundred summaries.
function isSummary(row: Row): boolean {
  const { tags, series, firstPublished } = row;
  return (
    typeof row.slug === 'string' &&
    typeof row.title === 'string' &&
    typeof row.date === 'string' &&
    typeof row.summary === 'string' &&
    typeof row.bodyKey === 'string' &&
    typeof row.words === 'number' &&
    Array.isArray(tags) &&
    optionalString(row.modified) &&
    (series === undefined || (isRow(series) && strings(series, ['slug', 'title']))) &&
    (firstPublished === undefined || (isRow(firstPublished) && strings(firstPublished, ['outlet', 'date'])))
  );
}

export const chunkShape: Shape<Chunk> = { what: 'a list of article summaries', test: listOf<ArticleSummary>(isSummary) };

export const yearListShape: Shape<YearList> = {
  what: "a year's list of articles",
  test: listOf<YearList[number]>((row) => strings(row, ['slug', 'title', 'date']) && optionalString(row.modified)),
};

export const tagListShape: Shape<TagList> = {
  what: 'a list of tags',
  test: listOf<TagList[number]>((row) => typeof row.tag === 'string' && typeof row.count === 'number'),
};

export const seriesListShape: Shape<SeriesList> = {
  what: 'a list of series',
  test: listOf<SeriesList[number]>(
    (row) => strings(row, ['slug', 'title', 'summary', 'status']) && typeof row.count === 'number',
  ),
};

/** A table page of chunk refs (content/table.ts). */
export const tablePageShape: Shape<ChunkRef[]> = {
  what: 'a page of chunk refs',
  test: listOf<ChunkRef>((row) => typeof row.key === 'string' && typeof row.count === 'number'),
};
