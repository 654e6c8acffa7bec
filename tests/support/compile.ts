import { type ContentFiles, loadSite } from '../../src/content/model';
import type { Release } from '../../src/content/release';
import { type BuildCache, buildCache } from '../../src/search';
import { compileRelease } from '../../src/search/site';

// Search segments already built in this test file: an unchanged block of a site built again
// (the 10,000-article site plus one article) is not analyzed twice.
const segments: BuildCache = buildCache();

/** Compile content in memory as `quire build` does (validation, release, search index); a problem throws. */
export async function compile(files: ContentFiles, options: { drafts?: boolean } = {}): Promise<Release> {
  const loaded = loadSite(files, options);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n'));
  return compileRelease(loaded.site, { cache: segments });
}
