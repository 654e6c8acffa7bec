import { hash } from 'node:crypto';
import { useSha256 } from '../content/hash';
import { ContentProblems, formatProblem } from '../content/problems';
import type { Release } from '../content/release';
import type { AheadSink } from '../search/build';
import { compileRelease } from '../search/site';
import { checkFromDisk } from './check';
import { diskBuildCache } from './search-cache';
import { encodeSegmentsOnCores, makeTextsOnCores, relatedOnCores } from './search-pool';

export type BuildResult = { ok: true; release: Release } | { ok: false; report: string };

// Node's SHA-256 at once, in one call: a large build names hundreds of thousands of values.
useSha256((text, encoding) => hash('sha256', text, encoding));

// One per process: a watching dev server reuses the segments of its last build from memory.
const searchCache = diskBuildCache();

/**
 * Read, validate and compile a content folder; on any problem, a report of all of them. `valid`
 * is called once the content has passed its checks, before it is compiled; `ahead` is given
 * entries known final before the release is (`AheadSink`).
 */
export async function buildFromDisk(
  dir: string,
  options: { drafts?: boolean; valid?: () => Promise<void>; ahead?: AheadSink } = {},
): Promise<BuildResult> {
  // Read on libuv's threads while this one checks: a large site's kept texts are hundreds of MB.
  const ahead = searchCache.readAhead();
  const checked = await checkFromDisk(dir, options);
  if (!checked.ok) return checked;
  await options.valid?.();
  await ahead;
  const { related, stop } = relatedOnCores(checked.site.articles.length);
  try {
    const release = await compileRelease(checked.site, {
      cache: searchCache,
      encode: encodeSegmentsOnCores,
      makeTexts: makeTextsOnCores,
      related,
      ahead: options.ahead,
    });
    searchCache.save();
    return { ok: true, release };
  } catch (error) {
    // What only the compiled release shows (an index entry too large) is reported like the rest.
    if (!(error instanceof ContentProblems)) throw error;
    const count = error.problems.length;
    const lines = [...error.problems.map(formatProblem), `${count} ${count === 1 ? 'problem' : 'problems'}; nothing was built.`];
    return { ok: false, report: lines.join('\n') };
  } finally {
    await stop();
  }
}
