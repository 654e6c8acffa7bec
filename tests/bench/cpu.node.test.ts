import { describe, expect, it } from 'vitest';
import { cpuPerPage, memoryKV } from '../../bench/cpu';
import { benchSite, LONG_ESSAY } from '../../bench/site';
import { withRenders } from '../../src/cli/prerender';
import { isSourceKey } from '../../src/content/keys';
import { compile } from '../support/compile';

const site = async (count: number, paths: string[]) => {
  const release = await withRenders(await compile(benchSite(count)));
  // What a publish uploads: markdown stays out of KV.
  return { root: release.root, kv: memoryKV(new Map([...release.entries].filter(([key]) => !isSourceKey(key)))), paths };
};

describe('the in-process CPU figures', () => {
  it('give each site one timing a path, in its order, a path asked twice timed twice', async () => {
    const small = await site(10, ['/', '/', `/articles/${LONG_ESSAY}`]);
    const big = await site(60, ['/', '/page/2', `/articles/${LONG_ESSAY}`]);
    const timed = await cpuPerPage([small, big], 4, ['miss', 'floor']);
    expect(timed.map((pages) => pages.length)).toEqual([3, 3]);
    for (const timing of timed.flat()) {
      expect(Object.keys(timing).sort()).toEqual(['floor', 'miss']);
      expect(timing.miss?.runs).toBe(4);
      expect(timing.miss?.p50Ms).toBeGreaterThan(0);
    }
  });

  it('refuse sites timed on different numbers of pages', async () => {
    const [a, b] = [await site(10, ['/']), await site(10, ['/', '/feed.xml'])];
    await expect(cpuPerPage([a, b], 1, ['miss'])).rejects.toThrow('every site is timed on as many pages');
  });

  it('fail on a page that does not answer 200', async () => {
    await expect(cpuPerPage([await site(10, ['/page/9'])], 1, ['miss'])).rejects.toThrow('/page/9 answered 404');
  });
});
