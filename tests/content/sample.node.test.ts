import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/cli/files';
import { loadSite } from '../../src/content/model';
import { countWords } from '../../src/content/summaries';

// The sample site is the newcomer's first sight of Quire and the guide; it must show every feature.
describe('the sample site in content/', async () => {
  const files = await readContent('content');
  const loaded = loadSite(files);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n'));
  const { site } = loaded;
  const all = loadSite(files, { drafts: true });

  it('has a series of at least three parts with a synopsis and a planned part', () => {
    const series = site.series.find(
      (s) => site.articles.filter((a) => a.front.series === s.slug).length >= 3 && s.front.planned.length > 0,
    );
    expect(series?.body.trim().length).toBeGreaterThan(100);
  });

  it('has a republished article, a correction, an update, an alias and tags', () => {
    expect(site.articles.some((a) => a.front.firstPublished?.url)).toBe(true);
    expect(site.articles.some((a) => a.front.corrections.length > 0)).toBe(true);
    expect(site.articles.some((a) => a.front.updated)).toBe(true);
    expect(site.articles.some((a) => a.front.aliases.length > 0)).toBe(true);
    expect(new Set(site.articles.flatMap((a) => a.front.tags)).size).toBeGreaterThan(3);
  });

  it('has a long article (4,000 words or more) with headings and footnotes', () => {
    const long = site.articles.find((a) => countWords(a.body) >= 4000);
    expect(long?.body).toMatch(/^## /m);
    expect(long?.body).toMatch(/\[\^\w+\]:/);
  });

  it('has a draft that is not published, and an about page', () => {
    expect(all.ok && all.site.articles.length).toBe(site.articles.length + 1);
    expect(site.pages.map((p) => p.slug)).toContain('about');
  });
});
