/**
 * Every Workers KV key Quire reads or writes is spelled here.
 *
 * All keys but `release/<id>`, `manifest/<id>` and the history are content-addressed: the name is the hash of the value, so a
 * value is never overwritten and KV's eventual consistency can never mix two releases.
 */
/** `shard` is a leaf of the name index, `names` a page of its directory (content/name-index.ts); `table` a page of a chunk table (content/table.ts). */
export type KeyKind = 'md' | 'shard' | 'names' | 'list' | 'year' | 'series' | 'tags' | 'table';

export const contentKey = (kind: KeyKind, hash: string): string => `${kind}/${hash}`;

/**
 * A body's markdown (`md/<hash>`) is part of a release but never uploaded. It names the body:
 * the body's renders are named by its hash, and pruning keeps them while a kept release's
 * manifest lists it. Publishing renders from it; the worker reads only the renders (property 8),
 * so KV holds no markdown and a new article costs one write fewer.
 */
export const isSourceKey = (key: string): boolean => key.startsWith('md/');

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
 * Values rendered at publish, once per body and renderer version: a body as HTML (`html`, named
 * by its markdown's hash) and a series part's e-book chapter (`chapter`, named by its markdown's
 * hash, a dot, and the hash of the rest it is made of: see `chapterKeyHash`).
 */
export type RenderedKind = 'html' | 'chapter';

/**
 * What is kept under a renderer version and the hash of its inputs, so a kept value is never
 * overwritten with other bytes: the rendered values, and the feed windows the worker builds from
 * them on a first miss and keeps for every later one, anywhere (`feed`).
 */
export type KeptKind = RenderedKind | 'feed';

export const keptKey = (kind: KeptKind, renderer: string, hash: string): string => `${kind}/${renderer}/${hash}`;

/** A chapter's name in its key: pruning keeps it as long as its markdown is kept. */
export const chapterKeyHash = (bodyKey: string, restHash: string): string => `${hashOf(bodyKey)}.${restHash}`;

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
