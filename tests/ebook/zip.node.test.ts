import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildChapter, chapterCodec } from '../../src/ebook/chapter';
import { assembleEpub } from '../../src/ebook/epub';
import { crc32, deflatedEntry, storedEntry, zipEntries } from '../../src/ebook/zip';
import { expectStrictBase64 } from '../support/chapter-base64';

const site = { title: 'Site', baseUrl: 'https://blog.example', author: 'Ada', language: 'en' };
const part = {
  ...{ slug: 'one', title: 'One', date: '2026-03-01', summary: 'S.', tags: [], words: 3, bodyKey: 'md/abc' },
  series: { slug: 'saga', title: 'Saga', part: 2 },
};

describe('a zip of entries compressed beforehand', () => {
  it('computes the CRC-32 zip names (the check value of "123456789" is cbf43926)', () => {
    expect(crc32(strToU8('123456789')).toString(16)).toBe('cbf43926');
  });

  it('is read back by fflate with every entry, stored or deflated, in order', () => {
    const zip = zipEntries(
      [storedEntry('mimetype', strToU8('application/epub+zip')), deflatedEntry('EPUB/a.xhtml', strToU8('é'.repeat(500)), 3)],
      new Date(Date.UTC(2026, 2, 1)),
    );
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['mimetype', 'EPUB/a.xhtml']);
    expect(strFromU8(files['EPUB/a.xhtml'])).toBe('é'.repeat(500));
    expect(strFromU8(zip.subarray(30, 38))).toBe('mimetype');
  });
});

describe('a chapter kept at publish', () => {
  it('is named by part number, keeps links between parts in the book, and survives its codec', () => {
    const html = '<p>See <a href="/articles/three#fn:1">three</a> and <img src="/assets/map.svg" alt="A map"></p>';
    const chapter = buildChapter({ site, part, html, parts: new Map([['three', 3]]) });
    const back = chapterCodec.decode(chapterCodec.encode(chapter) as string);
    expect(back).toEqual(chapter);
    expect(chapter.entry.name).toBe('EPUB/part-2.xhtml');
    expect(chapter.images).toEqual([{ path: '/assets/map.svg', type: 'image/svg+xml' }]);
    const xhtml = strFromU8(unzipSync(zipEntries([chapter.entry], new Date(0)))['EPUB/part-2.xhtml']);
    expect(xhtml).toContain('<a href="part-3.xhtml#p3-fn.1">three</a>');
    expect(xhtml).toContain('<img src="assets/map.svg" alt="A map"/>');
  });

  it('decodes a damaged value as null, so the worker reports it instead of serving a broken book', () => {
    const text = chapterCodec.encode(buildChapter({ site, part, html: '<p>x</p>', parts: new Map() })) as string;
    expect(chapterCodec.decode(text.replace('"crc"', '"crx"'))).toBeNull();
    expect(chapterCodec.decode(`${text}!`)).toBeNull();
    expect(chapterCodec.decode(new ArrayBuffer(4))).toBeNull();
  });

  it('reads its bytes back from base64 of every padding, every byte value, and nothing else (the decoder written here)', () => {
    expect((Uint8Array as { fromBase64?: unknown }).fromBase64).toBeUndefined();
    expectStrictBase64();
  });
});

describe('a book assembled per request', () => {
  it('deflates nothing: only the chapters kept at publish are deflated, every document made here is stored', () => {
    const chapter = buildChapter({ site, part, html: `<p>${'words '.repeat(300)}</p>`, parts: new Map() });
    const series = { slug: 'saga', title: 'Saga', summary: 'S.', planned: [] };
    const zip = assembleEpub({ site, series, parts: [part], identifier: 'urn:uuid:x' }, [chapter], []);
    const view = new DataView(zip.buffer, zip.byteOffset);
    const methods: Record<string, number> = {};
    for (let at = 0; view.getUint32(at, true) === 0x04034b50; ) {
      const nameLength = view.getUint16(at + 26, true);
      methods[strFromU8(zip.subarray(at + 30, at + 30 + nameLength))] = view.getUint16(at + 8, true);
      at += 30 + nameLength + view.getUint16(at + 28, true) + view.getUint32(at + 18, true);
    }
    expect(methods).toEqual({
      mimetype: 0,
      'META-INF/container.xml': 0,
      'EPUB/package.opf': 0,
      'EPUB/nav.xhtml': 0,
      'EPUB/title.xhtml': 0,
      'EPUB/style.css': 0,
      'EPUB/part-2.xhtml': 8,
    });
    expect(strFromU8(unzipSync(zip)['EPUB/part-2.xhtml'])).toContain('words words');
  });
});
