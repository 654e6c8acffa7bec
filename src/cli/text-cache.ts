import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArticleText, PlainText } from '../search';

/**
 * Articles' plain text and term weights kept on disk between builds, by the hash of what they
 * are made from: at 100,000 articles these passes cost minutes, and adding one article changes
 * one of them. One file, rewritten whole when a build used other texts than it holds (so texts
 * no longer in the site go with it). Term weights stay packed as term numbers and counts; related
 * reading walks them without a Map per article. A missing, damaged or older file is built again.
 *
 * Layout: "QTC1", u32 length of a JSON header (the term dictionary, the record count), then per
 * record: 32-byte key, u32 plain-text JSON length, that JSON padded to 4 bytes, u32 term count,
 * then (term number, count) u32 pairs.
 */
const MAGIC = 'QTC1';

export interface TextCache {
  get(key: string): ArticleText | undefined;
  set(key: string, text: ArticleText): void;
  /** Write the file if this build's texts differ from it. */
  save(): void;
}

/** Counts as `Map#forEach` gives them, read from the packed pairs. */
class PackedTerms {
  constructor(
    private readonly pairs: Uint32Array,
    private readonly dict: string[],
  ) {}
  forEach(fn: (count: number, term: string) => void): void {
    const { pairs, dict } = this;
    for (let i = 0; i < pairs.length; i += 2) fn(pairs[i + 1], dict[pairs[i]]);
  }
  /** Related reading renumbers the pairs a dictionary at a time, without a string per pair. */
  get packed() {
    return { pairs: this.pairs, dict: this.dict };
  }
}

const hash = (key: string) => createHash('sha256').update(key).digest('base64');

interface Stored {
  plain: Buffer;
  pairs: Uint32Array;
}

function read(file: string): { dict: string[]; records: Map<string, Stored> } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    if (bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
    // Uint32Array views need an aligned start.
    if (bytes.byteOffset % 4 !== 0) bytes = Buffer.from(bytes);
    const headerLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as { dict: unknown; count: unknown };
    const { dict, count } = header;
    if (!Array.isArray(dict) || !dict.every((t) => typeof t === 'string') || typeof count !== 'number') return undefined;
    const records = new Map<string, Stored>();
    let at = 8 + headerLength + ((4 - (headerLength % 4)) % 4);
    for (let i = 0; i < count; i++) {
      const key = bytes.toString('base64', at, at + 32);
      const plainLength = bytes.readUInt32LE(at + 32);
      const plain = bytes.subarray(at + 36, at + 36 + plainLength);
      at += 36 + plainLength + ((4 - (plainLength % 4)) % 4);
      const terms = bytes.readUInt32LE(at);
      const pairs = new Uint32Array(bytes.buffer, bytes.byteOffset + at + 4, terms * 2);
      at += 4 + terms * 8;
      records.set(key, { plain, pairs });
    }
    if (at !== bytes.length) return undefined;
    for (const { pairs } of records.values())
      for (let i = 0; i < pairs.length; i += 2) if (pairs[i] >= dict.length) return undefined;
    return { dict, records };
  } catch {
    return undefined;
  }
}

function isPlainText(value: unknown): value is PlainText {
  if (typeof value !== 'object' || value === null) return false;
  const { text, headings } = value as Record<string, unknown>;
  return typeof text === 'string' && Array.isArray(headings) && headings.every((h) => typeof h === 'string');
}

/** The text cache kept in `file` (beside the search segments' cache). */
export function diskTextCache(file: string): TextCache {
  // Read at the first use, not when a command that builds nothing loads this module.
  let loaded: { dict: string[]; records: Map<string, Stored> } | undefined;
  const load = () => {
    loaded ??= read(file) ?? { dict: [], records: new Map() };
    return loaded;
  };
  let numbers: Map<string, number> | undefined;
  const used = new Map<string, Stored>();
  let added = false;
  return {
    get(key) {
      const { dict, records: stored } = load();
      const id = hash(key);
      const record = used.get(id) ?? stored.get(id);
      if (!record) return undefined;
      let plain: unknown;
      try {
        plain = JSON.parse(record.plain.toString('utf8'));
      } catch {
        return undefined;
      }
      if (!isPlainText(plain)) return undefined;
      used.set(id, record);
      return { headings: plain.headings, text: plain.text, terms: new PackedTerms(record.pairs, dict) };
    },
    set(key, { headings, text, terms }) {
      const { dict } = load();
      numbers ??= new Map(dict.map((term, i) => [term, i]));
      const pairs: number[] = [];
      terms.forEach((count, term) => {
        let n = numbers?.get(term);
        if (n === undefined) {
          n = dict.push(term) - 1;
          numbers?.set(term, n);
        }
        pairs.push(n, count);
      });
      used.set(hash(key), { plain: Buffer.from(JSON.stringify({ headings, text })), pairs: Uint32Array.from(pairs) });
      added = true;
    },
    save() {
      if (!loaded || (!added && used.size === loaded.records.size)) return;
      const { dict } = loaded;
      const header = Buffer.from(JSON.stringify({ dict, count: used.size }));
      const parts: Uint8Array[] = [Buffer.from(MAGIC, 'latin1'), u32(header.length), header, pad(header.length)];
      for (const [key, { plain, pairs }] of used) {
        parts.push(Buffer.from(key, 'base64'), u32(plain.length), plain, pad(plain.length), u32(pairs.length / 2));
        parts.push(new Uint8Array(pairs.buffer, pairs.byteOffset, pairs.byteLength));
      }
      // The next build in this process (a watching dev server) starts from what this one used.
      loaded = { dict, records: new Map(used) };
      used.clear();
      added = false;
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.${process.pid}.tmp`, Buffer.concat(parts));
        renameSync(`${file}.${process.pid}.tmp`, file);
      } catch {
        // A cache that cannot be written only makes the next build slower.
      }
    },
  };
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const pad = (length: number) => Buffer.alloc((4 - (length % 4)) % 4);
