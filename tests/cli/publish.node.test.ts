import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listReleases, prune, publish, rollback } from '../../src/cli/publish';
import { remoteTarget } from '../../src/cli/targets';
import { HISTORY_KEY, manifestKey } from '../../src/content/keys';
import { type ContentFiles, loadSite } from '../../src/content/model';
import { buildRelease } from '../../src/content/release';
import { fakeWrangler } from '../support/fake-wrangler';
import { articleFile, contentFiles, generatedSite } from '../support/fixtures';

const dir = await mkdtemp(join(tmpdir(), 'quire-publish-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function build(files: ContentFiles) {
  const loaded = loadSite(files);
  if (!loaded.ok) throw new Error('bad fixture');
  return buildRelease(loaded.site);
}

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
  it('lists the namespace, uploads what is missing, deploys, then records the release', async () => {
    const fake = fakeWrangler();
    const { target, live } = remote(fake, 'first');
    const release = await build(site('One'));
    const lines: string[] = [];
    await publish(release, target, { log: (l) => lines.push(l) });
    const batch = join(dir, 'first', 'batch-1.json');
    expect(fake.commands).toEqual([
      ['kv', 'key', 'list', '--binding', 'CONTENT', '--remote'],
      ['kv', 'key', 'get', HISTORY_KEY, '--text', '--binding', 'CONTENT', '--remote'],
      ['kv', 'bulk', 'put', batch, '--binding', 'CONTENT', '--remote'],
      ['deploy', '--message', `Quire release ${release.root.id}`],
      ['kv', 'bulk', 'put', join(dir, 'first', 'batch-2.json'), '--binding', 'CONTENT', '--remote'],
    ]);
    expect(JSON.parse(fake.kv.get(HISTORY_KEY) ?? '')).toMatchObject({
      live: release.root.id,
      releases: [{ id: release.root.id }],
    });
    expect(await live()).toBe(release.root.id);
    for (const key of release.entries.keys()) expect(fake.kv.has(key), key).toBe(true);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^release ${release.root.id} is live on .*: ${release.entries.size} new entries \\(.* MiB\\), 0 reused$`),
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
      `dry run: ${result.added} new entries (${lines[0].match(/\(([\d.]+ MiB)\)/)?.[1]}) in 1 batch, 0 reused, to Cloudflare (remote KV, wrangler deploy):`,
      '  wrangler kv key list --binding CONTENT --remote',
      `  wrangler kv bulk put ${join(dir, 'dry', 'batch-1.json')} --binding CONTENT --remote`,
      `  write ${join(dir, 'dry.json')} (release ${release.root.id})`,
      `  wrangler deploy --message "Quire release ${release.root.id}"`,
      '  wrangler kv bulk put <history> --binding CONTENT --remote (quire/releases)',
      'Nothing was changed.',
    ]);
  });

  it('survives an interruption: the old release stays live, the rerun uploads only the rest', { timeout: 60_000 }, async () => {
    const fake = fakeWrangler({ failOnPut: 3 });
    const { target, live } = remote(fake, 'interrupted');
    const small = await build(site('Before'));
    await publish(small, target, { log: quiet });
    const big = await build(generatedSite(1500));
    await expect(publish(big, target, { log: quiet })).rejects.toThrow('network went away');
    expect(await live()).toBe(small.root.id);
    expect(fake.deployed).toHaveLength(1);
    const { added, reused } = await publish(big, target, { log: quiet });
    expect(await live()).toBe(big.root.id);
    expect(added + reused).toBe(big.entries.size);
    // Nothing uploaded twice: each content key went up exactly once over both attempts.
    const content = fake.putKeys.filter((k) => k !== HISTORY_KEY);
    expect(new Set(content).size).toBe(content.length);
    expect(new Set(content)).toEqual(new Set([...small.entries.keys(), ...big.entries.keys()]));
  });

  it('uploads at most 25 keys for one new article in a 10,000-article site, and none when nothing changed', {
    timeout: 120_000,
  }, async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'big');
    const big = generatedSite(10_000);
    await publish(await build(big), target, { log: quiet });
    const more = {
      ...big,
      articles: [...big.articles, articleFile({ slug: 'one-more', date: '2026-11-01', tags: ['history', 'law'] })],
    };
    const before = fake.putKeys.length;
    const { added } = await publish(await build(more), target, { log: quiet });
    expect(added).toBeLessThanOrEqual(25);
    expect(fake.putKeys.length - before).toBe(added + 1); // and the history
    const again = await publish(await build(more), target, { log: quiet });
    expect(again.added).toBe(0);
    expect(fake.putKeys.length - before).toBe(added + 1);
  });

  it('uploads nothing when the content has not changed', async () => {
    const fake = fakeWrangler();
    const { target } = remote(fake, 'unchanged');
    await publish(await build(site('Same')), target, { log: quiet });
    const before = fake.commands.length;
    const { added } = await publish(await build(site('Same')), target, { log: quiet });
    expect(added).toBe(0);
    // Only looked: no upload, no deploy, no history write.
    expect(fake.commands.slice(before).map((c) => c.slice(0, 3).join(' '))).toEqual(['kv key list', 'kv key get']);
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
    expect(fake.commands.filter((cmd) => cmd[1] === 'bulk').length).toBe(puts + 1); // the history only
    expect(JSON.parse(fake.kv.get(HISTORY_KEY) ?? '').live).toBe(b.root.id);

    const deleted = await prune(target, 1, { log: quiet });
    for (const kept of [b, c]) {
      for (const key of JSON.parse(fake.kv.get(manifestKey(kept.root.id)) ?? '[]')) expect(fake.kv.has(key), key).toBe(true);
    }
    expect(deleted).toContain(`release/${a.root.id}`);
    expect(fake.kv.has(`manifest/${a.root.id}`)).toBe(false);
    expect(await rollback(target, c.root.id.slice(0, 8), quiet)).toBe(c.root.id);
    await expect(rollback(target, a.root.id, quiet)).rejects.toThrow(`no release ${a.root.id} in the history`);
  });
});
