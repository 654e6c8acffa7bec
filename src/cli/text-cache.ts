import { hash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArticleText } from '../search';
import { Numbering } from '../search/numbering';
import { packedTerms, type TermWeights } from '../search/related-terms';
import { chunk, type Loaded, read, readAhead, type Stored, wholeFile } from './text-cache-file';

/**
 * Articles' plain text and term weights kept on disk between builds, by the hash of what they
 * are made from: at 100,000 articles these passes cost minutes, and adding one article changes
 * one of them. Term weights stay packed as term numbers and counts; related reading walks them
 * without a Map per article. A missing, damaged or older file is built again.
 *
 * One file of chunks. A build that adds texts appends one chunk (at 100,000 articles the file
 * passes 700 MB, too much to rewrite for one article); a build that used fewer than three
 * quarters of the texts the file holds rewrites it whole with only those (so texts no longer in
 * the site go with it). A chunk cut short (an append interrupted) ends the file: what precedes
 * it is whole, and the next append replaces it.
 *
 * The text is kept as JSON apart from the rest, and handed out as such: a build makes every
 * search record from it (`recordJson`) without parsing it and encoding it again, and parses it
 * only for what needs the text itself (a segment to analyze, a record to cut). The file's
 * layout is in text-cache-file.ts.
 */

export interface TextCache {
  get(key: string): ArticleText | undefined;
  set(key: string, text: ArticleText): void;
  /** `set`, and the text with its term weights as kept: packed, numbered in the file's dictionary. */
  keep(key: string, text: ArticleText): ArticleText;
  /** Write the file if this build's texts differ from it. */
  save(): void;
  /** Read the file off this thread (hundreds of MB on a large site) while the build does other work; then `get` parses it. */
  readAhead(): Promise<void>;
}

const keyHash = (key: string) => hash('sha256', key, 'base64');

function isMeta(value: unknown): value is { headings: string[]; words: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { headings, words } = value as Record<string, unknown>;
  return Array.isArray(headings) && headings.every((h) => typeof h === 'string') && typeof words === 'number';
}

/** A kept text: its JSON is handed out as it is, and parsed at the first read of `text`. */
class KeptText implements ArticleText {
  #text: string | undefined;
  constructor(
    readonly headings: string[],
    readonly words: number,
    readonly terms: TermWeights,
    readonly textJson: string,
    private readonly file: string,
  ) {}
  get text(): string {
    if (this.#text === undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(this.textJson);
      } catch {
        // Found only now, as the cache is not read through: the build stops and says what to do.
      }
      if (typeof parsed !== 'string')
        throw new Error(`${this.file} is damaged (a kept text does not parse); delete it and build again`);
      this.#text = parsed;
    }
    return this.#text;
  }
}

/** The text cache kept in `file` (beside the search segments' cache). */
export function diskTextCache(file: string): TextCache {
  // Read at the first use, not when a command that builds nothing loads this module.
  let loaded: Loaded | undefined;
  let ahead: Buffer | undefined;
  const load = () => {
    loaded ??= read(file, ahead) ?? { dict: [], records: new Map(), end: 0, terms: 0 };
    ahead = undefined;
    return loaded;
  };
  let numbers: Numbering | undefined;
  const used = new Map<string, Stored>();
  // What this build made: the records and terms the file does not hold yet.
  const made = new Map<string, Stored>();
  // Each other dictionary's numbers in this one, as far as they have been met (-1: not yet).
  const remaps = new Map<readonly string[], Int32Array>();
  /** Term weights as (term number, count) pairs in `numbering`: packed ones renumbered a dictionary entry at a time. */
  function numbered(terms: TermWeights, numbering: Numbering): Uint32Array {
    const packed = terms.packed;
    if (!packed) {
      const pairs: number[] = [];
      terms.forEach((count, term) => {
        pairs.push(numbering.of(term), count);
      });
      return Uint32Array.from(pairs);
    }
    const { pairs, dict } = packed;
    let remap = remaps.get(dict);
    if (!remap || remap.length < dict.length) {
      const grown = new Int32Array(dict.length).fill(-1);
      if (remap) grown.set(remap);
      remap = grown;
      remaps.set(dict, remap);
    }
    const out = new Uint32Array(pairs.length);
    for (let i = 0; i < pairs.length; i += 2) {
      let n = remap[pairs[i]];
      if (n < 0) {
        n = numbering.of(dict[pairs[i]]);
        remap[pairs[i]] = n;
      }
      out[i] = n;
      out[i + 1] = pairs[i + 1];
    }
    return out;
  }

  /** Keep a text this build made; it is handed back with its term weights packed (numbered in the file's dictionary). */
  function keep(key: string, articleText: ArticleText): ArticleText {
    const { headings, text, textJson, words, terms } = articleText;
    const { dict } = load();
    numbers ??= new Numbering(dict);
    const id = keyHash(key);
    const record = {
      meta: Buffer.from(JSON.stringify({ headings, words })),
      text: Buffer.from(textJson ?? JSON.stringify(text)),
      pairs: numbered(terms, numbers),
    };
    used.set(id, record);
    made.set(id, record);
    return { ...articleText, terms: packedTerms(record.pairs, dict) };
  }

  return {
    async readAhead() {
      if (!loaded) ahead = await readAhead(file);
    },
    get(key) {
      const { dict, records: stored } = load();
      const id = keyHash(key);
      const record = used.get(id) ?? stored.get(id);
      if (!record) return undefined;
      let meta: unknown;
      try {
        meta = JSON.parse(record.meta.toString('utf8'));
      } catch {
        return undefined;
      }
      if (!isMeta(meta)) return undefined;
      const textJson = record.text.toString('utf8');
      // A text that is not a JSON string is damage: checked cheaply here, and again when parsed.
      if (textJson.length < 2 || textJson[0] !== '"' || textJson[textJson.length - 1] !== '"') return undefined;
      used.set(id, record);
      return new KeptText(meta.headings, meta.words, packedTerms(record.pairs, dict), textJson, file);
    },
    set: keep,
    keep,
    save() {
      if (!loaded) return;
      const current = loaded;
      const kept = current.records.size;
      const unused = kept - (used.size - made.size);
      // A text made again that the file holds (it could not be read back) needs a rewrite.
      const appendable = current.end > 0 && unused * 4 <= kept && [...made.keys()].every((id) => !current.records.has(id));
      try {
        mkdirSync(dirname(file), { recursive: true });
        if (appendable && made.size === 0) {
          // The file holds every text this build used: nothing to write.
        } else if (appendable) {
          // Only additions (and few texts gone): one chunk more, after the last whole one.
          const bytes = chunk(current.dict.slice(current.terms), made, made.size);
          const descriptor = openSync(file, 'r+');
          try {
            ftruncateSync(descriptor, current.end);
            writeSync(descriptor, bytes, 0, bytes.length, current.end);
          } finally {
            closeSync(descriptor);
          }
          current.end += bytes.length;
          current.terms = current.dict.length;
          for (const [id, record] of made) current.records.set(id, record);
        } else {
          // Rewritten whole with what this build used: the texts no longer in the site go.
          const bytes = wholeFile(current.dict, used);
          writeFileSync(`${file}.${process.pid}.tmp`, bytes);
          renameSync(`${file}.${process.pid}.tmp`, file);
          loaded = { dict: current.dict, records: new Map(used), end: bytes.length, terms: current.dict.length };
        }
      } catch {
        // A cache that cannot be written only makes the next build slower.
      }
      used.clear();
      made.clear();
      remaps.clear();
    },
  };
}
