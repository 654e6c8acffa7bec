import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNameIndex, findIn, nameHash, parseTable } from '../../src/content/name-index';
import type { Release } from '../../src/content/release';
import { releaseStore } from '../../src/store/release-store';
import { syntheticEntry, syntheticIndex } from '../support/entries';
import { featureSite } from '../support/fixtures';
import { countingKV, publish } from '../support/worker';

const COUNT = 3000;
let release: Release;

beforeAll(async () => {
  release = await publish(featureSite('name-index'));
});

const kinds = (reads: string[]) => reads.map((key) => key.split('/')[0]);

describe('the name index in the store', () => {
  it('finds an entry of a small site with one read of its one leaf, parsed once per isolate and binding', async () => {
    expect('leaves' in release.root.names && parseTable(release.root.names.leaves).ids).toHaveLength(1);
    const kv = countingKV();
    const store = releaseStore(kv.binding, release.root, { renderers: ['test'] });
    const essay = await store.entry('article', 'essay');
    expect(essay?.title).toBe('Essay name-index');
    expect(await store.entry('article', 'no-such-essay')).toBeNull();
    // The leaf's key is the hash of its content: the next request's store reads it no more.
    const next = releaseStore(kv.binding, release.root, { renderers: ['test'] });
    expect(await next.entry('article', 'essay')).toBe(essay);
    expect(kinds(kv.reads)).toEqual(['shard']);
    // Another binding (another namespace, or a fresh isolate's) reads the leaf itself.
    const other = countingKV();
    expect(await releaseStore(other.binding, release.root, { renderers: ['test'] }).entry('article', 'essay')).toEqual(essay);
    expect(kinds(other.reads)).toEqual(['shard']);
    // Shared by every request, so no code may change it.
    if (!essay) throw new Error('the essay is missing');
    expect(Object.isFrozen(essay)).toBe(true);
    expect(() => (essay.tags as string[]).push('x')).toThrow(TypeError);
  });

  describe('with its directory in pages', () => {
    // Small leaves and tables, so that a few thousand entries need pages as a million would.
    const shape = { leafTarget: 4096, tableLeaves: 16 };
    let root: Release['root'];
    beforeAll(async () => {
      const values = new Map<string, string>();
      const names = await buildNameIndex(syntheticIndex(COUNT), (key, value) => values.set(key, value), shape);
      await Promise.all([...values].map(([key, value]) => env.CONTENT.put(key, value)));
      root = { ...release.root, names };
    }, 60_000);

    it('reads the page, then the leaf; a name in a page already read costs the leaf alone', async () => {
      expect('pages' in root.names).toBe(true);
      const kv = countingKV();
      const store = releaseStore(kv.binding, root, { renderers: ['test'] });
      expect(await store.entry('article', 'essay-17')).toEqual(syntheticEntry(17));
      expect(kinds(kv.reads)).toEqual(['names', 'shard']);
      // Another name of the same page.
      const pages = parseTable('pages' in root.names ? root.names.pages : '');
      const page = (name: string) => findIn(pages, nameHash(name));
      const sibling = [...syntheticIndex(COUNT).keys()].find(
        (n) => n !== 'article:essay-17' && page(n) === page('article:essay-17'),
      );
      const before = kv.reads.length;
      expect(await store.entry('article', (sibling ?? '').slice('article:'.length))).not.toBeNull();
      expect(kinds(kv.reads.slice(before))).toEqual(['shard']);
    });

    it('finds names all over the hash space, and null for names it does not hold', async () => {
      const store = releaseStore(env.CONTENT, root, { renderers: ['test'] });
      for (let i = 0; i < COUNT; i += 97) expect((await store.entry('article', `essay-${i}`))?.slug).toBe(`essay-${i}`);
      for (const slug of [`essay-${COUNT}`, 'essay', 'x']) expect(await store.entry('article', slug)).toBeNull();
      expect(await store.entry('series', 'essay-1')).toBeNull();
    });
  });
});
