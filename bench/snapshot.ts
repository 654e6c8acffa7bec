/**
 * A fingerprint of every address a site serves: status, the headers a reader or a cache sees,
 * and a hash of the body. Run before and after a refactor that must not change behaviour and
 * compare: `npx tsx bench/snapshot.ts after.json --compare before.json`.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { readContent } from '../src/cli/files';
import type { ContentFiles } from '../src/content/model';
import { loadSite } from '../src/content/model';
import type { Release } from '../src/content/release';
import { compileRelease } from '../src/search/site';
import { generatedSite } from '../tests/support/fixtures';
import { inMemory } from '../tests/support/memory-app';

const CLOCK = () => new Date('2026-11-30T12:00:00Z');
const HEADERS = ['content-type', 'cache-tag', 'etag', 'location', 'cache-control', 'content-disposition'];

function pathsOf(release: Release): string[] {
  const { root } = release;
  const paths = new Set<string>(['/', '/series', '/archive', '/robots.txt', '/sitemap.xml', '/sitemaps/site.xml']);
  for (const f of ['feed.xml', 'atom.xml', 'feed.json']) paths.add(`/${f}`);
  for (let p = 2; p <= Math.ceil(root.count / root.site.perPage) + 1; p++) paths.add(`/page/${p}`);
  for (const y of root.years) {
    paths.add(`/archive/${y.year}`);
    paths.add(`/sitemaps/articles-${y.year}.xml`);
    paths.add(`/sitemaps/articles-${y.year}-2.xml`);
  }
  for (const p of root.pages) paths.add(`/${p.slug}`);
  for (const [key, value] of release.entries) {
    if (!key.startsWith('shard/')) continue;
    for (const [name, entry] of Object.entries(JSON.parse(value) as Record<string, { tags?: string[]; count?: number }>)) {
      const [kind, rest] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)];
      if (kind === 'article') paths.add(`/articles/${rest}`);
      if (kind === 'alias') paths.add(rest);
      if (kind === 'series') {
        for (const s of ['', '/all', '/feed.xml', '/atom.xml', '/feed.json']) paths.add(`/series/${rest}${s}`);
        paths.add(`/series/${rest}.epub`);
      }
      if (kind === 'tag') {
        const pages = Math.ceil((entry.count ?? 0) / root.site.perPage);
        paths.add(`/tags/${rest}`);
        for (let p = 2; p <= pages + 1; p++) paths.add(`/tags/${rest}/page/${p}`);
        for (const f of ['feed.xml', 'atom.xml', 'feed.json']) paths.add(`/tags/${rest}/${f}`);
      }
    }
  }
  for (const p of ['/articles/no-such', '/page/1', '/page/0', '/tags/no-such', '/series/no-such.epub', '/nope']) paths.add(p);
  return [...paths].sort();
}

async function snapshot(files: ContentFiles): Promise<Record<string, string>> {
  const loaded = loadSite(files);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const release = await compileRelease(loaded.site);
  // With the edge cache layer (a no-op in Node), so ETag and Cache-Control are what a reader gets.
  const site = inMemory(release, { clock: CLOCK });
  const out: Record<string, string> = {};
  for (const path of pathsOf(release)) {
    let res: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      res = await site.request(path);
      if (res.status !== 503) break;
    }
    if (!res) continue;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = HEADERS.map((h) => `${h}=${res.headers.get(h) ?? ''}`).join('|');
    out[path] = `${res.status} ${headers} ${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
  }
  return out;
}

/** Addresses whose fingerprints differ; release ids (in Cache-Tag) are expected to differ. */
function differences(before: Snapshot, after: Snapshot): string[] {
  const same = (v: string | undefined) => v?.replace(/release:[0-9a-f]+/, 'release:*');
  return Object.keys(before).flatMap((site) => {
    const [a, b] = [before[site] ?? {}, after[site] ?? {}];
    const paths = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...paths].filter((p) => same(a[p]) !== same(b[p])).map((p) => `${site} ${p}`);
  });
}

type Snapshot = Record<string, Record<string, string>>;

const [target = 'snapshot.json', flag, baseline] = process.argv.slice(2);
const snap: Snapshot = { sample: await snapshot(await readContent('content')), big: await snapshot(generatedSite(10_000)) };
await writeFile(target, `${JSON.stringify(snap, null, 1)}\n`);
console.log(
  `${Object.keys(snap.sample).length} sample addresses, ${Object.keys(snap.big).length} at 10,000 articles → ${target}`,
);
if (flag === '--compare' && baseline) {
  const diff = differences(JSON.parse(await readFile(baseline, 'utf8')) as Snapshot, snap);
  console.log(
    diff.length === 0 ? `identical to ${baseline}` : `${diff.length} differ from ${baseline}:\n${diff.slice(0, 50).join('\n')}`,
  );
  process.exitCode = diff.length === 0 ? 0 : 1;
}
