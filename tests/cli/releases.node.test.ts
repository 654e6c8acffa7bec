import { describe, expect, it } from 'vitest';
import { listReleases, rollback } from '../../src/cli/publish';
import type { Target } from '../../src/cli/targets';
import { HISTORY_KEY, manifestKey, releaseKey } from '../../src/content/keys';

/** A target holding only a history, whose worker module holds `module` (the working copy locally). */
function target(history: object | null, module: string | null): Target {
  const unused = () => Promise.reject(new Error('not used by listReleases'));
  return {
    name: 'local KV (test)',
    listKeys: unused,
    get: async (key) => (key === HISTORY_KEY && history ? JSON.stringify(history) : null),
    put: unused,
    delete: unused,
    activate: unused,
    currentId: async () => module,
    describe: () => [],
    close: async () => {},
  };
}

const A = 'aaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbb';
const W = 'wwwwwwwwwwwwwwwwwwww';
const published = (id: string) => ({ id, published: '2026-11-30T12:00:00.000Z', articles: 9 });

const lines = async (t: Target) => {
  const out: string[] = [];
  await listReleases(t, (l) => out.push(l));
  return out;
};

const WORKING = `working copy: release ${W}, what \`quire dev\` serves (not published; \`quire preview\` serves the live one)`;

describe('releases --local', () => {
  it('names the working copy the dev server serves when it is not the live release', async () => {
    expect(await lines(target({ live: B, releases: [published(B), published(A)] }, W))).toEqual([
      `* ${B}  2026-11-30T12:00:00.000Z  9 articles  (live)`,
      `  ${A}  2026-11-30T12:00:00.000Z  9 articles`,
      WORKING,
    ]);
  });

  it('names it even when nothing was ever published', async () => {
    expect(await lines(target(null, W))).toEqual(['no releases published to local KV (test) yet', WORKING]);
  });

  it('adds nothing when the worker serves the live release (after publish or rollback)', async () => {
    expect(await lines(target({ live: A, releases: [published(B), published(A)] }, A))).toEqual([
      `  ${B}  2026-11-30T12:00:00.000Z  9 articles`,
      `* ${A}  2026-11-30T12:00:00.000Z  9 articles  (live)`,
    ]);
  });
});

describe('rollback', () => {
  it('refuses, changing nothing, a release whose root this version cannot serve (the 256-shard layout)', async () => {
    const writes: string[] = [];
    const old = { layout: 1, id: A, shards: ['shard/0'] };
    const values = new Map([
      [HISTORY_KEY, JSON.stringify({ live: B, releases: [published(B), published(A)] })],
      [releaseKey(A), JSON.stringify(old)],
      [manifestKey(A), JSON.stringify([releaseKey(A), manifestKey(A)])],
    ]);
    const t: Target = {
      ...target(null, null),
      listKeys: async () => new Set(values.keys()),
      get: async (key) => values.get(key) ?? null,
      put: async (entries) => {
        writes.push(...entries.map(([key]) => key));
      },
      activate: async () => {
        writes.push('activate');
      },
    };
    await expect(rollback(t, undefined, () => {})).rejects.toThrow(
      `release ${A} was built by another version of Quire and cannot be served by this one`,
    );
    expect(writes).toEqual([]);
  });
});
