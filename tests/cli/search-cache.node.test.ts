import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskBuildCache } from '../../src/cli/search-cache';
import { loadSite } from '../../src/content/model';
import { compileRelease } from '../../src/search/site';
import { generatedSite } from '../support/fixtures';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function cacheDir() {
  const dir = await mkdtemp(join(tmpdir(), 'quire-search-cache-'));
  dirs.push(dir);
  return dir;
}

const site = () => {
  const loaded = loadSite(generatedSite(70));
  if (!loaded.ok) throw new Error('bad fixture');
  return loaded.site;
};

describe('the search segment cache on disk', () => {
  it('gives the same release as a build without it, from a cold, a warm and a damaged cache', async () => {
    const dir = await cacheDir();
    const plain = await compileRelease(site());
    const cold = await compileRelease(site(), { cache: diskBuildCache(dir) });
    const files = await readdir(dir);
    expect(files.length).toBe(plain.root.search.segments.length);
    const warm = await compileRelease(site(), { cache: diskBuildCache(dir) });
    for (const file of files) await writeFile(join(dir, file), '{"table": 3}');
    const damaged = await compileRelease(site(), { cache: diskBuildCache(dir) });
    for (const release of [cold, warm, damaged]) {
      expect(release.root.id).toBe(plain.root.id);
      expect([...release.entries]).toEqual([...plain.entries]);
    }
  });
});
