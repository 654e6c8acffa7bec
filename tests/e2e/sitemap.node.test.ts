import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sitemapIndex, urlSet } from '../../src/render/sitemap';

// The sitemaps.org 0.9 schemas, kept here because tests run without the internet.
const XSD = resolve(import.meta.dirname, '../support/xsd');
const SCHEMA = { urlset: join(XSD, 'sitemap.xsd'), sitemapindex: join(XSD, 'siteindex.xsd') };

// CI installs Debian's libxml2-utils (.ci/run); elsewhere a missing xmllint skips, loudly.
const available = spawnSync('xmllint', ['--version']).error === undefined;
if (!available && process.env.CI) throw new Error('xmllint is missing: .ci/run must install libxml2-utils');
if (!available) console.warn('\n*** SKIPPING sitemap schema tests: xmllint not found (apt-get install -y libxml2-utils) ***\n');

const SERVER = inject('sampleSiteUrl');
const BASE = 'http://localhost:8787'; // the sample site's baseUrl
let dir: string;

/** xmllint's verdict on one document against the schema for its root element. */
async function validate(name: string, xml: string): Promise<{ ok: boolean; output: string }> {
  const root = /<(urlset|sitemapindex)[\s>]/.exec(xml)?.[1] as keyof typeof SCHEMA | undefined;
  if (!root) return { ok: false, output: `${name}: neither a urlset nor a sitemapindex` };
  const file = join(dir, name.replace(/\W+/g, '_'));
  await writeFile(file, xml);
  const run = await promisify(execFile)('xmllint', ['--noout', '--schema', SCHEMA[root], file]).then(
    (r) => ({ ok: true, output: r.stderr }),
    (e) => ({ ok: false, output: String(e.stderr) }),
  );
  return run;
}

const locs = (xml: string): string[] => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);

describe.skipIf(!available)('sitemaps against the sitemaps.org schemas', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quire-sitemaps-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a valid sitemap index, and every sitemap it names is valid', async () => {
    const fetchXml = async (path: string) => {
      const res = await fetch(SERVER + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type'), path).toBe('application/xml; charset=UTF-8');
      return res.text();
    };
    const robots = await (await fetch(`${SERVER}/robots.txt`)).text();
    const index = await fetchXml(new URL(/^Sitemap: (.+)$/m.exec(robots)?.[1] ?? '').pathname);
    expect(await validate('sitemap.xml', index)).toMatchObject({ ok: true });
    const parts = locs(index).map((u) => new URL(u).pathname);
    // The site's own pages, one sitemap a chunk of series and of tags, then one a year of articles, newest first.
    expect(parts).toEqual([
      '/sitemaps/site.xml',
      '/sitemaps/series-1.xml',
      '/sitemaps/tags-1.xml',
      '/sitemaps/2026.xml',
      '/sitemaps/2025.xml',
    ]);
    const listed = new Map<string, string[]>();
    for (const path of parts) {
      const xml = await fetchXml(path);
      expect(await validate(path, xml), path).toMatchObject({ ok: true });
      listed.set(path, locs(xml));
    }
    const urls = (...paths: string[]) => paths.map((path) => BASE + path);
    const tags = 'diplomacy essays europe guide history local-government london parliaments politics public-health quire';
    expect(listed.get('/sitemaps/site.xml')).toEqual(
      urls('/', '/series', '/archive', '/about', '/archive/2026', '/archive/2025'),
    );
    expect(listed.get('/sitemaps/series-1.xml')).toEqual(urls('/series/the-long-peace', '/series/writing-with-quire'));
    expect(listed.get('/sitemaps/tags-1.xml')).toEqual(urls(...tags.split(' ').map((tag) => `/tags/${tag}`)));
    // Every published article of content/articles/ (the draft aside), oldest first within a year.
    const articles = (...slugs: string[]) => urls(...slugs.map((slug) => `/articles/${slug}`));
    expect(listed.get('/sitemaps/2026.xml')).toEqual(
      articles('the-summer-the-river-stank', 'getting-started', 'writing-articles-and-series', 'how-publishing-and-caching-work'),
    );
    expect(listed.get('/sitemaps/2025.xml')).toEqual(
      articles(
        'the-bargain-at-vienna',
        'in-praise-of-dull-committees',
        'the-concert-out-of-tune',
        'what-local-elections-are-for',
        'the-peace-that-forgot-itself',
      ),
    );
  });

  it('keeps escaped values, full timestamps and split indexes valid', async () => {
    const tricky = urlSet([
      { loc: "https://blog.example/search?q=a&b='c'", lastmod: '2026-04-03T09:30:00.000Z' },
      { loc: 'https://blog.example/articles/plain', lastmod: '2026-04-03T00:00:00.000Z' },
      { loc: 'https://blog.example/' },
    ]);
    expect(tricky).toContain('<loc>https://blog.example/search?q=a&amp;b=&apos;c&apos;</loc>');
    expect(tricky).toContain('<lastmod>2026-04-03</lastmod>');
    expect(await validate('tricky.xml', tricky)).toMatchObject({ ok: true });
    const split = sitemapIndex(
      ['site.xml', '2026-1.xml', '2026-2.xml'].map((f) => ({ loc: `https://blog.example/sitemaps/${f}` })),
    );
    expect(await validate('split.xml', split)).toMatchObject({ ok: true });
  });

  it('rejects what the schema forbids, so a pass means something', async () => {
    const bad = urlSet([{ loc: 'https://blog.example/x' }]).replace('</loc>', '</loc><lastmod>someday</lastmod>');
    expect((await validate('bad.xml', bad)).ok).toBe(false);
  });
});
