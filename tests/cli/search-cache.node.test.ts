import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

const site = (tags: string[] = []) => {
  const loaded = loadSite(generatedSite(70, { tags }));
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

  it("keeps the records' ids by what they are made from: the same release from kept ids, and new ids for changed records", async () => {
    const dir = await cacheDir();
    const file = join(dir, 'doc-ids.txt');
    const plain = await compileRelease(site());
    const first = diskBuildCache(dir);
    await compileRelease(site(), { cache: first });
    first.save();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[0]).toMatch(/^quire-doc-ids 1 \S{43}$/);
    expect(lines.length - 1).toBe(plain.root.search.docs); // one id a document: 70 articles, 2 series, a page
    const written = (await stat(file)).mtimeMs;

    const warm = diskBuildCache(dir);
    const again = await compileRelease(site(), { cache: warm });
    warm.save();
    expect((await stat(file)).mtimeMs).toBe(written); // nothing new: not written again
    expect(again.root.id).toBe(plain.root.id);
    expect([...again.entries]).toEqual([...plain.entries]);

    // The same texts with other tags: every record is new, named anew, and the file holds only those.
    const tagged = diskBuildCache(dir);
    const retagged = await compileRelease(site(['extra']), { cache: tagged });
    tagged.save();
    const plainRetagged = await compileRelease(site(['extra']));
    expect(retagged.root.id).toBe(plainRetagged.root.id);
    expect([...retagged.entries]).toEqual([...plainRetagged.entries]);
    expect((await readFile(file, 'utf8')).split('\n').length - 1).toBe(plain.root.search.docs);

    // A damaged file (one id changed, its digest line kept) is not read: the ids are made again.
    const text = await readFile(file, 'utf8');
    const at = text.lastIndexOf(' ') + 1;
    await writeFile(file, `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`);
    const damaged = await compileRelease(site(['extra']), { cache: diskBuildCache(dir) });
    expect([...damaged.entries]).toEqual([...plainRetagged.entries]);
  });
});
