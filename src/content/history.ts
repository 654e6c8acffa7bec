import * as v from 'valibot';

/** The releases published to one KV namespace, newest first, and which one the worker serves. */
export const historySchema = v.object({
  live: v.nullable(v.string()),
  releases: v.array(v.object({ id: v.string(), published: v.string(), articles: v.number() })),
});

export type History = v.InferOutput<typeof historySchema>;
export type HistoryEntry = History['releases'][number];

export const EMPTY_HISTORY: History = { live: null, releases: [] };

/** Record `entry` as published and live; publishing a release again moves it to the top. */
export function recordPublish(history: History, entry: HistoryEntry): History {
  return { live: entry.id, releases: [entry, ...history.releases.filter((r) => r.id !== entry.id)] };
}

/** The release to roll back to: the one named, or the one published before the live one. */
export function rollbackTarget(history: History, wanted?: string): HistoryEntry | string {
  if (wanted) {
    const found = history.releases.filter((r) => r.id.startsWith(wanted));
    if (found.length === 1) return found[0];
    return found.length === 0
      ? `no release ${wanted} in the history`
      : `${wanted} names ${found.length} releases; give more of the id`;
  }
  const live = history.releases.findIndex((r) => r.id === history.live);
  return history.releases[live + 1] ?? 'there is no earlier release to roll back to';
}

/** The releases `prune --keep n` keeps: the newest n, and the live one whatever its age. */
export function keptReleases(history: History, keep: number): HistoryEntry[] {
  return history.releases.filter((r, i) => i < keep || r.id === history.live);
}
