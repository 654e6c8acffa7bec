import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withRenders } from '../../src/cli/prerender';
import { prune } from '../../src/cli/prune';
import { publish, rollback } from '../../src/cli/publish';
import { localTarget, type Target } from '../../src/cli/targets';
import { uploadAhead } from '../../src/cli/upload';
import { HISTORY_KEY, isSourceKey } from '../../src/content/keys';
import { loadSite } from '../../src/content/model';
import { compileRelease } from '../../src/search/site';
import { compile } from '../support/compile';
import { articleFile, contentFiles, generatedSite } from '../support/fixtures';

const dir = await mkdtemp(join(tmpdir(), 'quire-local-'));
const persistTo = join(dir, 'state');
const moduleFile = join(dir, 'release.json');
const target = localTarget(persistTo, moduleFile);
afterAll(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

const quiet = () => {};
const live = async () => JSON.parse(await readFile(moduleFile, 'utf8')).id;

const build = (files = generatedSite(1500)) => compile(files);

/** The same target, but its second batch fails, as a killed upload would; `first` is how many the first put. */
function failingOnSecondBatch(inner: Target): Target & { first: number } {
  let batches = 0;
  const failing = {
    ...inner,
    first: 0,
    put: (entries: [string, string][]) => {
      if (++batches === 2) return Promise.reject(new Error('killed'));
      failing.first = entries.length;
      return inner.put(entries);
    },
  };
  return failing;
}

describe('quire publish --local (miniflare state, for real)', () => {
  it('switches only after every entry is in place; a rerun finishes the job', { timeout: 180_000 }, async () => {
    const previous = await build(contentFiles({ articles: [articleFile({ slug: 'earlier' })] }));
    await publish(previous, target, { log: quiet });
    const release = await build();
    const failing = failingOnSecondBatch(target);
    await expect(publish(release, failing, { log: quiet })).rejects.toThrow('killed');
    // The previous release is still the one served, and every key it needs is still there.
    expect(await live()).toBe(previous.root.id);
    // (Markdown is never uploaded: the worker reads only its renders.)
    for (const key of previous.entries.keys()) expect((await target.get(key)) !== null, key).toBe(!isSourceKey(key));
    const partial = await target.listKeys();
    expect(partial.size).toBeGreaterThan(previous.entries.size + 1);
    const { added } = await publish(release, target, { log: quiet });
    const { entries } = await withRenders(release); // the release and its bodies rendered
    const uploaded = [...entries.keys()].filter((k) => !isSourceKey(k));
    expect(added).toBe(uploaded.filter((k) => !partial.has(k)).length);
    expect(failing.first).toBeGreaterThan(0);
    expect(added).toBe(uploaded.length - failing.first); // the first batch went in, and is not put again
    expect(await live()).toBe(release.root.id);
    const stored = await target.listKeys();
    for (const key of entries.keys()) expect(stored.has(key), key).toBe(!isSourceKey(key));
    expect(await target.get(`release/${release.root.id}`)).toBe(release.entries.get(`release/${release.root.id}`));
  });

  it('rolls back and prunes in the local state too', { timeout: 180_000 }, async () => {
    const first = await build();
    const second = await build({
      ...generatedSite(1500),
      articles: [...generatedSite(1500).articles, articleFile({ slug: 'new', date: '2030-01-01' })],
    });
    const { added } = await publish(second, target, { log: quiet });
    expect(added).toBeLessThanOrEqual(12); // 11, and the new body rendered (its markdown is not uploaded)
    expect(await rollback(target, undefined, quiet)).toBe(first.root.id);
    expect(await live()).toBe(first.root.id);
    const deleted = await prune(target, 1, { log: quiet });
    // The newest (second) and the live one (first) are kept whole; only the small earlier site goes.
    expect(deleted.length).toBeGreaterThan(0);
    for (const key of deleted) expect(first.entries.has(key) || second.entries.has(key), key).toBe(false);
    const needed = [...(await withRenders(first)).entries.keys(), ...(await withRenders(second)).entries.keys()];
    for (const key of needed) expect((await target.get(key)) !== null, key).toBe(!isSourceKey(key));
    const unrelated = await build(contentFiles({ articles: [articleFile({ slug: 'solo' })] }));
    await publish(unrelated, target, { log: quiet });
    const gone = await prune(target, 1, { log: quiet });
    expect(gone.length).toBeGreaterThan(1000);
    expect(await target.get(`release/${first.root.id}`)).toBeNull();
    expect(await live()).toBe(unrelated.root.id);
  });
});

describe('quire publish --local, records uploaded ahead', () => {
  const own = localTarget(join(dir, 'ahead-state'), join(dir, 'ahead.json'));
  afterAll(() => own.close());

  it('takes the search records while the index is built, and uploads none of them twice', { timeout: 180_000 }, async () => {
    const files = generatedSite(1500, { body: (i) => `Paragraph ${i}, published with its records ahead.\n` });
    const loaded = loadSite(files);
    if (!loaded.ok) throw new Error('the generated site does not load');
    const puts: string[][] = [];
    const counting: Target = {
      ...own,
      put: (entries) => {
        puts.push(entries.map(([k]) => k));
        return own.put(entries);
      },
    };
    // As the CLI does: the listing starts once the content is valid, before anything is uploaded.
    const listing = own.listKeys();
    // Known only once the build is done, as a slow listing would be: the build has added the
    // segments to the map it handed over by then, and only the records may go up ahead.
    let built = () => {};
    const afterBuild = new Promise<void>((done) => {
      built = done;
    });
    const ahead = uploadAhead(
      counting,
      afterBuild.then(() => listing),
    );
    let offered: string[] = [];
    let encodedAfter = -1;
    const release = await compileRelease(loaded.site, {
      ahead: (entries) => {
        offered = [...entries.keys()];
        ahead.offer(entries);
      },
      encode: async (jobs) => {
        // The records are on their way (or up) before a segment is built.
        encodedAfter = offered.length;
        const { encodeSegmentJob } = await import('../../src/search/build');
        return jobs.map(encodeSegmentJob);
      },
    });
    built();
    // Every document's record, in packs, one a line.
    const lines = (keys: string[]) => keys.reduce((n, key) => n + (release.entries.get(key) ?? '').split('\n').length, 0);
    expect(encodedAfter).toBe(offered.length);
    expect(lines(offered)).toBeGreaterThan(1500);
    expect(offered.every((key) => key.startsWith('sd/'))).toBe(true);
    expect(offered.every((key) => release.entries.get(key) !== undefined)).toBe(true);
    const before = await listing;
    const { added } = await publish(release, counting, { log: quiet, existing: listing, ahead });
    const put = puts.flat().filter((key) => key !== HISTORY_KEY);
    // Every record went up once, ahead; publish counted them as its own and uploaded the rest.
    expect(new Set(put).size).toBe(put.length);
    const fresh = offered.filter((key) => !before.has(key));
    expect(lines(fresh)).toBeGreaterThan(1000);
    expect(put.slice(0, fresh.length).sort()).toEqual([...fresh].sort());
    // Only the records: what the build added to the map after handing it over went up with the rest.
    expect([...(await ahead.settle())].sort()).toEqual([...fresh].sort());
    const { entries } = await withRenders(release);
    const uploaded = [...entries.keys()].filter((k) => !isSourceKey(k) && !before.has(k));
    expect(added).toBe(uploaded.length);
    expect(put.length).toBe(uploaded.length);
    expect(puts.flat().length).toBe(uploaded.length + 2); // and the history, twice
    expect(JSON.parse(await readFile(join(dir, 'ahead.json'), 'utf8')).id).toBe(release.root.id);
  });
});
