import { entryName } from '../content/keys';
import { findIn, leafKey, nameHash, pageKey, parseTable, type Table } from '../content/name-index';
import { type Entry, entrySchema, type Root } from '../content/stored';
import { deepFreeze, StoreError, validate } from './parse';

type EntryKind = keyof typeof entryName;

// The root's directory table, parsed once per root object.
const rootTables = new WeakMap<Root['names'], Table>();

/**
 * Directory pages and leaves of the name index parsed once per isolate and KV binding (as the
 * lists are, store/release-store.ts: a value is known only to the namespace it was read from),
 * by key, leaves with the entries validated so far. Keys are hashes of content, so nothing here
 * can be stale; a page or leaf is at most 48 KiB (content/name-index.ts), so the bounds keep a
 * few MB at most. Entries are shared by every request that reads them: frozen, so no code can
 * change one under another request. A page or leaf found here costs no KV read.
 */
interface Leaf {
  shard: Record<string, unknown>;
  entries: Map<string, Entry>;
}
interface Kept {
  pages: Map<string, Table>;
  leaves: Map<string, Leaf>;
}
const keptByBinding = new WeakMap<object, Kept>();
const PAGES_KEPT = 256;
const LEAVES_KEPT = 64;

function table(key: string, text: string, start = 0, depth = 0): Table {
  try {
    return parseTable(text, start, depth);
  } catch (cause) {
    throw new StoreError(`${key} is not a name table`, { cause });
  }
}

/**
 * Names looked up in a release's name index (content/name-index.ts): the root's directory, then
 * at most a directory page, then the one leaf that can hold the name, each parsed once per isolate
 * and `binding`.
 */
export function nameLookup(
  root: Root,
  binding: object,
  readRequired: (key: string) => Promise<string>,
  readLeaf: (key: string) => Promise<Record<string, unknown>>,
) {
  let kept = keptByBinding.get(binding);
  if (!kept) {
    kept = { pages: new Map(), leaves: new Map() };
    keptByBinding.set(binding, kept);
  }
  const { pages: pageTables, leaves } = kept;

  /** The key of the one leaf that can hold a name: from the root, or from the page the root names. */
  async function leafFor(hash: number): Promise<string> {
    const { names } = root;
    let top = rootTables.get(names);
    if (!top) {
      top = table('the root', 'leaves' in names ? names.leaves : names.pages);
      rootTables.set(names, top);
    }
    const at = findIn(top, hash);
    if ('leaves' in names) return leafKey(top.ids[at]);
    const id = top.ids[at];
    let page = pageTables.get(id);
    if (!page) {
      page = table(pageKey(id), await readRequired(pageKey(id)), top.starts[at], top.depths[at]);
      if (pageTables.size >= PAGES_KEPT) pageTables.clear();
      pageTables.set(id, page);
    }
    return leafKey(page.ids[findIn(page, hash)]);
  }

  /** The index entry for a name, from the one leaf that can hold it; null when there is none. */
  async function entry<K extends EntryKind>(kind: K, name: string): Promise<Extract<Entry, { kind: K }> | null> {
    const full = entryName[kind](name);
    const key = await leafFor(nameHash(full));
    let leaf = leaves.get(key);
    if (!leaf) {
      leaf = { shard: await readLeaf(key), entries: new Map() };
      if (leaves.size >= LEAVES_KEPT) leaves.clear();
      leaves.set(key, leaf);
    }
    if (!Object.hasOwn(leaf.shard, full)) return null;
    let found = leaf.entries.get(full);
    if (!found) {
      found = deepFreeze(validate(full, entrySchema, leaf.shard[full]));
      leaf.entries.set(full, found);
    }
    if (found.kind !== kind) throw new StoreError(`${full} is a ${found.kind} entry`);
    return found as Extract<Entry, { kind: K }>;
  }

  return { entry };
}
