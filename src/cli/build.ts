import { loadSite } from '../content/model';
import { ContentProblems, formatProblem, type Problem } from '../content/problems';
import type { Release } from '../content/release';
import { compileRelease } from '../search/site';
import { readContent } from './files';
import { linkProblems } from './links';
import { diskBuildCache } from './search-cache';

export type BuildResult = { ok: true; release: Release } | { ok: false; report: string };

// One per process: a watching dev server reuses the segments of its last build from memory.
const searchCache = diskBuildCache();

/** Read, validate and compile a content folder; on any problem, a report of all of them. */
export async function buildFromDisk(dir: string, options: { drafts?: boolean } = {}): Promise<BuildResult> {
  const files = await readContent(dir);
  const loaded = loadSite(files, options);
  // Links are checked against a site whose files are all valid: before that, where they lead is unknown.
  const problems = loaded.ok ? linkProblems(loaded.site, files, new Date()) : loaded.problems;
  if (!loaded.ok || problems.length > 0) return { ok: false, report: report(problems) };
  try {
    return { ok: true, release: await compileRelease(loaded.site, { cache: searchCache }) };
  } catch (error) {
    // What only the compiled release shows (an index entry too large) is reported like the rest.
    if (error instanceof ContentProblems) return { ok: false, report: report(error.problems) };
    throw error;
  }
}

function report(problems: Problem[]): string {
  const count = problems.length;
  return [...problems.map(formatProblem), `${count} ${count === 1 ? 'problem' : 'problems'}; nothing was built.`].join('\n');
}
