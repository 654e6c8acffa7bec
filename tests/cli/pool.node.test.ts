import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { essay } from '../../bench/site';
import { mapParallel } from '../../src/cli/pool';
import { planRenders, renderBodies } from '../../src/cli/prerender';
import { renderAll, renderBodiesOnCores } from '../../src/cli/render-pool';
import { renderMarkdown } from '../../src/render/markdown';
import { compile } from '../support/compile';
import { generatedSite } from '../support/fixtures';

const JOBS = new URL('../support/pool-jobs.ts', import.meta.url);
const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('mapParallel', () => {
  it('maps on two threads, results in the order of the items', async () => {
    const out = await mapParallel<number, { n: number; square: number; thread: number }>(numbers(1000), JOBS, 'square', {
      threads: 2,
      minPerThread: 10,
    });
    expect(out.map((r) => r.n)).toEqual(numbers(1000));
    expect(out.every((r) => r.square === r.n * r.n)).toBe(true);
    const threads = new Set(out.map((r) => r.thread));
    expect(threads.has(threadId)).toBe(false);
    expect(threads.size).toBe(2);
  });

  it('maps in this thread when there are too few items to share', async () => {
    const out = await mapParallel<number, { thread: number }>(numbers(30), JOBS, 'square', { threads: 2, minPerThread: 20 });
    expect(new Set(out.map((r) => r.thread))).toEqual(new Set([threadId]));
  });

  it('maps on one thread of its own when asked (offThread), handing over each batch as it comes back', async () => {
    const batches: [number, number][] = [];
    const out = await mapParallel<number, { n: number; thread: number }>(numbers(100), JOBS, 'square', {
      threads: 1,
      offThread: true,
      onResults: (results, start) => batches.push([start, results.length]),
    });
    const [thread, ...others] = new Set(out.map((r) => r.thread));
    expect(others).toEqual([]);
    expect(thread).not.toBe(threadId);
    // Every item in exactly one batch, handed over before the map ended.
    const covered = batches.flatMap(([start, length]) => numbers(length).map((i) => start + i)).sort((x, y) => x - y);
    expect(covered).toEqual(numbers(100));
    expect(batches.length).toBeGreaterThan(1);
    // In this thread, the whole map is one batch.
    const here: number[] = [];
    await mapParallel(numbers(5), JOBS, 'square', { onResults: (_, start) => here.push(start) });
    expect(here).toEqual([0]);
  });

  it('rejects with the first error a job throws', async () => {
    await expect(mapParallel(numbers(100), JOBS, 'failOnSeven', { threads: 2, minPerThread: 10 })).rejects.toThrow(
      'seven is not allowed',
    );
    await expect(mapParallel(numbers(100), JOBS, 'nothing', { threads: 2, minPerThread: 10 })).rejects.toThrow(
      /exports no function "nothing"/,
    );
  });
});

describe('renderAll', () => {
  it('renders every body exactly as renderMarkdown does, on two threads', async () => {
    const bodies = numbers(40).map((i) => `${essay(300, i)}\n\n<b>raw</b> "quoted" -- [x](javascript:alert(1))`);
    for (const allowHtml of [false, true]) {
      const rendered = await renderAll(bodies, { allowHtml }, { threads: 2, minPerThread: 10 });
      expect(rendered).toEqual(bodies.map((body) => renderMarkdown(body, { allowHtml })));
    }
  });
});

describe('renderBodiesOnCores', () => {
  it("gives a publish's values (bodies and series chapters) exactly as renderBodies does, on two threads", async () => {
    const release = await compile(generatedSite(60, { body: (i) => essay(200, i) }));
    const { bodies } = await planRenders(release, new Set());
    const site = release.root.site;
    const values = await renderBodiesOnCores(bodies, site, { threads: 2, minPerThread: 10 });
    expect(values.some(([key]) => key.startsWith('chapter/'))).toBe(true);
    expect(values).toEqual(renderBodies(bodies, site));
  });
});
