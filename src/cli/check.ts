import { loadSite, parsedFiles, parseFile, type SiteModel } from '../content/model';
import { formatProblem } from '../content/problems';
import { readContent } from './files';
import { linkProblems } from './links';

export type CheckResult = { ok: true; site: SiteModel } | { ok: false; report: string };

/**
 * Read and validate a content folder, links included; on any problem, a report of all of them.
 * This is all of `quire check` but one rare case: an entry too large for the name index shows only
 * when the release is compiled (`quire build`, `quire publish`).
 */
export async function checkFromDisk(dir: string, options: { drafts?: boolean } = {}): Promise<CheckResult> {
  // Each file is parsed as soon as it is read, while the thread that reads a large folder reads on.
  const parsed = parsedFiles();
  const files = await readContent(dir, { onFile: (kind, file) => parseFile(parsed, kind, file) });
  const loaded = loadSite(files, { ...options, parsed });
  // Links are checked against a site whose files are all valid: before that, where they lead is unknown.
  const problems = loaded.ok ? linkProblems(loaded.site, files, new Date()) : loaded.problems;
  if (!loaded.ok || problems.length > 0) {
    const count = problems.length;
    const report = [...problems.map(formatProblem), `${count} ${count === 1 ? 'problem' : 'problems'}; nothing was built.`];
    return { ok: false, report: report.join('\n') };
  }
  return { ok: true, site: loaded.site };
}
