import type { HistoryEntry } from '../content/history';
import { hashOf, manifestKey, releaseKey } from '../content/keys';

/** A release prune drops, with the keys its manifest lists (null when the manifest is gone). */
export interface Dropped {
  release: HistoryEntry;
  keys: ReadonlySet<string> | null;
}

// Key prefixes (content/keys.ts, search/keys.ts) in the order an author thinks of them.
const KINDS: [prefix: string, label: string][] = [
  ['release', 'release roots'],
  ['manifest', 'release manifests'],
  ['md', 'article bodies'],
  ['html', 'rendered bodies (kept)'],
  ['chapter', 'e-book chapters (kept)'],
  ['feed', 'feed windows (kept)'],
  ['book', 'e-books (kept)'],
  ['shard', 'name index leaves'],
  ['names', 'name index pages'],
  ['list', 'list chunks'],
  ['year', 'archive years'],
  ['series', 'series'],
  ['tags', 'tag lists'],
  ['sd', 'search documents'],
  ['sx', 'search segments'],
];

const prefixOf = (key: string) => key.split('/')[0];

function byKind(keys: string[], width: number): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(prefixOf(key), (counts.get(prefixOf(key)) ?? 0) + 1);
  const known = KINDS.filter(([prefix]) => counts.has(prefix));
  const other = [...counts.keys()].filter((prefix) => !KINDS.some(([p]) => p === prefix)).sort();
  return [...known, ...other.map((prefix): [string, string] => [prefix, 'other keys'])].map(
    ([prefix, label]) => `    ${String(counts.get(prefix)).padStart(width)}  ${`${prefix}/`.padEnd(10)}${label}`,
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a prune would delete, by the newest dropped release whose manifest lists each key (a kept
 * render goes with the body it was rendered from) and then by kind; "no release" gathers keys no
 * dropped release names: feed windows and e-books kept by the worker, and leftovers of publishes
 * cut short. Sizes are not shown: on Cloudflare each value would cost a wrangler call.
 */
export function describeDoomed(doomed: string[], dropped: Dropped[]): string[] {
  const owner = (key: string): Dropped | undefined => {
    const rendered = key.startsWith('html/') || key.startsWith('chapter/');
    const named = rendered ? `md/${hashOf(hashOf(key)).split('.')[0]}` : key;
    return dropped.find((d) => d.keys?.has(named) || key === releaseKey(d.release.id) || key === manifestKey(d.release.id));
  };
  const groups = new Map<Dropped | undefined, string[]>();
  for (const key of doomed) {
    const d = owner(key);
    groups.set(d, [...(groups.get(d) ?? []), key]);
  }
  const width = String(doomed.length).length;
  const lines: string[] = [];
  for (const d of [...dropped, undefined]) {
    const keys = groups.get(d);
    if (!keys) continue;
    const heading = d
      ? `release ${d.release.id} (published ${d.release.published}, ${plural(d.release.articles, 'article')})`
      : 'no release';
    lines.push(`  ${heading}: ${plural(keys.length, 'key')}`, ...byKind(keys, width));
  }
  if (lines.length > 0) lines.push(`  in all: ${plural(doomed.length, 'key')}`, ...byKind(doomed, width));
  return lines;
}
