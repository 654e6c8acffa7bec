import { describe, expect, it } from 'vitest';
import { millionRelease } from '../../bench/million';
import { benchDate, benchSite, withOneMore } from '../../bench/site';
import { TARGET_NAMES, targets } from '../../bench/targets';
import { loadSite } from '../../src/content/model';
import { compile } from '../support/compile';

describe('the bench sites', () => {
  it('date two articles a day, all of 100,001 before today (publish refuses more than 50 ahead)', () => {
    expect([0, 1, 2, 9_999].map(benchDate)).toEqual(['1870-01-01', '1870-01-01', '1870-01-02', '1883-09-09']);
    expect(benchDate(100_000) < new Date().toISOString().slice(0, 10)).toBe(true);
    const loaded = loadSite(benchSite(12));
    if (!loaded.ok) throw new Error('the bench site does not load');
    expect(loaded.site.articles.at(-1)?.front.date).toBe(`${benchDate(11)}T00:00:00.000Z`);
  });

  it('grow by one article at a time', () => {
    const [small, grown] = [benchSite(20), benchSite(21)];
    expect(grown.articles.slice(0, -1)).toEqual(small.articles);
    expect(grown.articles.at(-1)?.path).toBe('content/articles/article-20.md');
  });

  it('add one new file for one more article, in no series, even where the next index starts one', () => {
    const [site, plusOne] = [benchSite(50), withOneMore(50)];
    expect(plusOne.series).toEqual(site.series);
    expect(plusOne.articles.slice(0, -1)).toEqual(site.articles);
    expect(plusOne.articles.at(-1)?.path).toBe('content/articles/new-essay-50.md');
    expect(plusOne.articles.at(-1)?.text).not.toMatch(/^series:/m);
  });

  it('are what the in-memory million release lists, year by year', async () => {
    const years = (entries: Map<string, string>) => [...entries].filter(([key]) => key.startsWith('year/')).sort();
    const published = years((await compile(benchSite(60))).entries);
    expect(published.length).toBe(2); // 1869, the long essay's, and 1870
    expect(years((await millionRelease(60)).entries)).toEqual(published);
  });
});

describe('the issue 14 targets', () => {
  const pages = ['home', 'archive', 'tag', 'series', 'feed', 'article'];
  const complete: Record<string, number> = {
    'publish.addOne100000.keys': 20,
    'check.10000.seconds': 1.5,
    'cold.essay.p50Ms': 3,
    'cold.epub.p50Ms': 7.5,
    'cold.feed.p50Ms': 2,
    'contender.home.miss.rps': 1000,
    'contender.home.contender.rps': 400,
    'contender.article.miss.rps': 300,
    'contender.article.contender.rps': 100,
  };
  for (const p of pages) {
    for (const size of ['', '.at10', '.at100000']) {
      complete[`cpu.${p}.miss.p50Ms${size}`] = p === 'tag' && size === '.at100000' ? 1.3 : 1;
      complete[`cpu.${p}.floor.p50Ms${size}`] = p === 'feed' ? 0.25 : 0.5;
    }
  }

  it('are exactly the seven, worked out from the figures', () => {
    const t = targets(complete, 60_000);
    expect(Object.keys(t)).toEqual([...TARGET_NAMES]);
    expect(t).toEqual({
      scale_ratio_max: 1.3,
      miss_over_floor_ms_max: 0.8,
      cold_cpu_ms_max: 7.5,
      largest_miss_value_bytes_1m: 60_000,
      keys_one_article_100k: 22,
      check_10k_s: 1.5,
      miss_vs_render_each_time_min: 2.5,
    });
  });

  it('leave out only what a failed piece did not measure', () => {
    const { 'cold.epub.p50Ms': _, ...withoutEpub } = complete;
    const t = targets(withoutEpub, 60_000);
    expect(t.cold_cpu_ms_max).toBeNaN();
    expect(t.check_10k_s).toBe(1.5);
    expect(JSON.parse(JSON.stringify(t)).cold_cpu_ms_max).toBeNull();
  });
});
