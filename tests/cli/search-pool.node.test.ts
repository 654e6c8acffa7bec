import { describe, expect, it } from 'vitest';
import { encodeSegmentsOnCores, makeTextsOnCores } from '../../src/cli/search-pool';
import { loadSite } from '../../src/content/model';
import { buildCache, type SegmentJob } from '../../src/search';
import { compileRelease, type TextJob } from '../../src/search/site';
import { generatedSite } from '../support/fixtures';

const site = () => {
  const loaded = loadSite(generatedSite(70));
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

  it('builds the segments in this thread when a pool thread runs out of its heap', async () => {
    const plain = await compileRelease(site());
    // A heap too small for a thread even to load its code.
    const starved = await compileRelease(site(), {
      encode: (jobs: SegmentJob[]) => encodeSegmentsOnCores(jobs, { ...onThreads, heapMb: 1 }),
    });
    expect(starved.root.id).toBe(plain.root.id);
    expect([...starved.entries]).toEqual([...plain.entries]);
  });
});
