import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishLocal } from '../../src/cli/local';
import { runWrangler } from '../../src/cli/wrangler';
import { loadSite } from '../../src/content/model';
import { buildRelease } from '../../src/content/release';
import { articleFile, contentFiles } from '../support/fixtures';

const dir = await mkdtemp(join(tmpdir(), 'quire-local-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function release(marker: string) {
  const loaded = loadSite(contentFiles({ articles: [articleFile({ slug: 'a', title: marker })] }));
  if (!loaded.ok) throw new Error('bad fixture');
  return buildRelease(loaded.site);
}

describe('local publishing', () => {
  const target = { persistTo: join(dir, 'state'), moduleFile: join(dir, 'release.json') };

  it('leaves the live release untouched when an upload fails, and finishes on the next run', { timeout: 60_000 }, async () => {
    const first = await release('first');
    await publishLocal(first, target);
    const live = await readFile(target.moduleFile, 'utf8');
    expect(JSON.parse(live).id).toBe(first.root.id);

    const second = await release('second');
    const failing = async () => {
      throw new Error('wrangler was interrupted');
    };
    await expect(publishLocal(second, { ...target, run: failing })).rejects.toThrow('interrupted');
    expect(await readFile(target.moduleFile, 'utf8')).toBe(live);

    const calls: string[][] = [];
    const recording: typeof runWrangler = (args) => {
      calls.push(args);
      return runWrangler(args);
    };
    const { added } = await publishLocal(second, { ...target, run: recording });
    expect(JSON.parse(await readFile(target.moduleFile, 'utf8')).id).toBe(second.root.id);
    // Only what the first release did not already have: the body, shard, list, year and root.
    expect(added).toBe([...second.entries.keys()].filter((k) => !first.entries.has(k)).length);
    expect(calls).toEqual([
      [
        'kv',
        'bulk',
        'put',
        join(target.persistTo, 'quire-batch.json'),
        '--binding',
        'CONTENT',
        '--local',
        '--persist-to',
        target.persistTo,
      ],
    ]);
    const stored = await runWrangler([
      'kv',
      'key',
      'get',
      `release/${second.root.id}`,
      '--binding',
      'CONTENT',
      '--local',
      '--persist-to',
      target.persistTo,
    ]);
    expect(JSON.parse(stored).id).toBe(second.root.id);
  });

  it('uploads nothing when the content has not changed', async () => {
    const again = await release('second');
    const { added } = await publishLocal(again, { ...target, run: () => Promise.reject(new Error('no upload expected')) });
    expect(added).toBe(0);
    expect(existsSync(target.moduleFile)).toBe(true);
  });
});
