import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { leafKeys } from '../../src/content/name-index';
import type { Release } from '../../src/content/release';
import { type ArticleEntry, entrySchema } from '../../src/content/stored';
import { RELATED_KEPT, rarity, relatedArticles } from '../../src/search/related';
import { compile } from '../support/compile';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';

/** Every article entry's related slugs in a release, by slug. */
function relatedLists(release: Release): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const key of leafKeys(release.root.names, (k) => release.entries.get(k))) {
    for (const entry of Object.values(JSON.parse(release.entries.get(key) ?? '{}') as Record<string, ArticleEntry>)) {
      if (entry.kind === 'article')
        lists.set(
          entry.slug,
          entry.related.map((r) => r.slug),
        );
    }
  }
  return lists;
}

const entryOf = (release: Release, slug: string): ArticleEntry | undefined => {
  for (const key of leafKeys(release.root.names, (k) => release.entries.get(k))) {
    const found = (JSON.parse(release.entries.get(key) ?? '{}') as Record<string, ArticleEntry>)[`article:${slug}`];
    if (found) return found;
  }
  return undefined;
};

const CANALS = 'The canal lock lifts the barge; the towpath runs beside the canal.';
const piece = (slug: string, body: string, extra: { tags?: string[]; date?: string; series?: string; part?: number } = {}) =>
  articleFile({ slug, title: slug.toUpperCase(), date: extra.date ?? '2026-01-10', body, ...extra });

describe('related reading', () => {
  it('ranks shared tags and shared distinctive terms together above either alone', async () => {
    const release = await compile(
      contentFiles({
        articles: [
          piece('target', CANALS, { tags: ['transport'] }),
          piece('both', CANALS, { tags: ['transport'] }),
          piece('terms', CANALS),
          piece('tag', 'Railways and timetables.', { tags: ['transport'] }),
          piece('apart', 'Orchards bloom in spring.'),
        ],
      }),
    );
    expect(relatedLists(release).get('target')).toEqual(['both', 'terms', 'tag', 'apart']);
    expect(entryOf(release, 'target')?.related[0]).toEqual({ slug: 'both', title: 'BOTH' });
  });

  it('never lists the article itself, its own series, or a draft (even in a preview)', async () => {
    const files = contentFiles({
      articles: [
        piece('one', CANALS, { tags: ['canals'], series: 'saga', part: 1 }),
        piece('two', CANALS, { tags: ['canals'], series: 'saga', part: 2 }),
        articleFile({ slug: 'unfinished', date: '2026-01-10', tags: ['canals'], body: CANALS, extra: 'draft: true' }),
        piece('elsewhere', CANALS, { tags: ['canals'] }),
      ],
      series: [seriesFile('saga')],
    });
    const preview = relatedLists(await compile(files, { drafts: true }));
    expect(preview.get('one')).toEqual(['elsewhere']);
    expect(preview.get('two')).toEqual(['elsewhere']);
    expect(preview.get('elsewhere')).toEqual(['one', 'two']);
    expect(preview.get('unfinished')).toEqual([]);
    expect(relatedLists(await compile(files)).get('elsewhere')).toEqual(['one', 'two']);
  });

  it('keeps at most five, and breaks ties by nearness in date, then by slug', () => {
    const doc = (slug: string, date: string) => ({ slug, date, tags: ['same'], terms: new Map([['canal', 1]]) });
    const related = relatedArticles([
      doc('a', '2026-01-01'),
      doc('b', '2026-01-02'),
      doc('c', '2026-01-05'),
      doc('d', '2026-01-07'),
      doc('e', '2026-01-08'),
      doc('f', '2026-01-09'),
      doc('g', '2026-01-09'),
      doc('h', '2026-01-20'),
    ]);
    expect(related.get('e')).toEqual(['d', 'f', 'g', 'c', 'b']);
    expect(related.get('e')).toHaveLength(RELATED_KEPT);
    expect(related.get('h')).toEqual(['f', 'g', 'e', 'd', 'c']);
  });

  it('weighs a term by how many articles hold it, in buckets that do not move with the site size', () => {
    expect([1, 2, 3, 4, 7, 8, 1024, 16_383, 16_384].map(rarity)).toEqual([0, 13, 13, 12, 12, 11, 4, 1, 0]);
  });

  it('is stable: a new article rewrites only the lists it enters, and an unrelated one none', async () => {
    const topics = ['canal lock barge', 'orchard apple blossom', 'harbour ship anchor', 'ledger audit account'];
    const articles = Array.from({ length: 40 }, (_, i) =>
      piece(`essay-${i}`, `${topics[i % 4]} ${topics[(i * 3 + 1) % 4].split(' ')[0]} essay ${i}.`, {
        tags: [`topic-${i % 4}`],
        date: `2026-0${1 + Math.floor(i / 10)}-${String(10 + (i % 10)).padStart(2, '0')}`,
      }),
    );
    const base = relatedLists(await compile(contentFiles({ articles })));
    const unrelated = piece('volcanoes', 'Magma, basalt and ash.', { tags: ['geology'], date: '2026-05-01' });
    const withUnrelated = relatedLists(await compile(contentFiles({ articles: [...articles, unrelated] })));
    for (const [slug, list] of base) expect(withUnrelated.get(slug), slug).toEqual(list);

    const close = piece('canals-again', 'canal lock barge orchard essay, by the towpath.', {
      tags: ['topic-0'],
      date: '2026-05-01',
    });
    const withClose = relatedLists(await compile(contentFiles({ articles: [...articles, close] })));
    const changed = [...base].filter(([slug, list]) => JSON.stringify(withClose.get(slug)) !== JSON.stringify(list));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(RELATED_KEPT);
    for (const [slug] of changed) expect(withClose.get(slug), slug).toContain('canals-again');
  });

  it('rewrites the lists that show a renamed article, since they carry its title', async () => {
    const articles = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((slug, i) =>
      piece(slug, i < 4 ? CANALS : 'Orchards bloom in spring.', { tags: [i < 4 ? 'canals' : 'fruit'] }),
    );
    const before = await compile(contentFiles({ articles }));
    const renamed = articles.map((file) =>
      file.path.endsWith('/a.md') ? { ...file, text: file.text.replace('"A"', '"Locks"') } : file,
    );
    const after = await compile(contentFiles({ articles: renamed }));
    const showing = [...relatedLists(before)].filter(([, list]) => list.includes('a')).map(([slug]) => slug);
    const rewritten = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].filter(
      (slug) => JSON.stringify(entryOf(before, slug)) !== JSON.stringify(entryOf(after, slug)),
    );
    expect(rewritten).toEqual(['a', ...showing].sort());
    expect(entryOf(after, 'b')?.related.find((r) => r.slug === 'a')?.title).toBe('Locks');
  });

  it('reads an article entry of a release built before related reading as having none', async () => {
    const release = await compile(contentFiles({ articles: [piece('only', CANALS)] }));
    const { related, ...older } = entryOf(release, 'only') ?? {};
    expect(related).toEqual([]);
    expect(v.parse(entrySchema, older)).toMatchObject({ kind: 'article', slug: 'only', related: [] });
  });
});
