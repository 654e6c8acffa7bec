import { describe, expect, it } from 'vitest';
import { buildCache, buildSearchIndex, readRecord } from '../../src/search';
import { recordJson } from '../../src/search/doc';
import { DOC_BACK_WIDTH, DOC_ROW_WIDTH, docBackAt, tablePageCount } from '../../src/search/doc-table';
import { docTableKey, isRecordPackKey } from '../../src/search/keys';
import { MAX_PACK_RECORDS, PACK_BYTES, packBacks, recordLine, recordPacks, recordRef } from '../../src/search/records';
import { article } from './support';

const bytes = (text: string) => Buffer.byteLength(text);

/** Records of `sizes` characters of text each: `é` weighs two bytes of UTF-8 where `e` weighs one. */
const records = (sizes: number[], letter = 'e') => sizes.map((size, n) => recordJson(article(n, { text: letter.repeat(size) })));

describe('search record packs', () => {
  it('packs records in order into values of at most PACK_BYTES, a longer record alone', () => {
    const sizes = Array.from({ length: 200 }, (_, n) => [300, 2_000, 9_000, 40_000][n % 4]);
    const jsons = records(sizes);
    const backs = packBacks(jsons);
    const packs = recordPacks('segment', jsons, backs);
    // Every record is in exactly one pack, in order.
    expect(packs.map(([, value]) => value).join('\n')).toBe(jsons.join('\n'));
    for (const [, value] of packs) {
      const lines = value.split('\n');
      if (lines.length > 1) expect(bytes(value)).toBeLessThanOrEqual(PACK_BYTES);
      else expect(bytes(value)).toBeGreaterThan(0);
    }
    // A 40,000-character record is a pack of its own, and packs are as full as they can be:
    // no pack would have taken the next record.
    expect(packs.filter(([, value]) => bytes(value) > PACK_BYTES)).toHaveLength(50);
    for (let i = 0; i + 1 < packs.length; i++) {
      const next = packs[i + 1][1].split('\n')[0];
      expect(bytes(packs[i][1]) + 1 + bytes(next)).toBeGreaterThan(PACK_BYTES);
    }
  });

  it("counts a record's bytes of UTF-8, not its characters", () => {
    // Ten records of 3,000 é: 6 KB each, so five to a pack, where counting characters would put ten.
    const backs = packBacks(records(Array(10).fill(3_000), 'é'));
    expect(backs).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const packs = recordPacks('s', records(Array(10).fill(3_000), 'é'), backs);
    for (const [, value] of packs) expect(bytes(value)).toBeLessThanOrEqual(PACK_BYTES);
  });

  it('puts no more records in a pack than a row can count back over', () => {
    const backs = packBacks(Array(3_000).fill('{}'));
    expect(Math.max(...backs)).toBe(MAX_PACK_RECORDS - 1);
    expect(backs.filter((back) => back === 0)).toHaveLength(Math.ceil(3_000 / MAX_PACK_RECORDS));
  });

  it("builds again a kept segment whose doc table does not lay out its records' packs", async () => {
    const docs = Array.from({ length: 40 }, (_, n) => article(n, { text: `word${n} `.repeat(400) }));
    const cache = buildCache();
    const first = await buildSearchIndex(docs, [], 'en', { cache });
    const [{ id }] = first.meta.segments;
    const kept = cache.segments.get(id);
    if (!kept) throw new Error('the segment was not kept');
    // A damaged row: its distance back no longer follows the one before.
    const [page] = kept.tables;
    const at = 3 * DOC_ROW_WIDTH - DOC_BACK_WIDTH;
    cache.segments.set(id, { ...kept, tables: [`${page.slice(0, at)}zz${page.slice(at + DOC_BACK_WIDTH)}`] });
    const again = await buildSearchIndex(docs, [], 'en', { cache });
    expect([...again.entries]).toEqual([...first.entries]);
  });

  it('finds every record again by its segment, ordinal and distance back', () => {
    const jsons = records(Array.from({ length: 60 }, (_, n) => (n * 997) % 7_000));
    const backs = packBacks(jsons);
    const packs = new Map(recordPacks('seg', jsons, backs));
    jsons.forEach((json, ordinal) => {
      const ref = recordRef('seg', ordinal, backs[ordinal]);
      expect(recordLine(packs.get(ref.key) ?? '', ref.line)).toBe(json);
      expect(readRecord(packs, ref)?.path).toBe(`/articles/a${ordinal}`);
    });
    // A pack KV lacks, or a line past a pack's end, is no record (the route answers it as a read failure).
    expect(readRecord(new Map(), recordRef('seg', 0, 0))).toBeNull();
    const [[key, first]] = packs;
    expect(readRecord(packs, { key, line: first.split('\n').length })).toBeNull();
  });

  it("keeps each doc's pack in its segment's doc table, and the same packs when a build reuses the segment", async () => {
    const docs = Array.from({ length: 600 }, (_, n) => article(n, { text: `word${n} `.repeat((n * 131) % 900) }));
    const cache = buildCache();
    const first = await buildSearchIndex(docs, [], 'en', { cache });
    const again = await buildSearchIndex(docs, [], 'en', { cache });
    expect([...again.entries]).toEqual([...first.entries]);
    const packKeys = [...first.entries.keys()].filter(isRecordPackKey);
    expect(packKeys.length).toBeLessThan(docs.length / 4);
    let ordinalBase = 0;
    for (const segment of first.meta.segments) {
      const table = Array.from(
        { length: tablePageCount(segment.docs) },
        (_, page) => first.entries.get(docTableKey(segment.id, page)) ?? '',
      );
      for (let ordinal = 0; ordinal < segment.docs; ordinal++) {
        const record = readRecord(first.entries, recordRef(segment.id, ordinal, docBackAt(table, ordinal)));
        expect(record?.path).toBe(docs[ordinalBase + ordinal].path);
      }
      ordinalBase += segment.docs;
    }
    expect(ordinalBase).toBe(docs.length);
  });
});
