import type * as v from 'valibot';
import type { Codec } from '../content/framed';
import { type KeptKind, keptKey, type RenderedKind } from '../content/keys';
import {
  type Chunk,
  type ChunkRef,
  type Root,
  type SeriesList,
  shardSchema,
  type TagList,
  type YearList,
} from '../content/stored';
import { logOnce } from './log-once';
import { nameLookup } from './name-lookup';
import { deepFreeze, parseJson, StoreError, validate } from './parse';
import { chunkShape, type Shape, seriesListShape, tablePageShape, tagListShape, yearListShape } from './shapes';

export { StoreError } from './parse';

// Content keys never change, so KV's edge may keep them as long as it likes. Kept values are read
// without it: one not written yet must not be remembered as missing.
const IMMUTABLE = { cacheTtl: 86_400 } as const;
// KV's bulk get names at most 100 keys.
const BULK = 100;

export interface StoreOptions {
  /** The renderer versions the release's bodies are rendered with, newest first (`Root.renderers`). */
  renderers: string[];
  /** Work that may finish after the response (the runtime's `waitUntil`). */
  defer?: (work: Promise<unknown>) => void;
}

/**
 * Lists (chunks of the article lists, table pages, series and tag lists, year parts) parsed once
 * per isolate and KV binding, by key. Their keys are hashes of their content, so nothing here can
 * be stale; a list value is at most 64 KiB, so the bound keeps a few MB at most. Frozen, as the
 * leaves are. By binding, because a value is known only to the namespace it was read from.
 */
const listsByBinding = new WeakMap<KVNamespace, Map<string, unknown>>();
const LISTS_KEPT = 64;

/** Reads one release from KV: the only code that touches the KV binding. */
export function releaseStore(kv: KVNamespace, root: Root, { renderers, defer = () => {} }: StoreOptions) {
  // A value built here from kept bodies depends on which renders it read: named by all of them.
  const renderer = renderers.join('+');
  const lists = listsByBinding.get(kv) ?? new Map<string, unknown>();
  if (!listsByBinding.has(kv)) listsByBinding.set(kv, lists);

  async function read(key: string, options: { cacheTtl?: number } = IMMUTABLE): Promise<string | null> {
    try {
      return await kv.get(key, { type: 'text', ...options });
    } catch (cause) {
      throw new StoreError(`KV read of ${key} failed`, { cause });
    }
  }

  async function readRequired(key: string): Promise<string> {
    const text = await read(key);
    if (text === null) throw new StoreError(`release ${root.id} names ${key}, but KV does not have it`);
    return text;
  }

  const readJson = async <T>(key: string, schema: v.GenericSchema<unknown, T>): Promise<T> =>
    validate(key, schema, parseJson(key, await readRequired(key)));

  function shaped<T>(key: string, shape: Shape<T>, text: string): T {
    const value = parseJson(key, text);
    if (!shape.test(value)) throw new StoreError(`${key} does not match the release layout: expected ${shape.what}`);
    return value;
  }

  /**
   * Required lists, each checked for shape: those this isolate has not parsed yet in one bulk read
   * (one KV operation for up to 100 keys).
   */
  async function readAll<T>(keys: string[], shape: Shape<T>): Promise<T[]> {
    const values = keys.map((key) => lists.get(key) as T | undefined);
    const missing = keys.filter((_, i) => values[i] === undefined);
    if (missing.length === 0) return values as T[];
    const found = await many(missing, IMMUTABLE);
    const parsed = new Map<string, T>();
    for (const key of missing) {
      const text = found.get(key);
      if (text == null) throw new StoreError(`release ${root.id} names ${key}, but KV does not have it`);
      parsed.set(key, deepFreeze(shaped(key, shape, text)));
    }
    if (lists.size + parsed.size > LISTS_KEPT) lists.clear();
    if (parsed.size <= LISTS_KEPT) for (const [key, value] of parsed) lists.set(key, value);
    return keys.map((key, i) => values[i] ?? (parsed.get(key) as T));
  }

  /**
   * Many keys in as few KV operations as the bulk limit allows; a missing key maps to null. One key
   * is a plain get: the same one operation, and local KV (miniflare) answers it 3-4× faster.
   */
  async function many(keys: string[], options: { cacheTtl?: number } = {}): Promise<Map<string, string | null>> {
    if (keys.length === 1) return new Map([[keys[0], await read(keys[0], options)]]);
    const slices = [];
    for (let i = 0; i < keys.length; i += BULK) slices.push(keys.slice(i, i + BULK));
    try {
      const reads = slices.map((slice) => kv.get(slice, { type: 'text', ...options }));
      return new Map((await Promise.all(reads)).flatMap((found) => [...found]));
    } catch (cause) {
      throw new StoreError(`KV bulk read of ${keys.length} keys failed`, { cause });
    }
  }

  async function readKept<T>(key: string, codec: Codec<T>): Promise<T | null> {
    let stored: string | ArrayBuffer | null;
    try {
      stored = codec.type === 'text' ? await kv.get(key, 'text') : await kv.get(key, 'arrayBuffer');
    } catch (cause) {
      throw new StoreError(`KV read of ${key} failed`, { cause });
    }
    // A damaged copy is built again, and the rewrite puts the right bytes back.
    return stored === null ? null : codec.decode(stored);
  }

  /** Write a built value back after the response; a failed write is logged, never the reader's problem. */
  function keepLater(key: string, value: string | Uint8Array): void {
    defer(kv.put(key, value).catch((error) => logOnce('KV write-back', error)));
  }

  const names = nameLookup(root, kv, readRequired, (key) => readJson(key, shardSchema));

  return {
    root,

    /** The index entry for a name, from the one leaf that can hold it; null when there is none. */
    entry: names.entry,

    /** Chunks of the article lists in one bulk read. */
    chunks: (keys: string[]): Promise<Chunk[]> => readAll(keys, chunkShape),
    /** Table pages of chunk refs (`content/table.ts`), in one bulk read. */
    tablePages: (keys: string[]): Promise<ChunkRef[][]> => readAll(keys, tablePageShape),
    seriesChunks: (keys: string[]): Promise<SeriesList[]> => readAll(keys, seriesListShape),
    tagChunks: (keys: string[]): Promise<TagList[]> => readAll(keys, tagListShape),
    /** A year's list, from its parts in one bulk read. */
    yearList: async (keys: string[]): Promise<YearList> => (await readAll(keys, yearListShape)).flat(),

    /**
     * Search index values in bulk, as text (a missing key maps to null): the search module parses
     * and checks each one it uses, and reports one that is missing.
     */
    texts: (keys: string[]): Promise<Map<string, string | null>> => many(keys),

    /**
     * Read a value built earlier from immutable inputs (named by `hash`), else build it now and
     * keep it for every later request, anywhere: the one "read from KV, else build and keep".
     */
    async keep<T>(kind: KeptKind, hash: string, codec: Codec<T>, build: () => Promise<T>): Promise<T> {
      const key = keptKey(kind, renderer, hash);
      const kept = await readKept(key, codec);
      if (kept !== null) return kept;
      const value = await build();
      keepLater(key, codec.encode(value));
      return value;
    },

    /**
     * Values rendered at publish (bodies, chapters), named by the hash of what they are made from:
     * one bulk read of their keys under every renderer the release names, the newest found kept.
     * The worker renders nothing: one the release needs but KV lacks is a StoreError, as any value.
     */
    async rendered<T>(kind: RenderedKind, hashes: string[], codec: Codec<T>): Promise<T[]> {
      const keys = hashes.map((hash) => renderers.map((r) => keptKey(kind, r, hash)));
      const found = await many(keys.flat());
      return keys.map((candidates) => {
        const key = candidates.find((k) => found.get(k) != null);
        const value = key === undefined ? null : codec.decode(found.get(key) as string);
        if (value === null) throw new StoreError(`release ${root.id} needs ${candidates[0]}, but KV has no good copy of it`);
        return value;
      });
    },

    /**
     * One value rendered at publish, decoded from the bytes KV holds (the newest renderer's copy
     * found), for a page that sends it as it is. One missing or damaged is a StoreError, as in `rendered`.
     */
    async renderedBytes<T>(kind: RenderedKind, hash: string, decode: (bytes: Uint8Array) => T | null): Promise<T> {
      const keys = renderers.map((r) => keptKey(kind, r, hash));
      let found: (ArrayBuffer | null)[];
      try {
        found = await Promise.all(keys.map((key) => kv.get(key, 'arrayBuffer')));
      } catch (cause) {
        throw new StoreError(`KV read of ${keys[0]} failed`, { cause });
      }
      const bytes = found.find((value) => value !== null);
      const value = bytes ? decode(new Uint8Array(bytes)) : null;
      if (value === null) throw new StoreError(`release ${root.id} needs ${keys[0]}, but KV has no good copy of it`);
      return value;
    },
  };
}

export type ReleaseStore = ReturnType<typeof releaseStore>;

/**
 * A store that keeps nothing it builds: every feed window is composed on every request, from
 * bodies rendered at publish (the worker renders no markdown, even for the benchmark).
 */
export function forgetfulStore(kv: KVNamespace, root: Root, options: StoreOptions): ReleaseStore {
  return {
    ...releaseStore(kv, root, options),
    keep: (_kind, _hash, _codec, build) => build(),
  };
}
