/**
 * STUB (issue 14, bench part): the signature bench/run.ts calls, so the bench type-checks before
 * the lists part's bench/million.ts lands and replaces this file. It makes up no figure: calling
 * it fails, and so does `npm run bench`, until the real one is merged.
 */
export interface MillionFigures {
  articles: number;
  /** KV entries of the release. */
  entries: number;
  /** Bytes of the root bundled into the worker. */
  rootBytes: number;
  /** The largest value a cache miss reads (bodies, feed windows and books aside). */
  largestMissValue: { key: string; kind: string; bytes: number };
  /** The largest value of each key kind, in bytes. */
  largestByKind: Record<string, number>;
  /** Wall seconds to build the release in memory. */
  seconds: number;
}

export async function millionFigures(count = 1_000_000): Promise<MillionFigures> {
  throw new Error(`bench/million.ts is the bench part's stub: merge the lists part's version to build ${count} articles`);
}
