/**
 * Every Workers KV key Quire reads or writes is spelled here.
 *
 * All keys but `release/<id>`, `manifest/<id>` and the history are content-addressed: the name is the hash of the value, so a
 * value is never overwritten and KV's eventual consistency can never mix two releases.
 */
import { fnv1a } from './hash';

/** Number of slug-index shards; a page lookup reads exactly one. */
export const SHARD_COUNT = 256;

export type KeyKind = 'md' | 'shard' | 'list' | 'year' | 'series' | 'tags';

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

/** Rendered markdown, written back by the worker: immutable per body and renderer version. */
export const renderedKey = (renderer: string, bodyKey: string): string => `html/${renderer}/${bodyKey.slice(3)}`;

/** The articles and rendered bodies of one feed window, written back by the worker (immutable). */
export const feedKey = (renderer: string, hash: string): string => `feed/${renderer}/${hash}`;

/** An e-book of a series' published parts, written back by the worker (immutable). */
export const bookKey = (renderer: string, hash: string): string => `book/${renderer}/${hash}`;

/** Names in the slug index: one namespace per kind so `/about` and a tag `about` never meet. */
export const entryName = {
  article: (slug: string) => `article:${slug}`,
  series: (slug: string) => `series:${slug}`,
  page: (slug: string) => `page:${slug}`,
  tag: (tag: string) => `tag:${tag}`,
  alias: (path: string) => `alias:${path}`,
} as const;

export const shardOf = (name: string): number => fnv1a(name) % SHARD_COUNT;
