import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_VALUE_LIMIT } from '../../src/content/limits';
import {
  buildNameIndex,
  findIn,
  LEAF_TARGET,
  leafKey,
  leafKeyOf,
  leafKeys,
  nameHash,
  OversizedEntries,
  pageKey,
  parseTable,
  type Shape,
  TABLE_LEAVES,
} from '../../src/content/name-index';
import type { Entry, NameDirectory } from '../../src/content/stored';
import { compile } from '../support/compile';
import { syntheticEntry, syntheticIndex } from '../support/entries';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';

interface Built {
  names: NameDirectory;
  values: Map<string, string>;
}

async function build(index: Map<string, Entry>, shape?: Shape): Promise<Built> {
  const values = new Map<string, string>();
  const names = await buildNameIndex(index, (key, value) => values.set(key, value), shape);
  return { names, values };
}

const tables = new Map<string, ReturnType<typeof parseTable>>();
// By text: a page's records fix where it starts, so one text is one table.
const tableOf = (text: string, start?: number, depth?: number) => {
  const table = tables.get(text) ?? parseTable(text, start, depth);
  tables.set(text, table);
  return table;
};

/** The key of the leaf a name resolves to, found as the store finds it (tables parsed once). */
function leafOf({ names, values }: Built, name: string): string {
  const hash = nameHash(name);
  if ('leaves' in names) {
    const table = tableOf(names.leaves);
    return leafKey(table.ids[findIn(table, hash)]);
  }
  const top = tableOf(names.pages);
  const at = findIn(top, hash);
  const page = tableOf(values.get(pageKey(top.ids[at])) ?? '', top.starts[at], top.depths[at]);
  return leafKey(page.ids[findIn(page, hash)]);
}

const bytes = (text: string) => Buffer.byteLength(text);
const leavesOf = (built: Built) => leafKeys(built.names, (key) => built.values.get(key));
const pagesOf = ({ values }: Built) => [...values.keys()].filter((key) => key.startsWith('names/'));

describe('the name index of a small site', () => {
  it('is one leaf named in a root of one record', async () => {
    const built = await build(syntheticIndex(10));
    expect('leaves' in built.names && built.names.leaves).toHaveLength(23);
    expect([...built.values.keys()]).toEqual(leavesOf(built));
    const leaf = JSON.parse(built.values.get(leavesOf(built)[0]) ?? '');
    expect(Object.keys(leaf).sort()).toEqual([...syntheticIndex(10).keys()].sort());
  });

  it('is one empty leaf for a site with no names', async () => {
    const built = await build(new Map());
    expect([...built.values.values()]).toEqual(['{}']);
  });

  it('does not depend on the order the entries come in', async () => {
    const index = syntheticIndex(5000);
    const first = await build(index);
    const reversed = await build(new Map([...index].reverse()));
    expect(reversed.names).toEqual(first.names);
    expect([...reversed.values].sort()).toEqual([...first.values].sort());
  });

  it('refuses an entry no leaf can hold, naming it and its size', async () => {
    const huge = { ...syntheticEntry(1), summary: 'x'.repeat(INDEX_VALUE_LIMIT) };
    const index = new Map([...syntheticIndex(3), ['article:huge', huge]]);
    const error = await build(index).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OversizedEntries);
    expect((error as OversizedEntries).sizes).toEqual([['article:huge', 2 + bytes(`"article:huge":${JSON.stringify(huge)}`)]]);
  });

  it('pages its directory by the same bits once it outgrows the table', async () => {
    const shape = { leafTarget: 4096, tableLeaves: 16 };
    const built = await build(syntheticIndex(3000), shape);
    expect('pages' in built.names).toBe(true);
    for (const key of pagesOf(built)) expect((built.values.get(key) ?? '').length / 23).toBeLessThanOrEqual(16);
    for (const name of syntheticIndex(3000).keys())
      expect(JSON.parse(built.values.get(leafOf(built, name)) ?? '{}')).toHaveProperty([name]);
  });

  it('changes at most two leaves and one page for each of many additions to a paged index', async () => {
    const shape = { leafTarget: 4096, tableLeaves: 16 };
    const before = await build(syntheticIndex(3000), shape);
    for (let added = 3000; added < 3020; added++) {
      const after = await build(new Map([...syntheticIndex(3000), [`article:essay-${added}`, syntheticEntry(added)]]), shape);
      const changed = [...after.values.keys()].filter((key) => !before.values.has(key));
      expect(changed.filter((key) => key.startsWith('shard/')).length, `essay-${added}`).toBeLessThanOrEqual(2);
      expect(
        changed.filter((key) => key.startsWith('names/')),
        `essay-${added}`,
      ).toHaveLength(1);
    }
  });
});

describe('a table', () => {
  it('must cover its part of the hash space exactly', () => {
    const id = 'A'.repeat(22);
    expect(parseTable(`1${id}1${id}`).starts).toEqual([0, 2 ** 31]);
    expect(() => parseTable(`1${id}`)).toThrow('does not cover');
    expect(() => parseTable(`1${id}2${id}`)).toThrow('does not cover');
    expect(() => parseTable(`0${id}`, 0, 1)).toThrow('under depth 1');
  });
});

describe('the name index of 200,000 entries', () => {
  const COUNT = 200_000;
  let big: Built;
  beforeAll(async () => {
    big = await build(syntheticIndex(COUNT));
  }, 120_000);

  it('keeps every leaf within the target, and every value within 64 KiB', () => {
    const leaves = leavesOf(big);
    expect(new Set(leaves).size).toBe(leaves.length);
    for (const key of leaves) {
      const value = big.values.get(key) ?? '';
      const entries = Object.keys(JSON.parse(value)).length;
      expect(entries === 1 || bytes(value) <= LEAF_TARGET, key).toBe(true);
    }
    expect('pages' in big.names).toBe(true);
    for (const key of pagesOf(big)) {
      expect((big.values.get(key) ?? '').length / 23).toBeLessThanOrEqual(TABLE_LEAVES);
      expect(bytes(big.values.get(key) ?? '')).toBeLessThanOrEqual(INDEX_VALUE_LIMIT);
    }
    expect(Math.max(...[...big.values.values()].map(bytes))).toBeLessThanOrEqual(INDEX_VALUE_LIMIT);
    expect(big.values.size).toBe(leaves.length + pagesOf(big).length);
  });

  it('finds every name in the leaf it resolves to, and no name it does not hold', () => {
    const parsed = new Map<string, Record<string, unknown>>();
    const leafFor = (name: string) => {
      const key = leafOf(big, name);
      const leaf = parsed.get(key) ?? (JSON.parse(big.values.get(key) ?? '') as Record<string, unknown>);
      parsed.set(key, leaf);
      return leaf;
    };
    let found = 0;
    for (let i = 0; i < COUNT; i++) if (Object.hasOwn(leafFor(`article:essay-${i}`), `article:essay-${i}`)) found++;
    expect(found).toBe(COUNT);
    for (const name of ['article:essay-200000', 'series:essay-1', 'tag:essay-1', 'alias:/essay-1', 'page:'])
      expect(Object.hasOwn(leafFor(name), name), name).toBe(false);
  });

  it('names the same leaf for a name through leafKeyOf, paged or not', async () => {
    const flat = await build(syntheticIndex(50));
    for (const [built, names] of [
      [big, Array.from({ length: 200 }, (_, i) => `article:essay-${i * 997}`)],
      [flat, [...syntheticIndex(50).keys()]],
    ] as const) {
      for (const name of names) {
        const leaf = leafKeyOf(built.names, name, (key) => built.values.get(key));
        expect(leaf).toBe(leafOf(built, name));
        expect(Object.hasOwn(JSON.parse(built.values.get(leaf) ?? '{}'), name), name).toBe(true);
      }
      // A name no entry has resolves to the leaf it would be in.
      expect(leafKeyOf(built.names, 'series:none-such', (key) => built.values.get(key))).toBe(leafOf(built, 'series:none-such'));
    }
  });

  it('changes at most two leaves and one page when one entry is added', async () => {
    for (const added of [COUNT]) {
      const more = await build(new Map([...syntheticIndex(COUNT), [`article:essay-${added}`, syntheticEntry(added)]]));
      const changed = [...more.values.keys()].filter((key) => !big.values.has(key));
      expect(changed.filter((key) => key.startsWith('shard/')).length, `essay-${added}`).toBeLessThanOrEqual(2);
      expect(
        changed.filter((key) => key.startsWith('names/')),
        `essay-${added}`,
      ).toHaveLength(1);
    }
  }, 120_000);
});

describe('an entry too large for the name index', () => {
  it('is a problem of the file that makes it, with the reason and the limit', async () => {
    // A series lists each part with its summary: 400 parts make its entry too large, while each
    // part's own entry (its series box: titles only) still fits.
    const parts = Array.from({ length: 400 }, (_, i) => articleFile({ slug: `part-${i + 1}`, series: 'long', part: i + 1 }));
    const files = contentFiles({ articles: parts, series: [seriesFile('long')] });
    await expect(compile(files)).rejects.toThrow(
      'content/series/long.md:2:8: its entry in the name index takes 93.5 KiB, over the 64.0 KiB one entry may take; it lists its 400 parts with their summaries: shorten them or split the series',
    );
  });
});
