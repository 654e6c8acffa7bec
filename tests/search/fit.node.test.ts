import { describe, expect, it } from 'vitest';
import { buildSearchIndex, largestSearchValueBytes, parseSearchRecord } from '../../src/search';
import { MAX_RECORD_BYTES, recordJson } from '../../src/search/doc';
import { DOC_ROW_WIDTH, docIdAt, docLengthAt, TABLE_PAGE_ROWS } from '../../src/search/doc-table';
import { docTableKey } from '../../src/search/keys';
import { encodedLength, encodePostings, encodePostingsWithin, findPostings, type Posting } from '../../src/search/postings';
import { LINE_LIMIT, shortestEncoding } from '../../src/search/segments';
import { article, searchOnce } from './support';

const bytes = (text: string) => Buffer.byteLength(text);

/** The same numbers below `n` on every run, from `seed`. */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

describe('search values within 64 KiB', () => {
  it('cuts a record to 64 KiB of UTF-8 on a code point boundary, and keeps a short one whole', () => {
    const long = recordJson(article(1, { text: '😀é"'.repeat(40_000) }));
    expect(bytes(long)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(bytes(long)).toBeGreaterThan(MAX_RECORD_BYTES - 1024);
    const text = parseSearchRecord(long)?.text ?? '';
    expect(text.startsWith('😀é"😀')).toBe(true);
    expect(/[\uD800-\uDBFF]$/.test(text)).toBe(false);
    expect(parseSearchRecord(recordJson(article(2, { text: 'short' })))?.text).toBe('short');
  });

  it('makes the same record from a text kept as JSON as from the text', () => {
    const texts = [
      'short',
      'quotes " and \\ backslashes, tabs\t, a line\nbreak, <b> & \u2028 \u0000',
      'lone \uD800 surrogate and a pair 😀',
      'é'.repeat(21_000), // within the units a record keeps, but cut to fit its bytes
      'x'.repeat(59_990), // whole: too long to be known to fit unencoded, but it fits
      'y'.repeat(70_000), // longer than a record keeps: cut
      '😀é"'.repeat(5_000),
    ];
    for (const [n, text] of texts.entries()) {
      const doc = article(n, { text });
      const kept = { ...doc, textJson: JSON.stringify(text) };
      expect(recordJson(kept)).toBe(recordJson(doc));
    }
    // The kept JSON is what is spliced in: a record needs no text read back when it fits.
    const doc = article(9, { text: 'the text' });
    expect(parseSearchRecord(recordJson({ ...doc, textJson: JSON.stringify('as kept') }))?.text).toBe('as kept');
  });

  it('gives a word too common for its shard no positions but every doc, so it is still found whole', async () => {
    // 512 docs with the word 70 times: its positions alone would pass 64 KiB.
    const docs = Array.from({ length: 512 }, (_, n) =>
      article(n, { text: n === 9 ? 'harbour' : `${'tide '.repeat(70)}${n === 7 ? 'harbour lights' : 'open sea'}` }),
    );
    const { index, total, cut } = await searchOnce(docs, 'tide');
    expect([total, cut]).toEqual([511, false]);
    const shards = [...index.entries].filter(([key]) => !key.startsWith('sd/') && !key.endsWith('/d'));
    const line = shards.map(([, shard]) => findPostings(shard, 'tide')).find((p) => p);
    expect(line).toMatchObject({ count: 511, df: 511, positional: false });
    expect(shards.every(([, shard]) => bytes(shard) <= 64 * 1024)).toBe(true);
    expect(shards.some(([, shard]) => bytes(shard) > LINE_LIMIT / 2)).toBe(true);
    // The phrase is checked on the words that kept their positions.
    expect((await searchOnce(docs, '"harbour lights" tide')).paths).toEqual(['/articles/a7']);
    expect((await searchOnce(docs, '"lights harbour" tide')).total).toBe(0);
    // Still required of a doc in a phrase, though not checked in place: a9 has harbour but no tide.
    expect((await searchOnce(docs, '"harbour tide" zebra')).paths).toEqual(['/articles/a7']);
  });

  it('never counts a line shorter than it is written: a line known too long is not written out', () => {
    // The bound decides which lines are skipped; were it ever above the true length, a line that fits could be lost.
    const next = seeded(11);
    for (let round = 0; round < 300; round++) {
      let ordinal = 0;
      const postings: Posting[] = Array.from({ length: 1 + next(40) }, () => {
        ordinal += 1 + next(round % 2 ? 3 : 5000);
        let at = 0;
        const positions = Array.from({ length: next(4) === 0 ? 0 : next(30) }, () => (at += 1 + next(round % 3 ? 2 : 90_000)));
        return { ordinal, tfw: next(3) === 0 ? next(50) : positions.length, positions };
      });
      const written = encodePostings(postings).length;
      expect(shortestEncoding(postings)).toBeLessThanOrEqual(written);
      // And it is tight where every number takes one digit: ordinals and positions one apart.
      const dense = postings.map((p, i) => ({
        ...p,
        ordinal: i,
        tfw: p.positions.length,
        positions: p.positions.map((_, k) => k + 1),
      }));
      expect(shortestEncoding(dense)).toBe(encodePostings(dense).length);
    }
  });

  it('spells postings as the format says, and tells a text over a limit without writing it out', () => {
    // The format spelled the plain way: what the byte writer must give, number for number.
    const spelled = (postings: Posting[]) => {
      let previous = 0;
      return postings
        .map(({ ordinal, tfw, positions }) => {
          let entry = (ordinal - previous).toString(36);
          previous = ordinal;
          if (positions.length > 0) {
            let last = 0;
            const deltas = positions.map((p) => {
              const delta = p - last;
              last = p;
              return delta.toString(36);
            });
            entry += `,${tfw === positions.length ? '' : tfw.toString(36)},${deltas.join('.')}`;
          } else if (tfw > 0) entry += `,${tfw.toString(36)}`;
          return entry;
        })
        .join(';');
    };
    const next = seeded(7);
    for (let round = 0; round < 200; round++) {
      let ordinal = 0;
      // Some numbers up to 2^31, so every digit count is written; some lists long enough to grow the buffer.
      const big = round % 4 === 0 ? 2 ** 31 - 1 : 50;
      const postings: Posting[] = Array.from({ length: round % 50 === 0 ? 20_000 : 1 + next(40) }, () => {
        ordinal += next(big) + (ordinal === 0 ? 0 : 1);
        let at = 0;
        const positions = Array.from({ length: next(3) === 0 ? 0 : next(20) }, () => (at += 1 + next(big)));
        return { ordinal, tfw: next(3) === 0 ? next(big) : positions.length, positions };
      });
      const text = spelled(postings);
      expect(encodePostings(postings)).toBe(text);
      expect(encodedLength(postings)).toBe(text.length);
      expect(encodePostingsWithin(postings, text.length)).toBe(text);
      expect(encodePostingsWithin(postings, text.length - 1)).toBeNull();
    }
  });

  it('gives a long line its positions back when its shard has room', async () => {
    // 30 times: over LINE_LIMIT, so shards are counted without them, but the one shard has room.
    const docs = Array.from({ length: 512 }, (_, n) => article(n, { text: `${'tide '.repeat(30)}open sea` }));
    const { index } = await searchOnce(docs, 'tide');
    const [shard] = [...index.entries].filter(([key]) => /^sx\/.*\/0$/.test(key)).map(([, value]) => value);
    expect(bytes(shard)).toBeGreaterThan(LINE_LIMIT);
    expect(findPostings(shard, 'tide')).toMatchObject({ count: 512, df: 512, positional: true });
  });

  it('pages the doc table of a large segment, every page read in round 1', async () => {
    const docs = Array.from({ length: 4096 }, (_, n) => article(n, { title: `Page ${n}`, text: n === 3500 ? 'lone' : 'x' }));
    const index = await buildSearchIndex(docs, [], 'en');
    const [segment] = index.meta.segments;
    const pages = [0, 1].map((page) => index.entries.get(docTableKey(segment.id, page)) ?? '');
    expect(pages.map((page) => page.length / DOC_ROW_WIDTH)).toEqual([TABLE_PAGE_ROWS, 4096 - TABLE_PAGE_ROWS]);
    expect(docIdAt(pages, 3500)).toBe(index.docIds.get('/articles/a3500'));
    expect(docLengthAt(pages, 3500)).toBe(3);
    expect(largestSearchValueBytes(index)).toBe(Math.max(...[...index.entries.values()].map(bytes)));
    expect(largestSearchValueBytes(index)).toBeLessThanOrEqual(64 * 1024);
    const result = await searchOnce(docs, 'lone');
    expect(result.paths).toEqual(['/articles/a3500']);
    expect(result.keys.filter((key) => /\/d\d*$/.test(key))).toEqual([docTableKey(segment.id), docTableKey(segment.id, 1)]);
  });
});
