/**
 * Every Workers KV key Quire reads or writes is spelled here.
 *
 * All keys but `release/<id>`, `manifest/<id>` and the history are content-addressed: the name is the hash of the value, so a
 * value is never overwritten and KV's eventual consistency can never mix two releases.
 */
/** `shard` is a leaf of the name index, `names` a page of its directory (content/name-index.ts); `table` a page of a chunk table (content/table.ts). */
export type KeyKind = 'md' | 'shard' | 'names' | 'list' | 'year' | 'series' | 'tags' | 'table';

export const contentKey = (kind: KeyKind, hash: string): string => `${kind}/${hash}`;

/** The release root, kept in KV for rollback and pruning; the worker has its own copy built in. */
export const releaseKey = (id: string): string => `release/${id}`;

/** Every key of a release, so pruning knows what a kept release needs without reading it all. */
export const manifestKey = (id: string): string => `manifest/${id}`;

/**
 * The publish history of a KV namespace (which releases exist, which is live). The one mutable
 * key: only the CLI reads and writes it; the worker never does.
 */
export const HISTORY_KEY = 'quire/releases';

/**
 * What the worker builds from immutable inputs and keeps for every later miss, anywhere: a
 * rendered body (`html`), a feed window (`feed`), an e-book (`book`). Named by the renderer
 * version and the hash of the inputs, so a kept value is never overwritten with other bytes.
 */
export type KeptKind = 'html' | 'feed' | 'book';

export const keptKey = (kind: KeptKind, renderer: string, hash: string): string => `${kind}/${renderer}/${hash}`;

/** The hash part of a content key (`md/<hash>` → `<hash>`). */
export const hashOf = (key: string): string => key.slice(key.indexOf('/') + 1);

/** Names in the slug index: one namespace per kind so `/about` and a tag `about` never meet. */
export const entryName = {
  article: (slug: string) => `article:${slug}`,
  series: (slug: string) => `series:${slug}`,
  page: (slug: string) => `page:${slug}`,
  tag: (tag: string) => `tag:${tag}`,
  alias: (path: string) => `alias:${path}`,
} as const;
