import { beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../src/cli/files';
import { splitFrontMatter } from '../../src/content/source';
import { compile } from '../support/compile';
import { articleFile, contentFiles, pageFile } from '../support/fixtures';
import { inMemory } from '../support/memory-app';

type Served = ReturnType<typeof inMemory>;

/** The addresses of the hits on a results page, in order. */
const hits = (html: string): string[] => [...html.matchAll(/<li><h2><a href="([^"]+)"/g)].map((m) => m[1]);

async function results(site: Served, query: string, extra = ''): Promise<{ status: number; html: string; hits: string[] }> {
  const res = await site.request(`/search?q=${encodeURIComponent(query)}${extra}`);
  const html = await res.text();
  return { status: res.status, html, hits: hits(html) };
}

describe('search relevance on the sample site', () => {
  let site: Served;
  let articles: { path: string; title: string; body: string }[];

  beforeAll(async () => {
    const files = await readContent('content');
    site = inMemory(await compile(files), { edgeCache: false });
    articles = files.articles.flatMap((file) => {
      const front = splitFrontMatter(file);
      if (!front.ok) throw new Error(file.path);
      const title = /^title: "?(.*?)"?$/m.exec(front.yaml)?.[1] ?? '';
      const draft = /^draft: true$/m.test(front.yaml);
      return draft ? [] : [{ path: `/articles/${file.path.replace(/^.*\//, '').replace(/\.md$/, '')}`, title, body: front.body }];
    });
  });

  /** Words of six letters or more that only this article uses, its most frequent first. */
  function distinctive(article: { body: string }, count: number): string[] {
    const words = (text: string) => text.toLowerCase().match(/\b[a-z]{6,}\b/g) ?? [];
    const elsewhere = new Set(articles.filter((a) => a.body !== article.body).flatMap((a) => words(a.body)));
    const frequency = new Map<string, number>();
    for (const word of words(article.body)) if (!elsewhere.has(word)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    return [...frequency]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([word]) => word)
      .slice(0, count);
  }

  it('finds every article in the top three from two or three of its distinctive words', async () => {
    for (const article of articles) {
      for (const count of [2, 3]) {
        const words = distinctive(article, count);
        expect(words.length, article.path).toBe(count);
        const found = await results(site, words.join(' '));
        expect(found.hits.slice(0, 3), `${words.join(' ')} → ${found.hits.join(' ')}`).toContain(article.path);
      }
    }
  });

  it('never finds a draft, even by words only it uses', async () => {
    const draft = await results(site, 'conservatives famine peel');
    expect(draft.status).toBe(200);
    expect(draft.hits).toEqual([]);
    expect(articles.length).toBe(9);
  });

  it('puts an article first for its exact title', async () => {
    for (const article of articles) {
      const found = await results(site, article.title);
      expect(found.hits[0], article.title).toBe(article.path);
    }
  });
});

describe('matching', () => {
  let site: Served;
  beforeAll(async () => {
    const files = contentFiles({
      articles: [
        articleFile({
          slug: 'communism',
          title: 'On communism',
          date: '2020-01-01',
          tags: ['politics'],
          body: 'Communism as a doctrine.',
        }),
        articleFile({
          slug: 'community',
          title: 'Village life',
          date: '2021-01-01',
          tags: ['cities'],
          body: 'The community gathered.',
        }),
        articleFile({ slug: 'cafe-exact', title: 'Evenings', date: '2022-01-01', body: 'They met at the café every night.' }),
        articleFile({ slug: 'cafe-plain', title: 'Mornings', date: '2022-02-01', body: 'They met at the cafe every morning.' }),
        articleFile({
          slug: 'balance',
          title: 'Treaties',
          date: '2018-05-01',
          tags: ['history'],
          body: 'The balance of power held for a century. It was the nation-state’s moment.',
        }),
        articleFile({
          slug: 'scattered',
          title: 'Weights',
          date: '2019-05-01',
          body: 'Power shifted; the balance tipped. Of course.',
        }),
        articleFile({ slug: 'heading', title: 'Notes', date: '2019-06-01', body: '## Parliament\n\nText about other things.' }),
        articleFile({ slug: 'body-only', title: 'Letters', date: '2019-07-01', body: 'A word on parliament, once, in passing.' }),
      ],
      pages: [pageFile('about', 'This site is about the balance of things.')],
    });
    site = inMemory(await compile(files), { edgeCache: false });
  });

  it('stems with Porter2: communities finds community, not communism', async () => {
    expect((await results(site, 'communities')).hits).toEqual(['/articles/community']);
    expect((await results(site, 'communist')).hits).not.toContain('/articles/community');
  });

  it('folds accents but ranks the exact spelling first', async () => {
    expect((await results(site, 'café')).hits).toEqual(['/articles/cafe-exact', '/articles/cafe-plain']);
    expect((await results(site, 'cafe')).hits.sort()).toEqual(['/articles/cafe-exact', '/articles/cafe-plain']);
  });

  it('matches a quoted phrase only where its words stand together', async () => {
    expect((await results(site, '"balance of power"')).hits).toEqual(['/articles/balance']);
    expect((await results(site, 'balance power')).hits.sort()).toEqual(['/articles/balance', '/articles/scattered']);
  });

  it('reads curly apostrophes and hyphenated words both ways', async () => {
    expect((await results(site, "nation-state's")).hits).toEqual(['/articles/balance']);
    expect((await results(site, 'nation')).hits).toEqual(['/articles/balance']);
  });

  it('ranks a heading above a passing mention in the body', async () => {
    expect((await results(site, 'parliament')).hits).toEqual(['/articles/heading', '/articles/body-only']);
  });

  it('falls back to any word, and says so, when nothing has them all', async () => {
    const found = await results(site, 'communism zeppelin');
    expect(found.hits).toEqual(['/articles/communism']);
    expect(found.html).toContain('No page has all of your words; these have some of them.');
  });

  it('never fails on stop words: alone they explain themselves, beside a word they are skipped', async () => {
    const only = await results(site, 'the of and');
    expect(only.status).toBe(200);
    expect(only.hits).toEqual([]);
    expect(only.html).toContain('too common to search for');
    expect((await results(site, 'the community of')).hits).toEqual(['/articles/community']);
  });

  it('filters by tag, year and series, typed or followed from a result', async () => {
    expect((await results(site, 'balance tag:history')).hits).toEqual(['/articles/balance']);
    expect((await results(site, 'balance year:2019')).hits).toEqual(['/articles/scattered']);
    expect((await results(site, 'tag:cities')).hits).toEqual(['/articles/community']);
    const balance = await results(site, '"balance of power"');
    expect(balance.html).toContain('href="/search?q=tag%3Ahistory"');
  });

  it('searches pages too, and echoes the query escaped', async () => {
    expect((await results(site, 'things')).hits.sort()).toEqual(['/about', '/articles/heading']);
    const hostile = await results(site, '"><script>alert(1)</script>');
    expect(hostile.status).toBe(200);
    expect(hostile.html).not.toContain('<script>alert');
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('paging', () => {
  let site: Served;
  beforeAll(async () => {
    const articles = Array.from({ length: 25 }, (_, i) =>
      articleFile({
        slug: `essay-${i}`,
        date: `2020-01-${String(i + 1).padStart(2, '0')}`,
        body: `An essay on liberty, number ${i}.`,
      }),
    );
    site = inMemory(await compile(contentFiles({ articles })), { edgeCache: false });
  });

  it('shows ten a page with links to the next and previous pages', async () => {
    const first = await results(site, 'liberty');
    expect(first.hits).toHaveLength(10);
    expect(first.html).toContain('25 results for “liberty”, 1–10 shown.');
    expect(first.html).toContain('href="/search?q=liberty&amp;page=2"');
    const third = await results(site, 'liberty', '&page=3');
    expect(third.hits).toHaveLength(5);
    expect(third.html).toContain('href="/search?q=liberty&amp;page=2"');
    const all = [...first.hits, ...(await results(site, 'liberty', '&page=2')).hits, ...third.hits];
    expect(new Set(all).size).toBe(25);
  });

  it('reads a page number that is not one as the first page, and a page past the end as empty', async () => {
    const first = await results(site, 'liberty');
    for (const page of ['0', '-1', 'NaN', '1e3', ''])
      expect((await results(site, 'liberty', `&page=${page}`)).hits).toEqual(first.hits);
    const past = await results(site, 'liberty', '&page=99999');
    expect(past.status).toBe(200);
    expect(past.hits).toEqual([]);
    expect(past.html).toContain('Go to the first page of results');
  });
});
