import { availableParallelism } from 'node:os';
import * as v from 'valibot';
import { beginSwitch, EMPTY_HISTORY, finishSwitch, type History, historySchema, rollbackTarget } from '../content/history';
import { HISTORY_KEY, isSourceKey, manifestKey, releaseKey } from '../content/keys';
import type { Release } from '../content/release';
import { MAX_SCHEDULED, tooManyScheduled } from '../content/schedule';
import { rootSchema } from '../content/stored';
import { withFeedWindows } from './feed-window';
import { planRenders } from './prerender';
import { renderBodiesOnCores, rendersOnThreads } from './render-pool';
import type { Target } from './targets';
import { type Ahead, batches, size, unreadableRecord, uploadAhead } from './upload';

export type Log = (line: string) => void;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

export async function readHistory(target: Target): Promise<History> {
  const text = await target.get(HISTORY_KEY);
  if (text === null) return EMPTY_HISTORY;
  const parsed = v.safeParse(historySchema, JSON.parse(text));
  if (!parsed.success) throw new Error(`${HISTORY_KEY} in ${target.name} is not a Quire history; refusing to guess`);
  return parsed.output;
}

export const writeHistory = (target: Target, history: History) => target.put([[HISTORY_KEY, JSON.stringify(history)]]);

export interface PublishOptions {
  dryRun?: boolean;
  /** Record the release in the target's history (not for the preview server's every edit). */
  record?: boolean;
  /**
   * KV writes this publish may spend (the free plan allows 1,000 a day): new bodies are always
   * rendered, bodies an older renderer made are rendered again only within what is left.
   */
  maxWrites?: number;
  /** The renderer version to render with; tests inject a newer one. */
  renderer?: string;
  /** The target's keys, when they are already being listed (the CLI lists them while it builds). */
  existing?: Promise<Set<string>>;
  /** Entries uploaded while the build went on: counted as this publish's, not uploaded again. */
  ahead?: Ahead;
  /** How the bodies are rendered (tests watch what is uploaded meanwhile); on every core by default. */
  render?: typeof renderBodiesOnCores;
  log: Log;
}

/**
 * Upload what the target lacks, then switch the worker to the release as the very last step: an
 * interrupted publish leaves the live site as it was, and running it again finishes the upload.
 * The switch always runs (on Cloudflare it also deploys the worker's code); the history marks the
 * release pending before it and live after it.
 */
export async function publish(
  built: Release,
  target: Target,
  {
    dryRun = false,
    record = true,
    maxWrites = Number.POSITIVE_INFINITY,
    renderer,
    existing: listing,
    ahead: aheadOfBuild,
    render = renderBodiesOnCores,
    log,
  }: PublishOptions,
) {
  if (tooManyScheduled(built.root, new Date())) {
    throw new Error(`more than ${MAX_SCHEDULED} articles are scheduled for later; the site can hide at most ${MAX_SCHEDULED}`);
  }
  const existing = await (listing ?? target.listKeys());
  const { id: builtId } = built.root;
  const content = [...built.entries].filter(
    ([k]) => !existing.has(k) && !isSourceKey(k) && k !== releaseKey(builtId) && k !== manifestKey(builtId),
  );
  // Search records are made from the build cache's texts as kept (spliced in, not re-encoded):
  // one that does not read back as a record (a damaged cache) is never uploaded.
  const unreadable = unreadableRecord(content);
  if (unreadable)
    throw new Error(
      `a search record in ${unreadable[0]} does not read back as one; the build cache (.wrangler/quire/search) may be damaged: delete it and publish again. Nothing was uploaded.`,
    );
  // Counted as if the root, manifest, site feed window and history writes were all new: the budget is never overrun by them.
  const budget = maxWrites - content.length - 3 - (record ? 2 : 0);
  const renders = await planRenders(built, existing, { renderer, budget });
  // The records uploaded ahead may still be going up: rendering does not wait for them.
  const aheadDone = aheadOfBuild?.settle() ?? Promise.resolve(new Set<string>());
  aheadDone.catch(() => {}); // awaited below, once the bodies are rendered
  // Rendering many bodies takes the cores for a while (a first publish: every body of the site):
  // the build's other entries, final already, go up meanwhile, after those records, and then the
  // renders as each batch is made. The upload (local KV's workerd, or wrangler) keeps a core of its
  // own: on two cores, rendering on both left it half of one, and most renders went up after
  // rendering, alone. Not the root and manifest, which go last.
  const meanwhile =
    !dryRun && rendersOnThreads(renders.bodies.length)
      ? uploadAhead(
          target,
          aheadDone.then((ahead) => new Set([...existing, ...ahead])),
        )
      : undefined;
  meanwhile?.offer(new Map(content));
  let rendered: [string, string][] = [];
  try {
    rendered = dryRun
      ? []
      : await render(
          renders.bodies,
          renders.release.root.site,
          meanwhile && {
            threads: Math.max(1, availableParallelism() - 1),
            offThread: true,
            onValues: (values) => meanwhile.offer(new Map(values)),
          },
        );
  } catch (error) {
    // Stopped first, as the upload meanwhile waits for it.
    await aheadOfBuild?.stop();
    await meanwhile?.stop();
    throw error;
  }
  // A failed upload is reported here, once rendering is done (it cannot be cut short): nothing was switched.
  const ahead = await aheadDone;
  const during = (await meanwhile?.settle()) ?? new Set<string>();
  // Feed windows kept ready, long series' with what the budget leaves (the manifest names them):
  // a fresh release's first feed then builds nothing.
  const { release, windows } = await withFeedWindows(renders.release, new Map(rendered), {
    has: existing,
    budget: budget - renders.writes,
  });
  const all = [...release.entries, ...rendered, ...windows];
  // Markdown is rendered here and never read by the worker: it is not uploaded (isSourceKey).
  const uploaded = all.filter(([key]) => !isSourceKey(key));
  const missing = uploaded.filter(([key]) => !existing.has(key));
  const reused = uploaded.length - missing.length;
  const bytes = size(missing);
  const plan = batches(missing.filter(([key]) => !ahead.has(key) && !during.has(key)));
  const { id } = release.root;
  const history = record ? await readHistory(target) : EMPTY_HISTORY;
  if (dryRun) {
    const batchCount = `${plan.length} ${plan.length === 1 ? 'batch' : 'batches'}`;
    log(
      `dry run: ${missing.length} new entries (${mib(bytes)}) in ${batchCount}, ${reused} reused, ${renders.writes} to render, to ${target.name}:`,
    );
    for (const step of target.describe(plan.length, release.root)) log(`  ${step}`);
    log('Nothing was changed.');
    return { id, added: missing.length, reused, bytes };
  }
  if (ahead.size > 0) log(`uploaded ${ahead.size} search ${ahead.size === 1 ? 'record' : 'records'} while the index was built`);
  if (during.size > 0) log(`uploaded ${during.size} entries alongside rendering (the build's, then renders)`);
  let done = ahead.size + during.size;
  for (const batch of plan) {
    await target.put(batch);
    done += batch.length;
    log(`uploaded ${done}/${missing.length} entries (${Math.round((100 * done) / missing.length)}%)`);
  }
  const already = history.live === id && missing.length === 0;
  if (record && !already) {
    const pending = beginSwitch(history, { id, published: new Date().toISOString(), articles: release.root.count });
    await writeHistory(target, pending);
    await target.activate(release.root);
    await writeHistory(target, finishSwitch(pending, id));
  } else {
    await target.activate(release.root);
  }
  const what = already
    ? 'was already live; nothing uploaded'
    : `is live: ${missing.length} new entries (${mib(bytes)}), ${reused} reused`;
  log(`release ${id} on ${target.name} ${what}`);
  const { behind } = renders;
  if (behind.bodies > 0)
    log(
      `${behind.bodies} of ${behind.total} bodies still on ${behind.versions.join(', ')}; run publish again tomorrow (--max-writes ${maxWrites})`,
    );
  return { id, added: missing.length, reused, bytes };
}

/** Switch back to an earlier release at once: its entries are all still there, nothing is uploaded. */
export async function rollback(target: Target, wanted: string | undefined, log: Log): Promise<string> {
  const history = await readHistory(target);
  const chosen = rollbackTarget(history, wanted);
  if (typeof chosen === 'string') throw new Error(chosen);
  const [rootText, manifestText] = await Promise.all([target.get(releaseKey(chosen.id)), target.get(manifestKey(chosen.id))]);
  if (rootText === null || manifestText === null) {
    throw new Error(`release ${chosen.id} is no longer complete in ${target.name} (pruned?); nothing was changed`);
  }
  const stored = await target.listKeys();
  const lost = v.parse(v.array(v.string()), JSON.parse(manifestText)).filter((key) => !stored.has(key) && !isSourceKey(key));
  if (lost.length > 0)
    throw new Error(`release ${chosen.id} lacks ${lost.length} of its keys in ${target.name}; nothing was changed`);
  const root = v.safeParse(rootSchema, JSON.parse(rootText));
  if (!root.success)
    throw new Error(`release ${chosen.id} was built by another version of Quire and cannot be served by this one`);
  // Not re-recorded: the release keeps its place among the newest, only the switch is marked.
  const pending = { ...history, pending: chosen.id };
  await writeHistory(target, pending);
  await target.activate(root.output);
  await writeHistory(target, finishSwitch(pending, chosen.id));
  log(`release ${chosen.id} (published ${chosen.published}) is live again on ${target.name}`);
  return chosen.id;
}

export async function listReleases(target: Target, log: Log): Promise<void> {
  const { live, releases } = await readHistory(target);
  if (releases.length === 0) log(`no releases published to ${target.name} yet`);
  for (const r of releases) {
    log(`${r.id === live ? '* ' : '  '}${r.id}  ${r.published}  ${r.articles} articles${r.id === live ? '  (live)' : ''}`);
  }
  // Locally the worker's module may hold a release that was compiled but never published.
  const working = await target.currentId();
  if (working && working !== live)
    log(`working copy: release ${working}, what \`quire dev\` serves (not published; \`quire preview\` serves the live one)`);
}
