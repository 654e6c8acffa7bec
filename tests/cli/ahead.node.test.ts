import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/cli/targets';
import { uploadAhead } from '../../src/cli/upload';
import { recordJson } from '../../src/search/doc';
import { recordPackKey } from '../../src/search/keys';
import { article } from '../search/support';

/** Only what the uploader calls: `put`, each batch waiting for `gate` when one is set. */
function memoryTarget(gate?: () => Promise<void>) {
  const stored = new Map<string, string>();
  const batches: number[] = [];
  const target = {
    async put(entries: [string, string][]) {
      await gate?.();
      batches.push(entries.length);
      for (const [key, value] of entries) stored.set(key, value);
    },
  } as unknown as Target;
  return { target, stored, batches };
}

const records = (count: number, from = 0) =>
  new Map(Array.from({ length: count }, (_, i) => [recordPackKey('segment0000000000', from + i), recordJson(article(from + i))]));

describe('uploading search records ahead of the release', () => {
  it('uploads what the target lacks, in batches, and says which', async () => {
    const { target, stored, batches } = memoryTarget();
    const offered = records(2500);
    const [known] = offered.keys();
    const ahead = uploadAhead(target, Promise.resolve(new Set([known])));
    ahead.offer(offered);
    const uploaded = await ahead.settle();
    expect(uploaded.size).toBe(2499);
    expect(uploaded.has(known)).toBe(false);
    expect(batches).toEqual([1000, 1000, 499]);
    expect([...stored.keys()].sort()).toEqual([...uploaded].sort());
  });

  it('uploads none when one record of a pack does not read back', async () => {
    const { target, stored } = memoryTarget();
    const offered = records(10);
    offered.set(recordPackKey('damaged000000000', 0), `${recordJson(article(10))}\n{"title":`);
    const ahead = uploadAhead(target, Promise.resolve(new Set()));
    ahead.offer(offered);
    expect((await ahead.settle()).size).toBe(0);
    expect(stored.size).toBe(0);
  });

  it('stops between batches when the build fails, and hands a failed upload to publish', async () => {
    let release = () => {};
    let first = true;
    const { target, batches } = memoryTarget(async () => {
      if (!first) await new Promise<void>((go) => (release = go));
      first = false;
    });
    const ahead = uploadAhead(target, Promise.resolve(new Set()));
    ahead.offer(records(3000));
    await new Promise((later) => setTimeout(later, 10));
    const stopped = ahead.stop();
    release();
    await stopped;
    // The batch under way finishes; no other starts.
    expect(batches).toEqual([1000, 1000]);

    const failing = uploadAhead(
      { put: () => Promise.reject(new Error('KV write failed')) } as unknown as Target,
      Promise.resolve(new Set()),
    );
    failing.offer(records(5));
    await expect(failing.settle()).rejects.toThrow('KV write failed');
  });
});
