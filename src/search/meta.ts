import * as v from 'valibot';

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The index's root, embedded in the release root: validated there like everything from outside. */
export const searchMetaSchema = v.object({
  /** `INDEX_VERSION` when built; a worker with another version must not read this index. */
  version: v.string(),
  docs: count,
  avgdl: v.pipe(v.number(), v.minValue(0)),
  /** Oldest articles first, series and pages last. */
  segments: v.array(
    v.object({
      id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16}$/)),
      shards: v.pipe(v.number(), v.integer(), v.check(isPowerOfTwo, 'shards must be a power of two')),
      docs: count,
    }),
  ),
});

export type SearchMeta = v.InferOutput<typeof searchMetaSchema>;
