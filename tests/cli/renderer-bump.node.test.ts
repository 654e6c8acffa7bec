import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { publish } from '../../src/cli/publish';
import { localTarget, type Target } from '../../src/cli/targets';
import type { Root } from '../../src/content/stored';
import { rendererId } from '../../src/render/markdown';
import { compile } from '../support/compile';
import { generatedSite } from '../support/fixtures';
import { memoryKV } from '../support/memory-app';

const dir = await mkdtemp(join(tmpdir(), 'quire-bump-'));
const moduleFile = join(dir, 'release.json');
const target = localTarget(join(dir, 'state'), moduleFile);
afterAll(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

/** The target, counting the values each publish writes (history included). */
function counting(inner: Target) {
  const state = { writes: 0 };
  const put = (entries: [string, string][]) => {
    state.writes += entries.length;
    return inner.put(entries);
  };
  return { state, target: { ...inner, put } };
}

/** The live release served over a copy of the target's KV: every article, the book and the feed. */
async function statuses(): Promise<Record<string, number>> {
  const root = JSON.parse(await readFile(moduleFile, 'utf8')) as Root;
  const entries = new Map<string, string>();
  for (const key of await target.listKeys()) entries.set(key, (await target.get(key)) ?? '');
  const app = createApp(root, { edgeCache: false });
  const env = { CONTENT: memoryKV(entries).binding } as Env;
  const paths = [
    ...Array.from({ length: 30 }, (_, i) => `/articles/article-${i}`),
    '/series/series-0.epub',
    '/feed.xml',
    '/about',
  ];
  const out: Record<string, number> = {};
  for (const path of paths) out[path] = (await app.request(path, {}, env)).status;
  return out;
}

describe('a new renderer version, rolled out within a write budget', () => {
  it('re-renders a budget at a time, serving every page throughout, until the root names only the new one', {
    timeout: 180_000,
  }, async () => {
    const release = await compile(generatedSite(30)); // 30 articles, a series of 5, a page: 32 bodies, 5 chapters
    await publish(release, target, { log: () => {} });
    const old = rendererId(release.root.site);
    const bumped = `r${Number(/\d+/.exec(old)?.[0]) + 1}s`;
    const everyOk = Object.fromEntries(Object.keys(await statuses()).map((path) => [path, 200]));
    expect(await statuses()).toEqual(everyOk);
    const budget = 12;
    const lines: string[] = [];
    const roots: (string[] | undefined)[] = [];
    for (let run = 0; run < 10; run++) {
      const { state, target: counted } = counting(target);
      const log: string[] = [];
      await publish(release, counted, { renderer: bumped, maxWrites: budget, log: (l) => log.push(l) });
      expect(state.writes, `publish ${run + 1}`).toBeLessThanOrEqual(budget);
      expect(await statuses(), `publish ${run + 1}`).toEqual(everyOk);
      roots.push((JSON.parse(await readFile(moduleFile, 'utf8')) as Root).renderers);
      const behind = log.find((l) => l.includes('still on'));
      if (!behind) break;
      lines.push(behind);
    }
    // 37 values to render again, 8 a publish once the new root and the history are written.
    expect(lines[0]).toMatch(new RegExp(`^\\d+ of 32 bodies still on ${old}; run publish again tomorrow \\(--max-writes 12\\)$`));
    expect(roots.slice(0, -1).every((r) => JSON.stringify(r) === JSON.stringify([bumped, old]))).toBe(true);
    expect(roots.at(-1)).toEqual([bumped]);
    expect(roots.length).toBeGreaterThan(3);
    const keys = await target.listKeys();
    const bodies = release.bodies.map((b) => `html/${bumped}/${b.key.slice(3)}`);
    expect(bodies.filter((key) => !keys.has(key))).toEqual([]);
    expect([...keys].filter((key) => key.startsWith(`chapter/${bumped}/`))).toHaveLength(5);
  });
});
