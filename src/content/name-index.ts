import { utf8Length } from './chunk';
import { contentHash, fnv1a } from './hash';
import { contentKey } from './keys';
import { INDEX_VALUE_LIMIT } from './limits';
import type { Entry, NameDirectory } from './stored';

/**
 * The name index (docs/architecture.md, "Name index"): a binary trie over each name's 32-bit
 * hash, most significant bit first. A node is a leaf while its JSON fits LEAF_TARGET, else it
 * splits on the next bit, so the shape depends only on the entries: one new entry rewrites one
 * leaf, or splits it in two. A directory lists the leaves in bit order, each as one depth
 * character and the 22-character id of its value; small, it lives in the root, else it is cut
 * the same way into pages of at most TABLE_LEAVES leaves, named in the root.
 */

/** A leaf splits above this, so that one entry short of INDEX_VALUE_LIMIT still has a leaf of its own. */
export const LEAF_TARGET = 48 * 1024;
/** Leaves a directory table holds: in the root (about 23 KB), or in each page. */
export const TABLE_LEAVES = 1024;

const BITS = 32;
const ID = 22;
const RECORD = 1 + ID;

/** FNV-1a with murmur3's finalizer, so that the top bits, which pick the branch, depend on every character. */
export function nameHash(name: string): number {
  let h = fnv1a(name);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const leafKey = (id: string): string => contentKey('shard', id);
export const pageKey = (id: string): string => contentKey('names', id);

/** Entries too large for any leaf: the release reports them against the files that make them. */
export class OversizedEntries extends Error {
  override name = 'OversizedEntries';
  constructor(readonly sizes: [name: string, bytes: number][]) {
    super(`${sizes.length} index entries exceed ${INDEX_VALUE_LIMIT} bytes: ${sizes.map(([n]) => n).join(', ')}`);
  }
}

/** A directory table parsed once: where each leaf (or page) starts in hash space, and its id. */
export interface Table {
  starts: number[];
  depths: number[];
  ids: string[];
}

/**
 * Parse a table covering the trie node at `depth` that starts at `start`. Throws when the records
 * do not tile that node exactly: a damaged table must never send a name to the wrong leaf.
 */
export function parseTable(text: string, start = 0, depth = 0): Table {
  if (text.length === 0 || text.length % RECORD !== 0) throw new Error(`a name table of ${text.length} characters`);
  const table: Table = { starts: [], depths: [], ids: [] };
  let at = start;
  for (let i = 0; i < text.length; i += RECORD) {
    const d = Number.parseInt(text[i], 36);
    if (!(d >= depth && d <= BITS)) throw new Error(`a name table names depth ${text[i]} under depth ${depth}`);
    table.starts.push(at);
    table.depths.push(d);
    table.ids.push(text.slice(i + 1, i + RECORD));
    at += 2 ** (BITS - d);
  }
  if (at !== start + 2 ** (BITS - depth)) throw new Error('a name table does not cover its part of the hash space');
  return table;
}

/** Which of a table's records holds `hash`: the last that starts at or before it. */
export function findIn({ starts }: Table, hash: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= hash) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every leaf's key, reading pages with `read`: tools and tests walk a whole index this way. */
export function leafKeys(names: NameDirectory, read: (key: string) => string | undefined): string[] {
  if ('leaves' in names) return parseTable(names.leaves).ids.map(leafKey);
  const pages = parseTable(names.pages);
  return pages.ids.flatMap((id, i) => {
    const text = read(pageKey(id));
    if (text === undefined) throw new Error(`${pageKey(id)} is missing`);
    return parseTable(text, pages.starts[i], pages.depths[i]).ids.map(leafKey);
  });
}

/** The key of the leaf that holds `name` (if any entry does), reading pages with `read`. */
export function leafKeyOf(names: NameDirectory, name: string, read: (key: string) => string | undefined): string {
  const hash = nameHash(name);
  let table: Table;
  if ('leaves' in names) table = parseTable(names.leaves);
  else {
    const pages = parseTable(names.pages);
    const page = findIn(pages, hash);
    const text = read(pageKey(pages.ids[page]));
    if (text === undefined) throw new Error(`${pageKey(pages.ids[page])} is missing`);
    table = parseTable(text, pages.starts[page], pages.depths[page]);
  }
  return leafKey(table.ids[findIn(table, hash)]);
}

interface Node {
  lo: number;
  hi: number;
  depth: number;
}

/** Sizes a build may lower, so tests can reach pages with a small index; releases use the defaults. */
export interface Shape {
  leafTarget?: number;
  tableLeaves?: number;
}

/**
 * Build the name index of a release: `store` gets every leaf and page (key, value), and the
 * result is the directory the root carries. Pure and deterministic.
 */
export async function buildNameIndex(
  index: Map<string, Entry>,
  store: (key: string, value: string) => void,
  { leafTarget = LEAF_TARGET, tableLeaves = TABLE_LEAVES }: Shape = {},
): Promise<NameDirectory> {
  const names = [...index.keys()];
  const hashOf = names.map(nameHash);
  // Serialized in the map's order (its objects are laid out that way), then put in hash order.
  const serialized = [...index].map(([name, entry]) => `${JSON.stringify(name)}:${JSON.stringify(entry)}`);
  const order = names.map((_, i) => i).sort((a, b) => hashOf[a] - hashOf[b] || (names[a] < names[b] ? -1 : 1));
  const hashes = order.map((i) => hashOf[i]);
  const parts = order.map((i) => serialized[i]);
  const sums = [0];
  for (const part of parts) sums.push(sums[sums.length - 1] + utf8Length(part));
  const size = (lo: number, hi: number) => 2 + sums[hi] - sums[lo] + Math.max(0, hi - lo - 1);

  const oversized = order.flatMap((i, at): [string, number][] =>
    size(at, at + 1) > INDEX_VALUE_LIMIT ? [[names[i], size(at, at + 1)]] : [],
  );
  if (oversized.length > 0) throw new OversizedEntries(oversized);

  const leaves: Node[] = [];
  split({ lo: 0, hi: parts.length, depth: 0 }, hashes, (n) => n.hi - n.lo > 1 && size(n.lo, n.hi) > leafTarget, leaves);
  const collided = leaves.find(({ lo, hi }) => size(lo, hi) > INDEX_VALUE_LIMIT);
  if (collided) throw new Error(`names share a hash: ${parts.slice(collided.lo, collided.hi).join(' ')}`);
  const records = await Promise.all(
    leaves.map(
      async ({ lo, hi, depth }) => depth.toString(36) + (await put(leafKey, `{${parts.slice(lo, hi).join(',')}}`, store)),
    ),
  );
  if (records.length <= tableLeaves) return { leaves: records.join('') };

  // Pages are nodes of the same trie, so every leaf of a page lies inside it.
  const pages: Node[] = [];
  const starts = parseTable(records.join('')).starts;
  split({ lo: 0, hi: leaves.length, depth: 0 }, starts, (n) => n.hi - n.lo > tableLeaves, pages);
  const table = await Promise.all(
    pages.map(async ({ lo, hi, depth }) => depth.toString(36) + (await put(pageKey, records.slice(lo, hi).join(''), store))),
  );
  return { pages: table.join('') };
}

/** Cut the sorted range of a node in two on its next bit while `tooBig`, collecting the nodes kept. */
function split(node: Node, hashes: number[], tooBig: (n: Node) => boolean, out: Node[]): void {
  if (node.depth === BITS || !tooBig(node)) {
    out.push(node);
    return;
  }
  const shift = BITS - 1 - node.depth;
  let lo = node.lo;
  let hi = node.hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hashes[mid] >>> shift) & 1) hi = mid;
    else lo = mid + 1;
  }
  split({ lo: node.lo, hi: lo, depth: node.depth + 1 }, hashes, tooBig, out);
  split({ lo, hi: node.hi, depth: node.depth + 1 }, hashes, tooBig, out);
}

async function put(keyOf: (id: string) => string, value: string, store: (key: string, value: string) => void) {
  const id = base64url(await contentHash(value));
  store(keyOf(id), value);
  return id;
}

/** A 128-bit hex hash in 22 base64url characters: all of it, shorter than hex by a third. */
function base64url(hexHash: string): string {
  let binary = '';
  for (let i = 0; i < hexHash.length; i += 2) binary += String.fromCharCode(Number.parseInt(hexHash.slice(i, i + 2), 16));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
