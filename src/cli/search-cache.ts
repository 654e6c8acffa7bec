import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildCache, EncodedSegment } from '../search';
import { diskDocIds } from './doc-id-cache';
import { diskTextCache } from './text-cache';

/**
 * Search segments built by earlier runs, kept on disk beside miniflare's state: a segment is a
 * pure function of its id (the hash of the index version and its documents), so one built
 * yesterday is as good as one built now, and a build of a large site analyzes only the blocks
 * that changed (usually the tail). A missing or damaged file is simply built again. The article
 * texts (text-cache.ts) and the records' ids (doc-id-cache.ts) are kept beside them.
 */
export function diskBuildCache(dir = join('.wrangler', 'quire', 'search')): BuildCache & {
  save(): void;
  readAhead(): Promise<void>;
} {
  // Segments this process built: a watching dev server's next build reuses them from memory.
  const built = new Map<string, EncodedSegment>();
  const file = (id: string) => join(dir, `${id}.json`);
  const texts = diskTextCache(join(dir, 'texts.bin'));
  const ids = diskDocIds(join(dir, 'doc-ids.txt'));
  return {
    ids,
    texts,
    /** Keep this build's article texts and record ids for the next (segments are written as they are built). */
    save: () => {
      texts.save();
      ids.save();
    },
    /** Start reading the kept texts while the build checks the content. */
    readAhead: () => texts.readAhead(),
    segments: {
      get(id: string): EncodedSegment | undefined {
        const kept = built.get(id);
        if (kept) return kept;
        try {
          const parsed: unknown = JSON.parse(readFileSync(file(id), 'utf8'));
          return isSegment(parsed) ? parsed : undefined;
        } catch {
          return undefined;
        }
      },
      set(id: string, segment: EncodedSegment) {
        built.set(id, segment);
        try {
          mkdirSync(dir, { recursive: true });
          writeFileSync(file(id), JSON.stringify(segment));
        } catch {
          // A cache that cannot be written only makes the next build slower.
        }
      },
    },
  };
}

function isSegment(value: unknown): value is EncodedSegment {
  if (typeof value !== 'object' || value === null) return false;
  const { tables, shards, totalLength } = value as Record<string, unknown>;
  return (
    Array.isArray(tables) &&
    tables.every((t) => typeof t === 'string') &&
    Array.isArray(shards) &&
    shards.every((s) => typeof s === 'string' && s.startsWith('\n')) &&
    typeof totalLength === 'number'
  );
}
