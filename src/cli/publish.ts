import * as v from 'valibot';
import { EMPTY_HISTORY, type History, historySchema, keptReleases, recordPublish, rollbackTarget } from '../content/history';
import { HISTORY_KEY, manifestKey, releaseKey } from '../content/keys';
import { rootSchema } from '../content/layout';
import type { Release } from '../content/release';
import { SCHEDULE_WINDOW } from '../content/schedule';
import type { Target } from './targets';

export type Log = (line: string) => void;

// wrangler's bulk put takes up to 10,000 pairs and 100 MB; smaller batches show progress and
// make an interrupted upload cheap to finish.
const BATCH_ENTRIES = 1000;
const BATCH_BYTES = 20 * 1024 * 1024;

const size = (entries: [string, string][]) => entries.reduce((n, [k, value]) => n + k.length + Buffer.byteLength(value), 0);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

function batches(entries: [string, string][]): [string, string][][] {
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

export async function readHistory(target: Target): Promise<History> {
  const text = await target.get(HISTORY_KEY);
  if (text === null) return EMPTY_HISTORY;
  const parsed = v.safeParse(historySchema, JSON.parse(text));
  if (!parsed.success) throw new Error(`${HISTORY_KEY} in ${target.name} is not a Quire history; refusing to guess`);
  return parsed.output;
}

const writeHistory = (target: Target, history: History) => target.put([[HISTORY_KEY, JSON.stringify(history)]]);

export interface PublishOptions {
  dryRun?: boolean;
  /** Record the release in the target's history (not for the preview server's every edit). */
  record?: boolean;
  log: Log;
}

/**
 * Upload what the target lacks, then switch the worker to the release as the very last step: an
 * interrupted publish leaves the live site as it was, and running it again finishes the upload.
 */
export async function publish(release: Release, target: Target, { dryRun = false, record = true, log }: PublishOptions) {
  const { upcoming } = release.root;
  if (upcoming.length === SCHEDULE_WINDOW && upcoming[0].date > new Date().toISOString()) {
    throw new Error(`more than ${SCHEDULE_WINDOW} articles are scheduled for later; publish some of them first`);
  }
  const existing = await target.listKeys();
  const missing = [...release.entries].filter(([key]) => !existing.has(key));
  const reused = release.entries.size - missing.length;
  const bytes = size(missing);
  const plan = batches(missing);
  const { id } = release.root;
  const history = record ? await readHistory(target) : EMPTY_HISTORY;
  if (missing.length === 0 && history.live === id) {
    log(`release ${id} is already live on ${target.name}; nothing to upload`);
    return { id, added: 0, reused, bytes: 0 };
  }
  if (dryRun) {
    log(
      `dry run: ${missing.length} new entries (${mib(bytes)}) in ${plan.length} ${plan.length === 1 ? 'batch' : 'batches'}, ${reused} reused, to ${target.name}:`,
    );
    for (const step of target.describe(plan.length, release.root)) log(`  ${step}`);
    log('Nothing was changed.');
    return { id, added: missing.length, reused, bytes };
  }
  let done = 0;
  for (const batch of plan) {
    await target.put(batch);
    done += batch.length;
    log(`uploaded ${done}/${missing.length} entries (${Math.round((100 * done) / missing.length)}%)`);
  }
  await target.activate(release.root);
  if (record) {
    const entry = { id, published: new Date().toISOString(), articles: release.root.count };
    await writeHistory(target, recordPublish(history, entry));
  }
  log(`release ${id} is live on ${target.name}: ${missing.length} new entries (${mib(bytes)}), ${reused} reused`);
  return { id, added: missing.length, reused, bytes };
}

/** Switch back to an earlier release at once: its entries are all still there, nothing is uploaded. */
export async function rollback(target: Target, wanted: string | undefined, log: Log): Promise<string> {
  const history = await readHistory(target);
  const chosen = rollbackTarget(history, wanted);
  if (typeof chosen === 'string') throw new Error(chosen);
  const text = await target.get(releaseKey(chosen.id));
  if (text === null) throw new Error(`${releaseKey(chosen.id)} is missing from ${target.name}; it may have been pruned`);
  await target.activate(v.parse(rootSchema, JSON.parse(text)));
  await writeHistory(target, { ...history, live: chosen.id });
  log(`release ${chosen.id} (published ${chosen.published}) is live again on ${target.name}`);
  return chosen.id;
}

export async function listReleases(target: Target, log: Log): Promise<void> {
  const { live, releases } = await readHistory(target);
  if (releases.length === 0) log(`no releases published to ${target.name} yet`);
  for (const r of releases)
    log(`${r.id === live ? '* ' : '  '}${r.id}  ${r.published}  ${r.articles} articles${r.id === live ? '  (live)' : ''}`);
}

/** Delete every key no kept release references; rendered bodies go with their markdown. */
export async function prune(target: Target, keep: number, { dryRun = false, log }: { dryRun?: boolean; log: Log }) {
  const history = await readHistory(target);
  const kept = keptReleases(history, keep);
  const needed = new Set<string>([HISTORY_KEY]);
  for (const release of kept) {
    const manifest = await target.get(manifestKey(release.id));
    if (manifest === null) throw new Error(`${manifestKey(release.id)} is missing from ${target.name}; nothing was deleted`);
    for (const key of v.parse(v.array(v.string()), JSON.parse(manifest))) needed.add(key);
  }
  const bodies = new Set([...needed].filter((k) => k.startsWith('md/')).map((k) => k.slice(3)));
  const doomed = [...(await target.listKeys())].filter(
    (key) => !needed.has(key) && !(key.startsWith('html/') && bodies.has(key.split('/')[2])),
  );
  log(
    `${dryRun ? 'dry run: would delete' : 'deleting'} ${doomed.length} keys; keeping ${kept.length} releases (${kept.map((r) => r.id).join(', ')})`,
  );
  if (dryRun) return doomed;
  for (let i = 0; i < doomed.length; i += BATCH_ENTRIES) await target.delete(doomed.slice(i, i + BATCH_ENTRIES));
  await writeHistory(target, { ...history, releases: kept });
  return doomed;
}
