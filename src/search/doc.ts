import * as v from 'valibot';
import { shortHash } from './keys';

/** A document as the index builder takes it; the release compiler makes these from its model. */
export interface SearchDoc {
  /** '/articles/<slug>', '/series/<slug>' or '/<page-slug>'. */
  path: string;
  kind: 'article' | 'series' | 'page';
  title: string;
  summary: string;
  headings: string[];
  /** The body as plain text (see `plainText`). */
  readonly text: string;
  /** `text` as JSON (`JSON.stringify(text)`), when a build cache holds it so: no need to encode it again. */
  readonly textJson?: string;
  /**
   * What `text` is made from, named (`textSources` in site.ts: the index version, the language, the
   * title, the summary and the body's hash), where the build knows it: with the record's other
   * fields it names the record, so a build cache can know its id without hashing it (`recordName`).
   */
  textSource?: string;
  /** ISO date, articles only. */
  date?: string;
  tags: string[];
  series?: { slug: string; title: string; part: number };
}

/** What a results page needs of a hit, kept in its segment's record packs (`records.ts`); validated when read back from KV. */
export const searchRecordSchema = v.object({
  path: v.string(),
  kind: v.picklist(['article', 'series', 'page']),
  title: v.string(),
  date: v.optional(v.string()),
  tags: v.array(v.string()),
  series: v.optional(v.object({ slug: v.string(), title: v.string(), part: v.number() })),
  text: v.string(),
});

export type SearchRecord = v.InferOutput<typeof searchRecordSchema>;

/** Excerpts come from the first 60,000 characters at most; the whole text is still indexed. */
export const MAX_RECORD_TEXT = 60_000;
/** A record is read on a miss, so it keeps within the bound of every search value (DESIGN property 9). */
export const MAX_RECORD_BYTES = 64 * 1024;

// Cut on a code point boundary, so the record never ends in half a surrogate pair.
function capText(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const encoder = new TextEncoder();

/** The record's fields but its text, as JSON in the record's order (the text comes last). */
function recordHead(doc: SearchDoc): string {
  const { path, kind, title, date, tags, series } = doc;
  const fields: Omit<SearchRecord, 'text'> = {
    path,
    kind,
    title,
    ...(date === undefined ? {} : { date }),
    tags,
    ...(series === undefined ? {} : { series: { slug: series.slug, title: series.title, part: series.part } }),
  };
  return JSON.stringify(fields);
}

/**
 * A name for the record of a doc whose text's source is known: everything `recordJson` makes it
 * from, so two docs with one name have one record (a change to what it makes changes
 * INDEX_VERSION, which the source names). A build cache keeps ids by it.
 */
export const recordName = (doc: SearchDoc, head = recordHead(doc)): string | undefined =>
  doc.textSource === undefined ? undefined : `${head}\n${doc.textSource}`;

/** The record's JSON, keys in a fixed order so the same doc always gives the same bytes (and id). */
export function recordJson(doc: SearchDoc, head = recordHead(doc)): string {
  // The record is its head with the text's JSON last: the bytes JSON.stringify gives the whole.
  const json = (textJson: string) => `${head.slice(0, -1)},"text":${textJson}}`;
  // The text's JSON as a build cache keeps it is spliced in whole when the text needs no cut
  // (its JSON is at least as long as it) and the record fits.
  if (doc.textJson !== undefined && doc.textJson.length <= MAX_RECORD_TEXT) {
    const spliced = json(doc.textJson);
    if (spliced.length * 3 <= MAX_RECORD_BYTES) return spliced;
  }
  let text = capText(doc.text, MAX_RECORD_TEXT);
  let out = json(JSON.stringify(text));
  // Non-ASCII text and JSON escapes weigh more than a byte a character: cut in proportion until
  // it fits (each pass cuts at least one character, so this ends, usually after one pass). A
  // UTF-16 unit is at most 3 bytes of UTF-8, so most records are known to fit unencoded.
  const size = (json: string) => (json.length * 3 <= MAX_RECORD_BYTES ? json.length : encoder.encode(json).length);
  for (let bytes = size(out); bytes > MAX_RECORD_BYTES && text; bytes = size(out)) {
    text = capText(text, Math.min(text.length - 1, Math.floor((text.length * MAX_RECORD_BYTES) / bytes)));
    out = json(JSON.stringify(text));
  }
  return out;
}

/** A record read from KV, or null when it is not one (never cast). */
export function parseSearchRecord(json: string): SearchRecord | null {
  try {
    const parsed = v.safeParse(searchRecordSchema, JSON.parse(json));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

export interface IdentifiedDoc {
  doc: SearchDoc;
  id: string;
  json: string;
}

/**
 * Names docs by the hash of their record, and refuses two docs with one path or two records with
 * one id: 96 bits make a collision very unlikely, but a silent one would show the wrong page.
 */
export function checkDocIds(docs: readonly IdentifiedDoc[]): void {
  const byId = new Map<string, IdentifiedDoc>();
  const paths = new Set<string>();
  for (const entry of docs) {
    if (paths.has(entry.doc.path)) throw new Error(`search index: two documents have the path ${entry.doc.path}`);
    paths.add(entry.doc.path);
    const other = byId.get(entry.id);
    if (other) throw new Error(`search index: doc id collision ${entry.id} (${other.doc.path}, ${entry.doc.path})`);
    byId.set(entry.id, entry);
  }
}

/** Doc ids by record name (`recordName`), or by the record's JSON for a doc without one; a Map will do. */
export interface DocIds {
  get(name: string): string | undefined;
  set(name: string, id: string): unknown;
}

/**
 * Every doc with its record JSON and content-addressed id (the hash of that JSON). `known` saves
 * hashing a record again: at 100,000 articles, about 400 MB of hashing per build and the copies it makes.
 */
export async function identifyDocs(docs: readonly SearchDoc[], known?: DocIds): Promise<IdentifiedDoc[]> {
  return Promise.all(
    docs.map(async (doc) => {
      const head = recordHead(doc);
      const json = recordJson(doc, head);
      const name = known && (recordName(doc, head) ?? json);
      let id = name === undefined ? undefined : known?.get(name);
      if (id === undefined) {
        id = await shortHash(json);
        if (name !== undefined) known?.set(name, id);
      }
      return { doc, id, json };
    }),
  );
}
