/**
 * A fingerprint of every address a site serves: status, the headers a reader or a cache sees,
 * and a hash of the body. Run before and after a refactor that must not change behaviour and
 * compare the two files: `npx tsx bench/snapshot.ts out.json`.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createApp } from '../src/app';
import { readContent } from '../src/cli/files';
import type { ContentFiles } from '../src/content/model';
import { loadSite } from '../src/content/model';
import type { Release } from '../src/content/release';
import { compileRelease } from '../src/search/site';
import { generatedSite } from '../tests/support/fixtures';

const CLOCK = () => new Date('2026-11-30T12:00:00Z');
const HEADERS = ['content-type', 'cache-tag', 'etag', 'location', 'cache-control', 'content-disposition'];

function memoryKV(entries: Map<string, string | Uint8Array>) {
  const text = (v: string | Uint8Array) => (typeof v === 'string' ? v : new TextDecoder().decode(v));
  const get = async (key: string | string[], options?: unknown) => {
    if (Array.isArray(key)) return new Map(key.map((k) => [k, entries.has(k) ? text(entries.get(k) as string) : null]));
    const value = entries.get(key);
    if (value === undefined) return null;
    if (options === 'arrayBuffer') return (typeof value === 'string' ? new TextEncoder().encode(value) : value).slice().buffer;
    return text(value);
  };
  const put = async (key: string, value: string | Uint8Array) => {
    entries.set(key, value);
  };
  return { get, put } as unknown as KVNamespace;
}

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
  const env = { CONTENT: memoryKV(new Map(release.entries)) } as Env;
  const app = createApp(release.root, { clock: CLOCK });
  const out: Record<string, string> = {};
  for (const path of pathsOf(release)) {
    let res: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const pending: Promise<unknown>[] = [];
      const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} };
      res = await app.fetch(new Request(`https://blog.example${path}`), env, ctx as unknown as ExecutionContext);
      await Promise.all(pending);
      if (res.status !== 503) break;
    }
    if (!res) continue;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = HEADERS.map((h) => `${h}=${res.headers.get(h) ?? ''}`).join('|');
    out[path] = `${res.status} ${headers} ${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
  }
  return out;
}

const [target = 'snapshot.json'] = process.argv.slice(2);
const sample = await snapshot(await readContent('content'));
const big = await snapshot(generatedSite(10_000));
await writeFile(target, `${JSON.stringify({ sample, big }, null, 1)}\n`);
console.log(`${Object.keys(sample).length} sample addresses, ${Object.keys(big).length} at 10,000 articles → ${target}`);
