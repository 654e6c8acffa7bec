import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { pageKey } from '../../src/middleware/edge-cache';
import { articleFile, featureSite, seriesFile } from '../support/fixtures';
import { type App, countingKV, createApp, publish, request, useSite } from '../support/worker';

let release: Release;
let app: App;

beforeAll(async () => {
  const site = featureSite('book');
  // Part two links to part three (with a fragment), to the site, and carries a footnote.
  site.articles = site.articles.map((a) =>
    a.path.endsWith('part-two.md')
      ? {
          ...a,
          text: a.text.replace(
            /Body of part-two[^\n]*/,
            'See [the next part](/articles/part-three#fn:1), the [archive](/archive) and a note.[^a]\n\n## 1815 & after\n\nMore.  \nAgain.\n\n[^a]: The note.\n',
          ),
        }
      : a,
  );
  site.articles.push(articleFile({ slug: 'part-later', title: 'Not Yet', date: '2031-01-01', series: 'saga', part: 4 }));
  site.series.push(seriesFile('empty', 'status: ongoing\nplanned: ["Someday"]'));
  release = await publish(site);
  app = createApp(release.root);
});

async function book(path = '/series/saga.epub') {
  const res = await request(app, path);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, files: unzipSync(bytes) };
}
/** The book's bytes, and how many KV keys producing it read. */
async function bookReads(target: App, counter: ReturnType<typeof countingKV>) {
  const before = counter.reads.length;
  const res = await request(target, '/series/saga.epub', {}, counter.binding);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()), reads: counter.reads.slice(before) };
}
const text = (files: Record<string, Uint8Array>, name: string) => strFromU8(files[name]);

describe('the e-book of a series', () => {
  it('is a zip named after the series, served as application/epub+zip', async () => {
    const { res } = await book();
    expect(res.headers.get('Content-Type')).toBe('application/epub+zip');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="saga.epub"');
    expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{20}\.\d+\.[0-9a-f]{8}"$/);
    expect(res.headers.get('Cache-Tag')?.split(',')).toContain('series:saga');
  });

  it('starts with the mimetype entry, stored uncompressed', async () => {
    const { bytes, files } = await book();
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50); // a local file header first
    expect(view.getUint16(8, true)).toBe(0); // compression method 0: stored
    expect(strFromU8(bytes.subarray(30, 38))).toBe('mimetype');
    expect(strFromU8(bytes.subarray(38, 58))).toBe('application/epub+zip');
    expect(Object.keys(files)[0]).toBe('mimetype');
  });

  it('names its package document in META-INF/container.xml', async () => {
    const { files } = await book();
    const container = text(files, 'META-INF/container.xml');
    const opf = /full-path="([^"]+)"/.exec(container)?.[1];
    expect(opf).toBe('EPUB/package.opf');
    expect(text(files, opf ?? '')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<package /);
  });

  it('lists the published parts in part order in the manifest and the spine, with stable metadata', async () => {
    const opf = text((await book()).files, 'EPUB/package.opf');
    expect([...opf.matchAll(/<itemref idref="([^"]+)"\/>/g)].map((m) => m[1])).toEqual([
      'title',
      'nav',
      'part-1',
      'part-2',
      'part-3',
    ]);
    expect([...opf.matchAll(/<item id="(part-\d)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'part-1 part-1.xhtml',
      'part-2 part-2.xhtml',
      'part-3 part-3.xhtml',
    ]);
    expect(opf).toMatch(
      /<dc:identifier id="book-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/,
    );
    expect(opf).toContain('<dc:title>Series saga</dc:title>');
    expect(opf).toContain('<dc:creator>Ada Tester</dc:creator>');
    expect(opf).toContain('<dc:description>About saga.</dc:description>');
    // The latest part's date, not the time of the request: the same parts make the same book.
    expect(opf).toContain('<meta property="dcterms:modified">2026-03-15T00:00:00Z</meta>');
    expect(opf).not.toContain('Not Yet');
  });

  it('keeps its identifier across releases, and is the same book byte for byte for the same parts', async () => {
    const id = (opf: string) => /urn:uuid:[^<]+/.exec(opf)?.[0];
    const first = await book();
    const next = (await useSite(featureSite('another release'))).app;
    const res = await request(next, '/series/saga.epub');
    const other = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(id(text(other, 'EPUB/package.opf'))).toBe(id(text(first.files, 'EPUB/package.opf')));
    await caches.default.delete(pageKey('/series/saga.epub'));
    expect((await book()).bytes).toEqual(first.bytes);
  });

  it('has a navigation document with every part, and planned parts only as forthcoming text', async () => {
    const nav = text((await book()).files, 'EPUB/nav.xhtml');
    expect(nav).toContain('<nav epub:type="toc" id="toc">');
    expect([...nav.matchAll(/<a href="(part-\d\.xhtml)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'part-1.xhtml Part 1: The First Part',
      'part-2.xhtml Part 2: The Second Part',
      'part-3.xhtml Part 3: The Third Part',
    ]);
    expect(nav).toContain('<li>The Fourth Part (forthcoming)</li>');
    expect(nav).not.toMatch(/<a[^>]*>The Fourth Part/);
  });

  it('rewrites links between parts into the book, makes site links absolute, and keeps footnotes in the file', async () => {
    const { files } = await book();
    const two = text(files, 'EPUB/part-2.xhtml');
    expect(two).toContain('<a href="part-3.xhtml#p3-fn.1">the next part</a>');
    expect(two).toContain('<a href="https://blog.example/archive">archive</a>');
    expect(two).toMatch(/<a id="p2-fn\.ref-a" href="#p2-fn\.a"/);
    expect(two).toContain('<li id="p2-fn.a">');
    expect(two).toContain('<h2 id="p2-1815--after">1815 &amp; after</h2>');
    expect(two).toContain('<br/>');
    expect(two).not.toMatch(/ data-fn:/);
    // The page's sidenotes stay out of the book: its notes are the list at the end of the chapter.
    expect(two).not.toMatch(/popover|<button|class="sn"/);
    const three = text(files, 'EPUB/part-3.xhtml');
    expect(three).toContain('This article first appeared on <a href="https://review.example/third">The Review</a>');
    expect(text(files, 'EPUB/title.xhtml')).toContain('<h1>Series saga</h1>');
  });

  it('answers 404 for a series with no published parts, and for an unknown one', async () => {
    expect((await request(app, '/series/empty.epub')).status).toBe(404);
    expect((await request(app, '/series/no-such-series.epub')).status).toBe(404);
    expect((await request(app, '/series/saga')).status).toBe(200);
  });

  it('is a cache hit the second time: no KV read', async () => {
    const fresh = await publish(featureSite('cache'));
    const bookApp = createApp(fresh.root);
    const kv = countingKV();
    const first = await bookReads(bookApp, kv);
    expect(first.res.status).toBe(200);
    expect(first.reads.length).toBeGreaterThan(0);
    const again = await bookReads(bookApp, kv);
    expect(again.res.status).toBe(200);
    expect(again.reads).toEqual([]);
  });

  it('is made from the chapters kept at publish: a miss reads the series, then its chapters in one bulk read', async () => {
    const fresh = await publish(featureSite('kept'));
    const bookApp = createApp(fresh.root);
    const kv = countingKV();
    const first = await bookReads(bookApp, kv);
    expect(first.reads.map((k) => k.split('/')[0])).toEqual(['shard', 'chapter', 'chapter', 'chapter']);
    expect(kv.calls.map((keys) => keys.length)).toEqual([1, 3]);
    await caches.default.delete(pageKey('/series/saga.epub'));
    // The series' leaf is kept parsed in this isolate (its key is its content's hash): the chapters alone.
    const again = await bookReads(bookApp, kv);
    expect(again.bytes).toEqual(first.bytes);
    expect(again.reads.map((k) => k.split('/')[0])).toEqual(['chapter', 'chapter', 'chapter']);
    expect(kv.calls.slice(2).map((keys) => keys.length)).toEqual([3]);
  });
});
