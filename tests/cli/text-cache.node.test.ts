import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskBuildCache } from '../../src/cli/search-cache';
import { diskTextCache } from '../../src/cli/text-cache';
import { loadSite } from '../../src/content/model';
import type { ArticleText } from '../../src/search';
import type { TermWeights } from '../../src/search/related';
import { compileRelease } from '../../src/search/site';
import { generatedSite } from '../support/fixtures';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function cacheDir() {
  const dir = await mkdtemp(join(tmpdir(), 'quire-text-cache-'));
  dirs.push(dir);
  return dir;
}

const site = (count: number) => {
  const loaded = loadSite(
    generatedSite(count, { body: (i) => `## Part ${i}\n\nCanal number ${i}, "quoted" -- a dash.[^1]\n\n[^1]: A note.` }),
  );
  if (!loaded.ok) throw new Error('bad fixture');
  return loaded.site;
};

const pairs = (terms: TermWeights) => {
  const out: [string, number][] = [];
  terms.forEach((count, term) => {
    out.push([term, count]);
  });
  return out;
};

const text = (word: string): ArticleText => ({
  headings: [`On ${word}`],
  text: `All about ${word}.`,
  words: word.length,
  terms: new Map([
    [word, 7],
    ['about', 1],
  ]),
});

describe('the article text cache on disk', () => {
  it('keeps what a build set for the next build, terms and all', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    expect(first.get('a')).toBeUndefined();
    first.set('a', text('canal'));
    first.set('b', text('lock'));
    first.save();
    const second = diskTextCache(file);
    const kept = second.get('a');
    const { headings, text: plain, words, textJson, terms } = kept ?? text('nothing');
    // Read where they lie, in memory related reading's thread shares rather than copies.
    expect(terms.packed?.pairs.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect({ headings, plain, words, textJson, terms: pairs(terms) }).toEqual({
      headings: ['On canal'],
      plain: 'All about canal.',
      words: 5,
      // The text's JSON as kept, handed out as it is for search records.
      textJson: '"All about canal."',
      terms: [
        ['canal', 7],
        ['about', 1],
      ],
    });
    expect(second.get('c')).toBeUndefined();
  });

  it('hands back a text it keeps with its terms packed, numbered in the dictionary the file keeps', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const cache = diskTextCache(file);
    const canal = cache.keep('a', text('canal'));
    const lock = cache.keep('b', text('lock'));
    const { terms, ...rest } = canal;
    const { terms: _, ...made } = text('canal');
    expect(rest).toEqual(made);
    expect(pairs(terms)).toEqual([
      ['canal', 7],
      ['about', 1],
    ]);
    // One dictionary for every kept text: 'about' has one number in both.
    const [a, b] = [canal.terms.packed, lock.terms.packed];
    expect(a?.dict).toBe(b?.dict);
    expect([...(a?.pairs ?? [])]).toEqual([0, 7, 1, 1]);
    expect([...(b?.pairs ?? [])]).toEqual([2, 7, 1, 1]);
    expect(a?.dict).toEqual(['canal', 'about', 'lock']);
    // And kept as `set` keeps it.
    cache.save();
    expect(pairs(diskTextCache(file).get('b')?.terms ?? new Map())).toEqual([
      ['lock', 7],
      ['about', 1],
    ]);
  });

  it("renumbers term weights packed in another dictionary (a pool thread's) into its own", async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const cache = diskTextCache(file);
    cache.keep('a', text('lock'));
    // As a thread numbered them: 'canal' 0, 'about' 1, 'weir' 2 in its own dictionary.
    const dict = ['canal', 'about', 'weir'];
    const foreign = (pairs: number[]): TermWeights => ({
      forEach(fn) {
        for (let i = 0; i < pairs.length; i += 2) fn(pairs[i + 1], dict[pairs[i]]);
      },
      packed: { pairs: Uint32Array.from(pairs), dict },
    });
    const kept = cache.keep('b', { ...text('canal'), terms: foreign([0, 7, 1, 1]) });
    const again = cache.keep('c', { ...text('weir'), terms: foreign([2, 3, 1, 2]) });
    expect(pairs(kept.terms)).toEqual([
      ['canal', 7],
      ['about', 1],
    ]);
    expect(pairs(again.terms)).toEqual([
      ['weir', 3],
      ['about', 2],
    ]);
    // In the cache's dictionary, which 'lock' and 'about' entered first.
    expect(kept.terms.packed?.dict).toEqual(['lock', 'about', 'canal', 'weir']);
    expect([...(kept.terms.packed?.pairs ?? [])]).toEqual([2, 7, 1, 1]);
    expect([...(again.terms.packed?.pairs ?? [])]).toEqual([3, 3, 1, 2]);
    cache.save();
    expect(pairs(diskTextCache(file).get('c')?.terms ?? new Map())).toEqual([
      ['weir', 3],
      ['about', 2],
    ]);
  });

  it('reads the file ahead, off this thread, into shared memory: the same texts', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const empty = diskTextCache(file);
    await empty.readAhead(); // no file yet: an empty cache
    expect(empty.get('a')).toBeUndefined();
    empty.set('a', text('canal'));
    empty.save();
    const ahead = diskTextCache(file);
    await ahead.readAhead();
    const kept = ahead.get('a');
    expect(kept?.terms.packed?.pairs.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect({ headings: kept?.headings, text: kept?.text, words: kept?.words, terms: pairs(kept?.terms ?? new Map()) }).toEqual({
      headings: ['On canal'],
      text: 'All about canal.',
      words: 5,
      terms: [
        ['canal', 7],
        ['about', 1],
      ],
    });
  });

  it('forgets the texts a build no longer used when it saves', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    first.set('a', text('canal'));
    first.set('b', text('lock'));
    first.save();
    const second = diskTextCache(file);
    expect(second.get('b')).toBeDefined();
    second.save();
    const third = diskTextCache(file);
    expect(third.get('a')).toBeUndefined();
    expect(pairs(third.get('b')?.terms ?? new Map())).toEqual([
      ['lock', 7],
      ['about', 1],
    ]);
  });

  it('does not rewrite a file that holds exactly what the build used, and appends what a build added', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    first.set('a', text('canal'));
    first.save();
    // A rewrite renames a new file into place: another inode.
    const before = await stat(file);
    const second = diskTextCache(file);
    second.get('a');
    second.save();
    expect(await stat(file)).toMatchObject({ ino: before.ino, size: before.size, mtimeMs: before.mtimeMs });
    second.get('a');
    second.set('b', text('lock'));
    second.save();
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.size).toBeGreaterThan(before.size);
    // The appended text's new term and the first text's terms both read back.
    const third = diskTextCache(file);
    expect(pairs(third.get('b')?.terms ?? new Map())).toEqual([
      ['lock', 7],
      ['about', 1],
    ]);
    expect(pairs(third.get('a')?.terms ?? new Map())).toEqual([
      ['canal', 7],
      ['about', 1],
    ]);
  });

  it('keeps the whole chunks of a file whose last append was cut short, and appends in its place', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    first.set('a', text('canal'));
    first.save();
    const one = (await stat(file)).size;
    const second = diskTextCache(file);
    second.get('a');
    second.set('b', text('lock'));
    second.save();
    const whole = await readFile(file);
    await writeFile(file, whole.subarray(0, whole.length - 3));
    const third = diskTextCache(file);
    expect(third.get('a')?.text).toBe('All about canal.');
    expect(third.get('b')).toBeUndefined();
    third.set('c', text('weir'));
    third.save();
    const fourth = diskTextCache(file);
    expect(fourth.get('a')?.text).toBe('All about canal.');
    expect(pairs(fourth.get('c')?.terms ?? new Map())).toEqual([
      ['weir', 7],
      ['about', 1],
    ]);
    expect(fourth.get('b')).toBeUndefined();
    // The cut chunk was replaced, not kept before the new one: c's chunk is as long as b's was.
    expect((await stat(file)).size).toBe(whole.length);
    expect(one).toBeLessThan(whole.length);
  });

  it('treats a damaged or foreign file as empty', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    first.set('a', text('canal'));
    first.save();
    const whole = await readFile(file);
    await writeFile(file, whole.subarray(0, whole.length - 3));
    expect(diskTextCache(file).get('a')).toBeUndefined();
    await writeFile(file, 'not a cache at all');
    expect(diskTextCache(file).get('a')).toBeUndefined();
  });

  it('says which file to delete when a kept text turns out damaged as it is read', async () => {
    const file = join(await cacheDir(), 'texts.bin');
    const first = diskTextCache(file);
    first.set('a', text('canal'));
    first.save();
    const whole = await readFile(file);
    const at = whole.indexOf('"All about canal."');
    expect(at).toBeGreaterThan(0);
    // Bytes changed inside the text's quotes: found only when the text itself is read.
    whole.write('\\q', at + 5, 'latin1');
    await writeFile(file, whole);
    const kept = diskTextCache(file).get('a');
    expect(kept?.textJson).toBe('"All \\qout canal."');
    expect(() => kept?.text).toThrow(`${file} is damaged (a kept text does not parse); delete it and build again`);
  });

  it('gives the same release as a build without it: cold, warm, one article added, damaged', async () => {
    const dir = await cacheDir();
    const build = async (count: number) => {
      const cache = diskBuildCache(dir);
      const release = await compileRelease(site(count), { cache });
      cache.save();
      return release;
    };
    const [plain, plainMore] = [await compileRelease(site(60)), await compileRelease(site(61))];
    for (const [release, expected] of [
      [await build(60), plain],
      [await build(60), plain],
      [await build(61), plainMore],
    ] as const) {
      expect(release.root.id).toBe(expected.root.id);
      expect([...release.entries]).toEqual([...expected.entries]);
    }
    await writeFile(join(dir, 'texts.bin'), 'QTC1 damaged');
    expect((await build(60)).root.id).toBe(plain.root.id);
  });
});
