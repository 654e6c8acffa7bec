import * as v from 'valibot';

/**
 * The releases published to one KV namespace, newest first; which one the worker serves (`live`)
 * and which one it is being switched to (`pending`, set before the switch and cleared after, so
 * that a switch cut short leaves both protected from pruning).
 */
export const historySchema = v.object({
  live: v.nullable(v.string()),
  pending: v.optional(v.string()),
  releases: v.array(v.object({ id: v.string(), published: v.string(), articles: v.number() })),
});

export type History = v.InferOutput<typeof historySchema>;
export type HistoryEntry = History['releases'][number];

export const EMPTY_HISTORY: History = { live: null, releases: [] };

/** Before a switch: the release is recorded (publishing it again moves it to the top) and pending. */
export function beginSwitch(history: History, entry: HistoryEntry): History {
  return { live: history.live, pending: entry.id, releases: [entry, ...history.releases.filter((r) => r.id !== entry.id)] };
}

/** After a switch: the pending release is live. */
export const finishSwitch = (history: History, id: string): History => ({ live: id, releases: history.releases });

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
  if (live < 0) return 'the history does not say which release is live; name the release to roll back to';
  return history.releases[live + 1] ?? 'there is no earlier release to roll back to';
}

/** What `prune --keep n` keeps: the newest n, the live one and one being switched to. */
export function keptReleases(history: History, keep: number): HistoryEntry[] {
  return history.releases.filter((r, i) => i < keep || r.id === history.live || r.id === history.pending);
}
