import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { withRenders } from '../../src/cli/prerender';
import { prune } from '../../src/cli/prune';
import { listReleases, publish, rollback } from '../../src/cli/publish';
import { renderBodiesOnCores } from '../../src/cli/render-pool';
import { remoteTarget } from '../../src/cli/targets';
import { HISTORY_KEY, isSourceKey, manifestKey, releaseKey } from '../../src/content/keys';
import type { ContentFiles } from '../../src/content/model';
import { leafKeys } from '../../src/content/name-index';
import type { Release } from '../../src/content/release';
import { rendererId } from '../../src/render/markdown';
import { compile } from '../support/compile';
import { fakeWrangler } from '../support/fake-wrangler';
import { articleFile, contentFiles, generatedSite } from '../support/fixtures';

// Rendering as on two cores or more (CI's), where a first publish's bodies render on threads and
// the build's entries go up meanwhile: the same tests hold on a one-core machine.
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => 2 }));

const dir = await mkdtemp(join(tmpdir(), 'quire-publish-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const build = (files: ContentFiles) => compile(files);

const site = (...titles: string[]) => contentFiles({ articles: titles.map((t, i) => articleFile({ slug: `a-${i}`, title: t })) });
const quiet = () => {};

function remote(fake: ReturnType<typeof fakeWrangler>, name: string) {
  const moduleFile = join(dir, `${name}.json`);
  return {
    target: remoteTarget(fake.run, { moduleFile, workDir: join(dir, name) }),
    live: async () => JSON.parse(await readFile(moduleFile, 'utf8')).id,
  };
}

describe('quire publish --remote', () => {
  it('uploads nothing when a search record does not read back (a damaged build cache)', async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'damaged');
    const release = await build(site('One', 'Two'));
    const [key, value] = [...release.entries].find(([k]) => k.startsWith('sd/')) ?? [];
    if (!key || !value) throw new Error('the release has no search record');
    // A kept text whose JSON was damaged on disk, spliced into its record as it is.
    const damaged = { ...release, entries: new Map([...release.entries, [key, value.replace(/"text":"/, '"text":"\\u')]]) };
    await expect(publish(damaged, target, { log: quiet })).rejects.toThrow(`a search record in ${key} does not read back`);
    // The namespace was listed, and nothing else was done.
    expect(fake.commands).toEqual([['kv', 'key', 'list', '--binding', 'CONTENT', '--remote']]);
  });

  it('lists the namespace, uploads what is missing, deploys, then records the release', async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'first');
    const release = await build(site('One'));
    const lines: string[] = [];
    await publish(release, target, { log: (l) => lines.push(l) });
    const put = (n: number) => ['kv', 'bulk', 'put', join(dir, 'first', `batch-${n}.json`), '--binding', 'CONTENT', '--remote'];
    expect(fake.commands).toEqual([
      ['kv', 'key', 'list', '--binding', 'CONTENT', '--remote'],
      ['kv', 'key', 'get', HISTORY_KEY, '--text', '--binding', 'CONTENT', '--remote'],
      put(1), // the release's entries
      put(2), // the history: this release pending
      ['deploy', '--message', `Quire release ${release.root.id}`],
      put(3), // the history: this release live
    ]);
    expect(JSON.parse(fake.kv.get(HISTORY_KEY) ?? '')).toMatchObject({
      live: release.root.id,
      releases: [{ id: release.root.id }],
    });
    expect(await live()).toBe(release.root.id);
    // The release's entries and, beside them, its body rendered and the site feed's window kept;
    // the body's markdown only named (in the manifest), never uploaded: the worker reads the render.
    const { entries } = await withRenders(release);
    const beside = [...entries.keys()].filter((k) => !release.entries.has(k));
    expect(beside.map((k) => k.split('/')[0]).sort()).toEqual(['feed', 'html']);
    const sources = [...entries.keys()].filter(isSourceKey);
    expect(sources.map((k) => k.split('/')[0])).toEqual(['md']);
    expect(JSON.parse(fake.kv.get(`manifest/${release.root.id}`) ?? '')).toContain(sources[0]);
    for (const key of entries.keys()) expect(fake.kv.has(key), key).toBe(!isSourceKey(key));
    expect(lines.at(-1)).toMatch(
      new RegExp(`^release ${release.root.id} on Cloudflare .* is live: ${entries.size - 1} new entries \\(.* MiB\\), 0 reused$`),
    );
  });

  it('does nothing on --dry-run but say what it would do', async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'dry');
    const lines: string[] = [];
    const result = await publish(await build(site('One')), target, { dryRun: true, log: (l) => lines.push(l) });
    expect(fake.commands.map((c) => c.slice(0, 3).join(' '))).toEqual(['kv key list', 'kv key get']);
    expect(fake.kv.size).toBe(0);
    const release = await build(site('One'));
    expect(lines).toEqual([
      `dry run: ${result.added} new entries (${lines[0].match(/\(([\d.]+ MiB)\)/)?.[1]}) in 1 batch, 0 reused, 1 to render, to Cloudflare (remote KV, wrangler deploy):`,
      '  wrangler kv key list --binding CONTENT --remote',
      `  wrangler kv bulk put ${join(dir, 'dry', 'batch-1.json')} --binding CONTENT --remote`,
      `  write ${join(dir, 'dry.json')} (release ${release.root.id})`,
      `  wrangler deploy --message "Quire release ${release.root.id}"`,
      '  wrangler kv bulk put <history> --binding CONTENT --remote (quire/releases)',
      'Nothing was changed.',
    ]);
  });

  it('survives an interruption: the old release stays live, the rerun uploads only the rest', { timeout: 60_000 }, async () => {
    const fake = fakeWrangler({ failOnPut: 5 }); // the small publish makes 3 puts; the big one fails on its second batch
    const { target, live } = remote(fake, 'interrupted');
    const small = await build(site('Before'));
    await publish(small, target, { log: quiet });
    const big = await build(generatedSite(1500));
    await expect(publish(big, target, { log: quiet })).rejects.toThrow('network went away');
    expect(await live()).toBe(small.root.id);
    expect(fake.deployed).toHaveLength(1);
    const { added, reused } = await publish(big, target, { log: quiet });
    expect(await live()).toBe(big.root.id);
    // What a publish uploads: every entry but the markdown.
    const uploaded = async (release: Release) => [...(await withRenders(release)).entries.keys()].filter((k) => !isSourceKey(k));
    const [smallAll, bigAll] = [await uploaded(small), await uploaded(big)];
    expect(added + reused).toBe(bigAll.length);
    // Nothing uploaded twice: each content key went up exactly once over both attempts.
    const content = fake.putKeys.filter((k) => k !== HISTORY_KEY);
    expect(new Set(content).size).toBe(content.length);
    expect(new Set(content)).toEqual(new Set([...smallAll, ...bigAll]));
  });

  it('uploads at most 25 keys for one new article in a 10,000-article site, and none when nothing changed', {
    timeout: 120_000,
  }, async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'big');
    const big = generatedSite(10_000);
    const first = await build(big);
    await publish(first, target, { log: quiet });
    // Article 10,000 of the generator: tagged and worded like hundreds of others, it ties with
    // them and wins on nearness in date, so it enters some related lists (the worst case for keys).
    const more = generatedSite(10_001);
    const before = fake.putKeys.length;
    const next = await build(more);
    const { added } = await publish(next, target, { log: quiet });
    expect(added).toBeLessThanOrEqual(25);
    // Related reading: only the lists the new article enters change, and only a few.
    const relatedOf = (release: typeof first) =>
      new Map(
        leafKeys(release.root.names, (k) => release.entries.get(k))
          .flatMap((key) =>
            Object.entries(JSON.parse(release.entries.get(key) ?? '{}') as Record<string, { related?: { slug: string }[] }>),
          )
          .map(([name, entry]) => [name, JSON.stringify(entry.related?.map((r) => r.slug))]),
      );
    const [old, now] = [relatedOf(first), relatedOf(next)];
    const changed = [...old].filter(([name, list]) => now.get(name) !== list).map(([name]) => name);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(5);
    for (const name of changed) expect(now.get(name), name).toContain('"article-10000"');
    expect(fake.putKeys.length - before).toBe(added + 2); // and the history, pending then live
    const again = await publish(await build(more), target, { log: quiet });
    expect(again.added).toBe(0);
    expect(fake.putKeys.length - before).toBe(added + 2);
  });

  it("keeps the site feed's window even when the publish writes more than --max-writes", async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'over-budget');
    const release = await build(site('Big'));
    await publish(release, target, { maxWrites: 1, log: quiet });
    const windows = fake.putKeys.filter((k) => k.startsWith('feed/'));
    expect(windows).toHaveLength(1);
    expect(JSON.parse(fake.kv.get(`manifest/${release.root.id}`) ?? '[]')).toContain(windows[0]);
  });

  it('uploads nothing when the content has not changed', async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'unchanged');
    await publish(await build(site('Same')), target, { log: quiet });
    const before = fake.commands.length;
    const { added } = await publish(await build(site('Same')), target, { log: quiet });
    expect(added).toBe(0);
    // No upload and no history write; the deploy still runs, as it also carries code changes.
    expect(fake.commands.slice(before).map((c) => c.slice(0, 3).join(' '))).toEqual([
      'kv key list',
      'kv key get',
      `deploy --message Quire release ${(await build(site('Same'))).root.id}`,
    ]);
  });

  it('rolls back without uploading, and prune keeps everything a kept release needs', async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'history');
    const [a, b, c] = [await build(site('A')), await build(site('A', 'B')), await build(site('A', 'B', 'C'))];
    for (const release of [a, b, c]) await publish(release, target, { log: quiet });
    const lines: string[] = [];
    await listReleases(target, (l) => lines.push(l));
    expect(lines.map((l) => l.slice(2, 22))).toEqual([c.root.id, b.root.id, a.root.id]);
    expect(lines[0]).toMatch(/^\* .*\(live\)$/);

    const puts = fake.commands.filter((cmd) => cmd[1] === 'bulk').length;
    expect(await rollback(target, undefined, quiet)).toBe(b.root.id);
    expect(await live()).toBe(b.root.id);
    expect(fake.commands.filter((cmd) => cmd[1] === 'bulk').length).toBe(puts + 2); // the history only: pending, then live
    expect(JSON.parse(fake.kv.get(HISTORY_KEY) ?? '').live).toBe(b.root.id);

    // Rendered bodies written back by the worker: one for a kept body, one for a body only A had.
    const keptBody = [...c.entries.keys()].find((k) => k.startsWith('md/') && b.entries.has(k)) ?? '';
    const onlyA = [...a.entries.keys()].find((k) => k.startsWith('md/') && !b.entries.has(k) && !c.entries.has(k));
    fake.kv.set(`html/r1s/${keptBody.slice(3)}`, '{}');
    if (onlyA) fake.kv.set(`html/r1s/${onlyA.slice(3)}`, '{}');
    // Markdown an older Quire uploaded, of a body a kept release still has: nothing reads it.
    fake.kv.set(keptBody, 'legacy markdown');
    const deleted = await prune(target, 1, { log: quiet });
    expect(deleted).toContain(keptBody);
    for (const kept of [b, c]) for (const key of kept.entries.keys()) expect(fake.kv.has(key), key).toBe(!isSourceKey(key));
    expect(fake.kv.has(`html/r1s/${keptBody.slice(3)}`)).toBe(true);
    expect(deleted).toContain(`release/${a.root.id}`);
    expect(fake.kv.has(`manifest/${a.root.id}`)).toBe(false);
    expect(await rollback(target, c.root.id.slice(0, 8), quiet)).toBe(c.root.id);
    await expect(rollback(target, a.root.id, quiet)).rejects.toThrow(`no release ${a.root.id} in the history`);
  });

  it("prune's dry run lists what it would delete by release and kind, and deletes nothing", async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'dry-prune');
    const edited = (body: string) => contentFiles({ articles: [articleFile({ slug: 'one', body })] });
    const [a, b] = [await build(edited('First draft.')), await build(edited('Second draft.'))];
    for (const release of [a, b]) await publish(release, target, { log: quiet });
    const bodyOfA = [...a.entries.keys()].find((k) => k.startsWith('md/') && !b.entries.has(k)) ?? '';
    fake.kv.set(`html/r1s/${bodyOfA.slice(3)}`, '{}');
    fake.kv.set('feed/r1s/window', '{}');
    const before = new Map(fake.kv);
    const lines: string[] = [];
    const doomed = await prune(target, 1, { dryRun: true, log: (l) => lines.push(l) });
    expect(new Map(fake.kv)).toEqual(before);
    const onlyA = [...(await withRenders(a)).entries.keys()].filter(
      (k) => !b.entries.has(k) && !k.startsWith('html/') && !isSourceKey(k),
    );
    // A's body goes with both its renders: the one publish made and an older one.
    const rendersOfA = [`html/r1s/${bodyOfA.slice(3)}`, `html/${rendererId(a.root.site)}/${bodyOfA.slice(3)}`];
    expect(doomed.sort()).toEqual([...onlyA, ...rendersOfA, 'feed/r1s/window'].sort());
    const { published } = JSON.parse(fake.kv.get(HISTORY_KEY) ?? '').releases[1];
    expect(lines[0]).toBe(`dry run: would delete ${doomed.length} keys; keeping releases ${b.root.id}`);
    expect(lines.filter((l) => !l.startsWith('    '))).toEqual([
      lines[0],
      `  release ${a.root.id} (published ${published}, 1 article): ${onlyA.length + 2} keys`,
      '  no release: 1 key',
      `  in all: ${doomed.length} keys`,
    ]);
    expect(lines).toContain('     2  html/     rendered bodies (kept)');
    expect(lines).toContain('     1  feed/     feed windows (kept)');
  });

  it('refuses to prune without a history, and protects a release whose switch was cut short', async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'guarded');
    await expect(prune(target, 1, { log: quiet })).rejects.toThrow('no history of a live release; nothing was deleted');
    const [a, b] = [await build(site('A')), await build(site('A', 'B'))];
    await publish(a, target, { log: quiet });
    // B is uploaded and deployed, but the publish dies before the history says B is live.
    const dying = { ...target, activate: async () => Promise.reject(new Error('killed after deploy')) };
    await expect(publish(b, dying, { log: quiet })).rejects.toThrow('killed');
    expect(JSON.parse(fake.kv.get(HISTORY_KEY) ?? '')).toMatchObject({ live: a.root.id, pending: b.root.id });
    await prune(target, 1, { log: quiet });
    for (const release of [a, b]) for (const key of release.entries.keys()) expect(fake.kv.has(key), key).toBe(!isSourceKey(key));
  });
});

describe('quire publish, a first publish of many bodies', () => {
  // 1,500 bodies: rendered on two threads (rendersOnThreads), as a large site's first publish is.
  const many = () => build(generatedSite(1500));
  // Rendering that ends only once an entry has gone up: proof that the upload did not wait for it.
  const afterFirstPut = (fake: ReturnType<typeof fakeWrangler>, then: typeof renderBodiesOnCores) =>
    (async (bodies, site, options) => {
      await vi.waitFor(() => expect(fake.putKeys.length).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
      return then(bodies, site, options);
    }) satisfies typeof renderBodiesOnCores;

  /** A promise and what settles it. */
  const signal = () => {
    let fire = () => {};
    const fired = new Promise<void>((resolve) => {
      fire = resolve;
    });
    return { fire, fired };
  };
  /** The keys the build made that go up beside rendering: all but markdown and the release's root and manifest. */
  const builtKeys = ({ entries, root: { id } }: Release) =>
    [...entries.keys()].filter((k) => !isSourceKey(k) && k !== releaseKey(id) && k !== manifestKey(id));
  /** What rendering makes of a release's bodies: their HTML and the series' chapters. */
  const renderKeys = async (release: Release) =>
    [...(await withRenders(release)).entries.keys()].filter((k) => k.startsWith('html/') || k.startsWith('chapter/'));

  it("uploads the build's entries while the bodies render, then the renders as they are made, then the root", {
    timeout: 60_000,
  }, async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'meanwhile');
    const release = await many();
    const lines: string[] = [];
    await publish(release, target, { log: (l) => lines.push(l), render: afterFirstPut(fake, renderBodiesOnCores) });
    expect(await live()).toBe(release.root.id);
    const built = builtKeys(release);
    // Everything went up once: first the build's entries, all of them, then what rendering made.
    const content = fake.putKeys.filter((k) => k !== HISTORY_KEY);
    expect(new Set(content).size).toBe(content.length);
    const all = [...(await withRenders(release)).entries.keys()].filter((k) => !isSourceKey(k));
    expect(new Set(content)).toEqual(new Set(all));
    expect(new Set(content.slice(0, built.length))).toEqual(new Set(built));
    // Every render went up right after the build's entries, by the upload beside rendering, as it was made.
    const renders = await renderKeys(release);
    expect(renders.length).toBeGreaterThan(1500);
    expect(new Set(content.slice(built.length, built.length + renders.length))).toEqual(new Set(renders));
    expect(lines).toContain(`uploaded ${built.length + renders.length} entries alongside rendering (the build's, then renders)`);
    expect(lines.at(-1)).toMatch(new RegExp(`is live: ${all.length} new entries \\(.* MiB\\), 0 reused$`));
  });

  it('renders without waiting for the records uploaded ahead, and uploads the rest after them', { timeout: 60_000 }, async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'after-ahead');
    const release = await many();
    const records = [...release.entries].filter(([k]) => k.startsWith('sd/'));
    const started = signal();
    // The records go up only once rendering has begun: a publish that waited for them would never render.
    const ahead = {
      settle: async () => {
        await started.fired;
        await target.put(records);
        return new Set(records.map(([k]) => k));
      },
      stop: async () => {},
    };
    const lines: string[] = [];
    const render: typeof renderBodiesOnCores = (bodies, site, options) => {
      started.fire();
      return renderBodiesOnCores(bodies, site, options);
    };
    await publish(release, target, { log: (l) => lines.push(l), ahead, render });
    expect(await live()).toBe(release.root.id);
    const built = builtKeys(release);
    const content = fake.putKeys.filter((k) => k !== HISTORY_KEY);
    expect(new Set(content).size).toBe(content.length);
    expect(new Set(content.slice(0, records.length))).toEqual(new Set(records.map(([k]) => k)));
    expect(new Set(content.slice(0, built.length))).toEqual(new Set(built));
    expect(lines).toContain(`uploaded ${records.length} search records while the index was built`);
    const renders = await renderKeys(release);
    expect(lines).toContain(
      `uploaded ${built.length - records.length + renders.length} entries alongside rendering (the build's, then renders)`,
    );
  });

  it('stops the records still going up ahead when rendering fails, rather than wait for them', { timeout: 60_000 }, async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'render-fails-early');
    const release = await many();
    // Records that would take as long as they like, until they are told to stop.
    const stopped = signal();
    const ahead = {
      settle: async () => {
        await stopped.fired;
        return new Set<string>();
      },
      stop: async () => stopped.fire(),
    };
    const render = async () => {
      throw new Error('the renderer broke');
    };
    await expect(publish(release, target, { log: quiet, ahead, render })).rejects.toThrow('the renderer broke');
    // Nothing was switched: no deployment, no history.
    expect(fake.deployed).toHaveLength(0);
    expect(fake.kv.has(HISTORY_KEY)).toBe(false);
  });

  it('leaves the live site as it was when rendering fails, and the rerun uploads only the rest', {
    timeout: 60_000,
  }, async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'render-fails');
    const before = await build(site('Before'));
    await publish(before, target, { log: quiet });
    const release = await many();
    const broken = afterFirstPut(fake, async () => {
      throw new Error('the renderer broke');
    });
    const putsBefore = fake.putKeys.length;
    await expect(publish(release, target, { log: quiet, render: broken })).rejects.toThrow('the renderer broke');
    expect(fake.putKeys.length).toBeGreaterThan(putsBefore);
    expect(fake.putKeys.slice(putsBefore).some((k) => k.startsWith('html/') || k === releaseKey(release.root.id))).toBe(false);
    expect(await live()).toBe(before.root.id);
    expect(fake.deployed).toHaveLength(1);
    await publish(release, target, { log: quiet });
    expect(await live()).toBe(release.root.id);
    const content = fake.putKeys.filter((k) => k !== HISTORY_KEY);
    expect(new Set(content).size).toBe(content.length);
  });
});
