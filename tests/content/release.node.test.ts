import { beforeAll, describe, expect, it } from 'vitest';
import { chunkList, chunksFor, MIN_CHUNK } from '../../src/content/chunk';
import { type ContentFiles, loadSite } from '../../src/content/model';
import { buildRelease, type Release } from '../../src/content/release';
import { countWords } from '../../src/content/summaries';
import { buildSearchIndex } from '../../src/search';
import { articleTexts, bodyHashes, relatedReading, searchDocs, textSources } from '../../src/search/site';
import { compile } from '../support/compile';
import { articleFile, generatedSite } from '../support/fixtures';

const build = (files: ContentFiles): Promise<Release> => compile(files);

const newKeys = (before: Release, after: Release): string[] => [...after.entries.keys()].filter((k) => !before.entries.has(k));
const isSearchKey = (key: string): boolean => /^s[dx]\//.test(key);

describe('release build', () => {
  it('is deterministic: the same content gives the same id and the same keys', async () => {
    const first = await build(generatedSite(120));
    const second = await build(generatedSite(120));
    expect(second.root.id).toBe(first.root.id);
    expect([...second.entries]).toEqual([...first.entries]);
  });

  it('gives a new id when any content changes', async () => {
    const site = generatedSite(30);
    const edited = generatedSite(30);
    edited.articles[7] = { ...edited.articles[7], text: edited.articles[7].text.replace('Paragraph 7', 'Paragraph seven') };
    expect((await build(edited)).root.id).not.toBe((await build(site)).root.id);
  });

  it('does not depend on the order in which files were read', async () => {
    const site = generatedSite(60);
    const shuffled = { ...site, articles: [...site.articles].reverse(), series: [...site.series].reverse() };
    expect((await build(shuffled)).root.id).toBe((await build(site)).root.id);
  });

  it('names every value by its content hash, and keeps the root under release/<id>', async () => {
    const release = await build(generatedSite(40));
    expect(JSON.parse(release.entries.get(`release/${release.root.id}`) ?? '')).toEqual(release.root);
    const segments = new Set(release.root.search.segments.map((s) => s.id));
    for (const [key, value] of release.entries) {
      if (key.startsWith('release/') || key.startsWith('manifest/')) continue;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
      const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      const [kind, name, part] = key.split('/');
      // A pack of search records is named by its segment and first ordinal; each record by its hash, in the segment's table.
      if (kind === 'sd') {
        expect(segments.has(name) && /^[0-9a-z]+$/.test(part)).toBe(true);
        const table = release.entries.get(`sx/${name}/d`) ?? '';
        for (const line of value.split('\n')) {
          const id = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(line))).toString('base64url');
          expect(table).toContain(id.slice(0, 16));
        }
      }
      // The name index's leaves and pages: all 128 bits, in base64url to keep the root's directory short.
      else if (kind === 'shard' || kind === 'names') expect(name).toBe(Buffer.from(digest.slice(0, 16)).toString('base64url'));
      // A search segment is named by its documents' ids, which are content hashes themselves.
      else if (kind === 'sx') expect(segments.has(name) && /^(d|\d+)$/.test(part)).toBe(true);
      else {
        expect(kind).toMatch(/^(md|list|year|series|tags|table)$/);
        expect(name).toBe(hex.slice(0, 32));
      }
    }
  });
});

/** Keys of every search segment of a release: the most a change to the index can rewrite. */
const newestSegments = (release: Release): number => release.root.search.segments.reduce((n, s) => n + s.shards + 1, 0);

describe('a 10,000-article site', () => {
  // Built once, before the tests: the generated site, then the same site with one more article.
  let builds: { before: Release; newest: Release; backdated: Release; newPart: Release };
  beforeAll(async () => {
    const big = generatedSite(10_000);
    const newest = articleFile({ slug: 'one-more', date: '2030-01-01', tags: ['history', 'cities'], body: '## New\n\nText.' });
    const backdated = articleFile({ slug: 'an-old-essay', date: '2005-06-15', tags: ['law'], body: 'Republished.' });
    const newPart = articleFile({ slug: 'part-six', date: '2030-01-02', series: 'series-199', part: 6, tags: ['war'] });
    builds = {
      before: await build(big),
      newest: await build({ ...big, articles: [...big.articles, newest] }),
      backdated: await build({ ...big, articles: [...big.articles, backdated] }),
      newPart: await build({ ...big, articles: [...big.articles, newPart] }),
    };
  }, 300_000);

  it('adds a handful of keys for one new article', async () => {
    const { before, newest } = builds;
    const added = newKeys(before, newest);
    console.log(`10,000 articles: ${before.entries.size} keys; one new article adds ${added.length}: ${added.join(' ')}`);
    expect(newest.root.count).toBe(10_001);
    expect(added.filter((k) => !isSearchKey(k)).length).toBeLessThanOrEqual(12);
    // Search: the article's record, and the tail segment's table and shard (docs/architecture.md, search).
    expect(added.filter(isSearchKey).length).toBeLessThanOrEqual(4);
    expect(added.filter((k) => /^(release|manifest)\//.test(k))).toEqual([
      `manifest/${newest.root.id}`,
      `release/${newest.root.id}`,
    ]);
  });

  it('adds a handful of keys for a back-dated article too', async () => {
    const { before, backdated } = builds;
    const added = newKeys(before, backdated);
    console.log(`a back-dated article adds ${added.length} keys (${added.filter(isSearchKey).length} for search)`);
    expect(added.filter((k) => !isSearchKey(k)).length).toBeLessThanOrEqual(12);
    // Search blocks are positional: every block from the article's place to the end is rewritten
    // (a known cost, docs/architecture.md). Bounded by the blocks there are, never the whole site.
    const blocks = newestSegments(backdated);
    expect(added.filter((k) => k.startsWith('sx/')).length).toBeLessThanOrEqual(blocks);
  });

  it('adds a key per shard that holds a sibling part when a series grows', async () => {
    const { before, newPart } = builds;
    const added = newKeys(before, newPart);
    console.log(`a sixth part of a five-part series adds ${added.length} keys`);
    expect(added.filter((k) => !isSearchKey(k)).length).toBeLessThanOrEqual(5 + 10);
    expect(added.filter(isSearchKey).length).toBeLessThanOrEqual(4);
  });
});

describe('what a build already knows of its articles', () => {
  async function parts() {
    const loaded = loadSite(generatedSite(40));
    if (!loaded.ok) throw new Error('the fixture site does not load');
    const { site } = loaded;
    const hashes = await bodyHashes(site);
    const texts = await articleTexts(site, undefined, undefined, textSources(site, hashes));
    const { articles, terms, others } = searchDocs(site, texts);
    const index = await buildSearchIndex(articles, others, site.config.language);
    return { site, hashes, texts, search: { ...index, related: relatedReading(site, terms) } };
  }

  it('gives the release it would compute: body hashes and word counts handed in change nothing', async () => {
    const { site, hashes, texts, search } = await parts();
    const words = new Map([...texts].map(([article, text]) => [article, text.words]));
    const plain = await buildRelease(site, search);
    const known = await buildRelease(site, search, { bodyHashes: hashes, words });
    expect(known.root.id).toBe(plain.root.id);
    expect([...known.entries]).toEqual([...plain.entries]);
    for (const article of site.articles) expect(words.get(article)).toBe(countWords(article.body));
  });

  it('takes them as given, without reading the bodies again', async () => {
    const { site, search } = await parts();
    const [first] = site.articles;
    const release = await buildRelease(site, search, {
      bodyHashes: new Map([[first, 'f'.repeat(32)]]),
      words: new Map([[first, 12_345]]),
    });
    const listed = release.bodies.find((b) => b.article?.slug === first.slug);
    expect(listed).toEqual({ key: `md/${'f'.repeat(32)}`, article: expect.objectContaining({ words: 12_345 }) });
  });
});

describe('content-defined chunks', () => {
  const items = Array.from({ length: 5000 }, (_, i) => `item-${i}`);

  it('keeps every chunk but the newest at least MIN_CHUNK long', () => {
    const chunks = chunkList(items, (s) => s);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(MIN_CHUNK);
    expect(chunks.flat()).toEqual(items);
  });

  it('changes at most two chunks when an item is inserted in the middle', () => {
    const before = chunkList(items, (s) => s).map((c) => c.join());
    const inserted = [...items.slice(0, 2500), 'inserted', ...items.slice(2500)];
    const after = chunkList(inserted, (s) => s).map((c) => c.join());
    expect(after.filter((c) => !before.includes(c)).length).toBeLessThanOrEqual(2);
  });

  it('finds the chunks that hold a range and the offset into the first', () => {
    const refs = [
      { key: 'a', count: 25 },
      { key: 'b', count: 30 },
      { key: 'c', count: 4 },
    ];
    expect(chunksFor(refs, 20, 30)).toEqual({ refs: [refs[0], refs[1]], offset: 20 });
    expect(chunksFor(refs, 49, 59)).toEqual({ refs: [refs[1], refs[2]], offset: 24 });
    expect(chunksFor(refs, 0, 5)).toEqual({ refs: [refs[0]], offset: 0 });
  });
});
