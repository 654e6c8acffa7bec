import * as v from 'valibot';
import { decodeFeedItems, decodeRendered, encodeFeedItems, encodeRendered } from '../content/framed';
import { entryName, renderedKey, shardOf } from '../content/keys';
import {
  type Chunk,
  chunkSchema,
  type Entry,
  entrySchema,
  type FeedItems,
  type Rendered,
  type Root,
  type SeriesList,
  seriesListSchema,
  shardSchema,
  type TagList,
  tagListSchema,
  type YearList,
  yearListSchema,
} from '../content/layout';

/** KV could not give what the release says it holds: the reader gets a 503, and nothing is cached. */
export class StoreError extends Error {
  override name = 'StoreError';
}

// Content keys never change, so KV's edge may keep them as long as it likes.
const IMMUTABLE = { cacheTtl: 86_400 } as const;

type EntryKind = keyof typeof entryName;

/** Reads one release from KV: the only code that touches the KV binding. */
export function releaseStore(kv: KVNamespace, root: Root) {
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

  async function readJson<T>(key: string, schema: v.GenericSchema<unknown, T>): Promise<T> {
    return validate(key, schema, parseJson(key, await readRequired(key)));
  }

  return {
    root,
    /** Whether rendered bodies, feed windows and books are kept for later requests. */
    keeps: true,

    /** The index entry for a name, from the one shard that can hold it; null when there is none. */
    async entry<K extends EntryKind>(kind: K, name: string): Promise<Extract<Entry, { kind: K }> | null> {
      const full = entryName[kind](name);
      const shard = await readJson(root.shards[shardOf(full)], shardSchema);
      if (!Object.hasOwn(shard, full)) return null;
      const entry = validate(full, entrySchema, shard[full]);
      if (entry.kind !== kind) throw new StoreError(`${full} is a ${entry.kind} entry`);
      return entry as Extract<Entry, { kind: K }>;
    },

    chunk: (key: string): Promise<Chunk> => readJson(key, chunkSchema),
    yearList: (key: string): Promise<YearList> => readJson(key, yearListSchema),
    seriesList: (): Promise<SeriesList> => readJson(root.series, seriesListSchema),
    tagList: (): Promise<TagList> => readJson(root.tags, tagListSchema),
    markdown: (key: string): Promise<string> => readRequired(key),

    /** A body rendered earlier, anywhere; null when this renderer has not rendered it yet. */
    async rendered(renderer: string, bodyKey: string): Promise<Rendered | null> {
      return decodeRendered(await read(renderedKey(renderer, bodyKey), {}));
    },

    /** Many keys in one KV operation (at most 100 a call); a missing key maps to null. */
    async many(keys: string[]): Promise<Map<string, string | null>> {
      const found = new Map<string, string | null>();
      for (let i = 0; i < keys.length; i += 100) {
        try {
          for (const [key, value] of await kv.get(keys.slice(i, i + 100), 'text')) found.set(key, value);
        } catch (cause) {
          throw new StoreError(`KV bulk read of ${keys.length} keys failed`, { cause });
        }
      }
      return found;
    },

    /** A feed window kept earlier; null when no feed has been built from it yet. */
    async feedItems(key: string): Promise<FeedItems | null> {
      return decodeFeedItems(await read(key, {}));
    },

    saveFeedItems: (key: string, items: FeedItems): Promise<void> => kv.put(key, encodeFeedItems(items)),

    /** An e-book built earlier; null when none was, or when what is kept is not a zip. */
    async book(key: string): Promise<Uint8Array | null> {
      let bytes: ArrayBuffer | null;
      try {
        bytes = await kv.get(key, 'arrayBuffer');
      } catch (cause) {
        throw new StoreError(`KV read of ${key} failed`, { cause });
      }
      if (bytes === null) return null;
      const zip = new Uint8Array(bytes);
      // A damaged copy is built again: a zip starts with a local file header, the EPUB's with `mimetype`.
      const ok = zip.length > 38 && zip[0] === 0x50 && zip[1] === 0x4b && zip[2] === 3 && zip[3] === 4;
      return ok && new TextDecoder().decode(zip.subarray(30, 38)) === 'mimetype' ? zip : null;
    },

    saveBook: (key: string, zip: Uint8Array): Promise<void> => kv.put(key, zip),

    /** Keep a rendered body for every data center; immutable, so a race writes the same bytes. */
    async saveRendered(renderer: string, bodyKey: string, rendered: Rendered): Promise<void> {
      await kv.put(renderedKey(renderer, bodyKey), encodeRendered(rendered));
    },
  };
}

export type ReleaseStore = ReturnType<typeof releaseStore>;

/**
 * A store that keeps nothing: no rendered body, feed or book is read or written, so every
 * request reads markdown and renders it. This is the naive edge blog the benchmark compares
 * Quire with; the app uses it only when asked to (`createApp(release, { naive: true })`).
 */
export const forgetful = (store: ReleaseStore): ReleaseStore => ({
  ...store,
  keeps: false,
  rendered: async () => null,
  feedItems: async () => null,
  book: async () => null,
  saveRendered: async () => {},
  saveFeedItems: async () => {},
  saveBook: async () => {},
});

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new StoreError(`${key} is not valid JSON`, { cause });
  }
}

function validate<T>(key: string, schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new StoreError(`${key} does not match the release layout: ${result.issues[0].message}`);
  return result.output;
}
