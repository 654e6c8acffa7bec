/** Uploading in batches, and ahead of publish's own upload while other work takes the cores. */
import { isSourceKey } from '../content/keys';
import { parseSearchRecord } from '../search';
import type { AheadSink } from '../search/build';
import { isRecordPackKey } from '../search/keys';
import type { Target } from './targets';

// wrangler's bulk put takes up to 10,000 pairs and 100 MB; smaller batches show progress and
// make an interrupted upload cheap to finish.
export const BATCH_ENTRIES = 1000;
const BATCH_BYTES = 20 * 1024 * 1024;

export const size = (entries: [string, string][]) =>
  entries.reduce((n, [k, value]) => n + k.length + Buffer.byteLength(value), 0);

export function batches(entries: [string, string][]): [string, string][][] {
  const out: [string, string][][] = [];
  let current: [string, string][] = [];
  let bytes = 0;
  for (const entry of entries) {
    const entryBytes = size([entry]);
    if (current.length > 0 && (current.length >= BATCH_ENTRIES || bytes + entryBytes > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entryBytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** A pack of search records among `entries` with a line that does not read back as one (a damaged build cache), if any. */
export const unreadableRecord = (entries: [string, string][]) =>
  entries.find(([key, value]) => isRecordPackKey(key) && value.split('\n').some((json) => parseSearchRecord(json) === null));

/** Entries uploaded while the build goes on (`uploadAhead`): what a publish then need not upload. */
export interface Ahead {
  /** The keys uploaded, once everything offered is; a failed upload rejects here. */
  settle(): Promise<Set<string>>;
  /** Upload nothing more, and wait for what is under way (its errors ignored). */
  stop(): Promise<void>;
}

/**
 * Uploads entries known final while other work takes the cores, on the target's own thread: the
 * search records while the build encodes the index, the build's entries while publish renders the
 * bodies (minutes each, on a large site). They are content-addressed: work that fails after them
 * leaves entries no release names, which prune removes; nothing a reader sees changes before the
 * switch. Records are checked as publish checks them, and none goes up ahead if one does not read back.
 */
export function uploadAhead(target: Target, listing: Promise<Set<string>>): Ahead & { offer: AheadSink } {
  const uploaded = new Set<string>();
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    offer(entries) {
      // Taken now: the build goes on adding to the map it hands over.
      const offered = [...entries];
      chain = chain.then(async () => {
        const existing = await listing;
        const fresh = offered.filter(([key]) => !existing.has(key) && !uploaded.has(key) && !isSourceKey(key));
        if (unreadableRecord(fresh)) return;
        for (const batch of batches(fresh)) {
          if (stopped) return;
          await target.put(batch);
          for (const [key] of batch) uploaded.add(key);
        }
      });
      // Awaited by settle; a failure meanwhile is not left unhandled.
      chain.catch(() => {});
    },
    settle: async () => {
      await chain;
      return uploaded;
    },
    stop: async () => {
      stopped = true;
      await chain.catch(() => {});
    },
  };
}
