import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskBuildCache } from '../../src/cli/search-cache';
import { encodeSegmentsOnCores, makeTextsOnCores, relatedOnCores } from '../../src/cli/search-pool';
import { loadSite } from '../../src/content/model';
import { buildCache, type SegmentJob } from '../../src/search';
import { articleTextJob, compileRelease, type TextJob } from '../../src/search/site';
import { generatedSite } from '../support/fixtures';

const site = (count = 70) => {
  const loaded = loadSite(generatedSite(count, { tags: ['canals', 'locks', 'ports'] }));
  if (!loaded.ok) throw new Error('bad fixture');
  return loaded.site;
};

const onThreads = { minDocs: 0, threads: 2 };

describe('indexing on every core', () => {
  it('builds the same release as one thread does, byte for byte, with and without a build cache', async () => {
    const plain = await compileRelease(site());
    const threaded = {
      encode: (jobs: SegmentJob[]) => encodeSegmentsOnCores(jobs, onThreads),
      makeTexts: (jobs: TextJob[]) => makeTextsOnCores(jobs, onThreads),
    };
    const pooled = await compileRelease(site(), threaded);
    const cached = await compileRelease(site(), { ...threaded, cache: buildCache() });
    for (const release of [pooled, cached]) {
      expect(release.root.id).toBe(plain.root.id);
      expect([...release.entries]).toEqual([...plain.entries]);
    }
  });

  it('makes texts on threads with their terms numbered there: the same weights, and the same release through the disk cache', async () => {
    const jobs: TextJob[] = site().articles.map((a) => ({
      language: 'en',
      title: a.front.title,
      summary: a.front.summary,
      body: a.body,
    }));
    const made = await makeTextsOnCores(jobs, onThreads);
    const weights = (terms: { forEach: (fn: (count: number, term: string) => void) => void }) => {
      const out: [string, number][] = [];
      terms.forEach((count, term) => {
        out.push([term, count]);
      });
      return out;
    };
    made.forEach((text, i) => {
      const here = articleTextJob(jobs[i]);
      expect(weights(text.terms)).toEqual(weights(here.terms));
      expect({ ...text, terms: null }).toEqual({ ...here, terms: null });
    });
    // Both threads numbered: two dictionaries, each text's pairs in one of them.
    expect(new Set(made.map((text) => text.terms.packed?.dict)).size).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'quire-texts-'));
    try {
      const plain = await compileRelease(site());
      const threaded = {
        encode: (segments: SegmentJob[]) => encodeSegmentsOnCores(segments, onThreads),
        makeTexts: (texts: TextJob[]) => makeTextsOnCores(texts, onThreads),
      };
      for (let build = 0; build < 2; build++) {
        const cache = diskBuildCache(dir);
        const release = await compileRelease(site(), { ...threaded, cache });
        cache.save();
        expect([...release.entries]).toEqual([...plain.entries]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds the segments in this thread when a pool thread runs out of its heap', async () => {
    const plain = await compileRelease(site());
    // A heap too small for a thread even to load its code.
    const starved = await compileRelease(site(), {
      encode: (jobs: SegmentJob[]) => encodeSegmentsOnCores(jobs, { ...onThreads, heapMb: 1 }),
    });
    expect(starved.root.id).toBe(plain.root.id);
    expect([...starved.entries]).toEqual([...plain.entries]);
  });

  it('gives the same related reading on a thread of its own: from made texts, from kept pairs, and both at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quire-related-'));
    try {
      const build = async (count: number) => {
        const cache = diskBuildCache(dir);
        const { related, stop } = relatedOnCores(count, { minDocs: 0 });
        const release = await compileRelease(site(count), { cache, related }).finally(stop);
        cache.save();
        return release;
      };
      // No cache (every text's terms a Map), cold (every text made here, its pairs as the cache
      // numbered them), warm (every text's pairs kept in a shared buffer), and one article more
      // (its pairs numbered now, among kept ones).
      const uncached = async () => {
        const { related, stop } = relatedOnCores(70, { minDocs: 0 });
        return compileRelease(site(70), { related }).finally(stop);
      };
      for (const [count, release] of [
        [70, await uncached()],
        [70, await build(70)],
        [70, await build(70)],
        [71, await build(71)],
      ] as const) {
        const plain = await compileRelease(site(count));
        expect(release.root.id).toBe(plain.root.id);
        expect([...release.entries]).toEqual([...plain.entries]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes related reading in this thread when its thread runs out of its heap', async () => {
    const plain = await compileRelease(site());
    // A heap too small for the thread even to load its code.
    const { related, stop } = relatedOnCores(70, { minDocs: 0, heapMb: 1 });
    const starved = await compileRelease(site(), { related }).finally(stop);
    expect(starved.root.id).toBe(plain.root.id);
    expect([...starved.entries]).toEqual([...plain.entries]);
  });
});
