import * as v from 'valibot';
import { type HistoryEntry, keptReleases } from '../content/history';
import { HISTORY_KEY, isSourceKey, manifestKey, releaseKey } from '../content/keys';
import { type Dropped, describeDoomed } from './prune-report';
import { type Log, readHistory, writeHistory } from './publish';
import type { Target } from './targets';
import { BATCH_ENTRIES } from './upload';

const manifests = (target: Target, releases: HistoryEntry[]): Promise<Dropped[]> =>
  Promise.all(
    releases.map(async (release) => {
      const text = await target.get(manifestKey(release.id));
      return { release, keys: text === null ? null : new Set(v.parse(v.array(v.string()), JSON.parse(text))) };
    }),
  );

/**
 * Delete every key that no kept release needs. The history is trimmed first and the dropped
 * releases' roots and manifests go next, so a prune cut short never leaves a release listed that
 * could be rolled back to without its content. Rendered bodies go with their markdown.
 */
export async function prune(target: Target, keep: number, { dryRun = false, log }: { dryRun?: boolean; log: Log }) {
  const history = await readHistory(target);
  if (history.live === null) throw new Error(`${target.name} has no history of a live release; nothing was deleted`);
  const kept = keptReleases(history, keep);
  const current = await target.currentId();
  const keptIds = new Set([...kept.map((r) => r.id), ...(current ? [current] : [])]);
  const needed = new Set<string>([HISTORY_KEY]);
  for (const id of keptIds) {
    const manifest = await target.get(manifestKey(id));
    if (manifest === null) throw new Error(`${manifestKey(id)} is missing from ${target.name}; nothing was deleted`);
    for (const key of v.parse(v.array(v.string()), JSON.parse(manifest))) needed.add(key);
  }
  const bodies = new Set([...needed].filter((k) => k.startsWith('md/')).map((k) => k.slice(3)));
  // A rendered body or chapter is named by its markdown's hash first (`html/r4s/<hash>`, `chapter/r4s/<hash>.<rest>`).
  const rendered = (key: string) =>
    (key.startsWith('html/') || key.startsWith('chapter/')) && bodies.has(key.split('/')[2]?.split('.')[0]);
  // Markdown an older publish uploaded is needed by nothing (the worker reads only renders; a
  // rollback does not look for it): it goes, while the renders of a kept body stay.
  const isNeeded = (key: string) => (needed.has(key) && !isSourceKey(key)) || rendered(key);
  const doomed = [...(await target.listKeys())].filter((key) => !isNeeded(key));
  const dropped = history.releases.filter((r) => !keptIds.has(r.id));
  const roots = dropped.flatMap((r) => [releaseKey(r.id), manifestKey(r.id)]).filter((key) => doomed.includes(key));
  log(`${dryRun ? 'dry run: would delete' : 'deleting'} ${doomed.length} keys; keeping releases ${[...keptIds].join(', ')}`);
  if (dryRun) {
    for (const line of describeDoomed(doomed, await manifests(target, dropped))) log(line);
    return doomed;
  }
  await writeHistory(target, { ...history, releases: history.releases.filter((r) => keptIds.has(r.id)) });
  const rest = doomed.filter((key) => !roots.includes(key));
  const ordered = [...roots, ...rest];
  for (let i = 0; i < ordered.length; i += BATCH_ENTRIES) await target.delete(ordered.slice(i, i + BATCH_ENTRIES));
  return doomed;
}
