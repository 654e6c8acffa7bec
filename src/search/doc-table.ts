/**
 * A segment's doc table: one fixed-width row a document, in ordinal order, cut into pages that
 * each stay within 64 KiB (MAX_VALUE_BYTES in segments.ts). The worker reads a row with a slice,
 * never parsing a page; the query names every page from the segment's size alone.
 */

/**
 * Doc table rows: 16-character doc id, the doc length in base 36, zero-padded, then the distance
 * back to the first record of the doc's record pack (`records.ts`), two base-36 digits.
 */
export const DOC_ID_WIDTH = 16;
export const DOC_LENGTH_WIDTH = 5;
export const DOC_BACK_WIDTH = 2;
export const DOC_ROW_WIDTH = DOC_ID_WIDTH + DOC_LENGTH_WIDTH + DOC_BACK_WIDTH;
const MAX_LENGTH = 36 ** DOC_LENGTH_WIDTH - 1;
/** Rows per doc table page: 2,849 × 23 = 65,527 bytes, so a page never passes MAX_VALUE_BYTES. */
export const TABLE_PAGE_ROWS = 2849;

/** How many pages the doc table of a segment of `docs` documents has (a function of the count alone). */
export const tablePageCount = (docs: number): number => Math.max(1, Math.ceil(docs / TABLE_PAGE_ROWS));

export interface DocRow {
  id: string;
  length: number;
  /** The record's distance back to its pack's first (`packBacks`): below 36². */
  back: number;
}

/** Fixed-width rows, so the worker reads ordinal i with a slice instead of parsing the table. */
export const encodeDocTable = (docs: readonly DocRow[]): string =>
  docs
    .map(
      (doc) =>
        doc.id +
        Math.min(doc.length, MAX_LENGTH).toString(36).padStart(DOC_LENGTH_WIDTH, '0') +
        doc.back.toString(36).padStart(DOC_BACK_WIDTH, '0'),
    )
    .join('');

/** A doc table in pages of TABLE_PAGE_ROWS rows; ordinal i is on page ⌊i / rows⌋. */
export type DocTable = readonly string[];

// No object per call: the ranker reads a length for every matching doc.
function field(table: DocTable, ordinal: number, from: number, to: number): string {
  const page = Math.floor(ordinal / TABLE_PAGE_ROWS);
  const at = (ordinal - page * TABLE_PAGE_ROWS) * DOC_ROW_WIDTH;
  return (table[page] ?? '').slice(at + from, at + to);
}

export const docIdAt = (table: DocTable, ordinal: number): string => field(table, ordinal, 0, DOC_ID_WIDTH);

export const docLengthAt = (table: DocTable, ordinal: number): number =>
  Number.parseInt(field(table, ordinal, DOC_ID_WIDTH, DOC_ID_WIDTH + DOC_LENGTH_WIDTH), 36);

export const docBackAt = (table: DocTable, ordinal: number): number =>
  Number.parseInt(field(table, ordinal, DOC_ID_WIDTH + DOC_LENGTH_WIDTH, DOC_ROW_WIDTH), 36);

/** Every row's `back`, in ordinal order: a built segment's record packs, as `packBacks` laid them out. */
export function docBacks(table: DocTable): number[] {
  const backs: number[] = [];
  for (const page of table) {
    for (let at = DOC_ID_WIDTH + DOC_LENGTH_WIDTH; at < page.length; at += DOC_ROW_WIDTH) {
      backs.push(Number.parseInt(page.slice(at, at + DOC_BACK_WIDTH), 36));
    }
  }
  return backs;
}
