import { describe, expect, it } from 'vitest';
import { KV_VALUE_LIMIT, MIB } from '../../src/content/limits';
import { type ContentFiles, loadSite, parsedFiles, parseFile } from '../../src/content/model';
import { formatProblem } from '../../src/content/problems';
import { articleFile, contentFiles, pageFile, seriesFile } from '../support/fixtures';

function problemsOf(files: ContentFiles): string[] {
  const loaded = loadSite(files);
  if (loaded.ok) throw new Error('expected problems, but the content was accepted');
  return loaded.problems.map(formatProblem);
}

const article = (slug: string, front: string, body = 'Text.') => ({
  path: `content/articles/${slug}.md`,
  text: `---\n${front}\n---\n${body}\n`,
});

describe('content validation', () => {
  it('accepts a small valid site', () => {
    const loaded = loadSite(contentFiles({ articles: [articleFile({ slug: 'one' })], pages: [pageFile('about')] }));
    expect(loaded.ok).toBe(true);
  });

  it('takes the files parsed as they were read (parseFile) as its own parse, and does not parse them again', () => {
    const valid = contentFiles({
      articles: [article('a', 'title: A\ndate: 2026-01-01\nsummary: S\nseries: s\npart: 1')],
      series: [seriesFile('s')],
      pages: [pageFile('about')],
    });
    const invalid = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-01-01'), article('a2', 'title: [')] });
    const ahead = (files: ContentFiles) => {
      const parsed = parsedFiles();
      for (const f of files.articles) parseFile(parsed, 'article', f);
      for (const f of files.series) parseFile(parsed, 'series', f);
      for (const f of files.pages) parseFile(parsed, 'page', f);
      return parsed;
    };
    // Functions (a doc's `locate`) aside, the same site and the same problems.
    const plain = (files: ContentFiles, parsed?: ReturnType<typeof parsedFiles>) => JSON.stringify(loadSite(files, { parsed }));
    for (const files of [valid, invalid]) expect(plain(files, ahead(files))).toEqual(plain(files));
    expect(loadSite(invalid).ok).toBe(false);
    // What was parsed ahead is what counts: a file is not parsed twice.
    const parsed = ahead(valid);
    const [a] = valid.articles;
    parsed.article.set(a, { ok: false, problems: [{ path: a.path, line: 2, col: 1, message: 'as parsed ahead' }] });
    const loaded = loadSite(valid, { parsed });
    expect(loaded.ok ? [] : loaded.problems.map(formatProblem)).toContain('content/articles/a.md:2:1: as parsed ahead');
  });

  it('names the file and line of a missing required key', () => {
    const files = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-01-01')] });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:2:1: missing required key "summary"']);
  });

  it('points at the value of a key with the wrong type', () => {
    const files = contentFiles({
      articles: [article('a', 'title: A\ndate: 2026-01-01\nsummary: S\nseries: s\npart: two')],
      series: [seriesFile('s')],
    });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:6:7: part: part is a number']);
  });

  it('rejects a date that is not on the calendar', () => {
    const files = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-02-30x\nsummary: S')] });
    expect(problemsOf(files)[0]).toMatch(/^content\/articles\/a\.md:3:7: date: expected a date like 2026-10-02/);
    const impossible = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-13-45\nsummary: S')] });
    expect(problemsOf(impossible)).toEqual(['content/articles/a.md:3:7: date: 2026-13-45: there is no month 13']);
  });

  it('refuses a day the calendar does not have, rather than rolling it over to the next month', () => {
    const cases: [string, string][] = [
      ['2020-02-31', '31 February 2020 does not exist'],
      ['2021-02-29', '29 February 2021 does not exist'],
      ['2026-04-31T09:00:00Z', '31 April 2026 does not exist'],
      ['2026-04-00', '0 April 2026 does not exist'],
      ['2026-04-30T24:00:00Z', '24:00:00 is not a time of day'],
      ['2026-04-30 10:60', '10:60 is not a time of day'],
    ];
    for (const [value, message] of cases) {
      const files = contentFiles({ articles: [article('a', `title: A\ndate: ${value}\nsummary: S`)] });
      expect(problemsOf(files), value).toEqual([`content/articles/a.md:3:7: date: ${message}`]);
    }
    // A leap day that exists passes.
    expect(loadSite(contentFiles({ articles: [article('a', 'title: A\ndate: 2024-02-29\nsummary: S')] })).ok).toBe(true);
    const nested = contentFiles({
      articles: [article('a', 'title: A\ndate: 2026-01-01\nsummary: S\ncorrections:\n  - date: 2026-02-30\n    note: Fixed.')],
    });
    expect(problemsOf(nested)).toEqual(['content/articles/a.md:6:11: corrections.0.date: 30 February 2026 does not exist']);
  });

  it('suggests the right key for a misspelt one', () => {
    const files = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-01-01\nsummary: S\ntgas: [x]')] });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:5:1: unknown key "tgas" (did you mean "tags"?)']);
  });

  it('reports YAML syntax errors with their line', () => {
    const files = contentFiles({ articles: [article('a', 'title: A\ndate: 2026-01-01\nsummary: "unclosed')] });
    // yaml notices the missing quote where the front matter ends.
    expect(problemsOf(files)).toEqual(['content/articles/a.md:5:1: YAML: Missing closing "quote']);
  });

  it('requires front matter', () => {
    const files = contentFiles({ articles: [{ path: 'content/articles/a.md', text: '# Just markdown\n' }] });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:1:1: expected front matter: the file starts with a line "---"']);
  });

  it('says where front matter that is never closed begins', () => {
    const files = contentFiles({ articles: [{ path: 'content/articles/a.md', text: '---\ntitle: A\n\nThe body.\n' }] });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:1:1: front matter is not closed: add a line "---" after it']);
  });

  it('calls an empty file empty, even one of blank lines', () => {
    const files = contentFiles({
      articles: [
        { path: 'content/articles/a.md', text: '' },
        { path: 'content/articles/b.md', text: ' \n\t\n\n' },
      ],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:1:1: empty file: expected front matter starting with a line "---"',
      'content/articles/b.md:1:1: empty file: expected front matter starting with a line "---"',
    ]);
  });

  it('names a missing title', () => {
    const files = contentFiles({ articles: [article('a', 'date: 2026-01-01\nsummary: S')] });
    expect(problemsOf(files)).toEqual(['content/articles/a.md:2:1: missing required key "title"']);
  });

  it('numbers parts from 1, in whole numbers', () => {
    const inSeries = (slug: string, part: string) =>
      article(slug, `title: A\ndate: 2026-01-01\nsummary: S\nseries: s\npart: ${part}`);
    const files = contentFiles({
      articles: [inSeries('a', '0'), inSeries('b', '-2'), inSeries('c', '1.5')],
      series: [seriesFile('s')],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:6:7: part: parts are numbered from 1, not 0',
      'content/articles/b.md:6:7: part: parts are numbered from 1, not -2',
      'content/articles/c.md:6:7: part: part is a whole number, not 1.5',
    ]);
  });

  it('needs the outlet of a republished article, and knows its keys', () => {
    const front = 'title: A\ndate: 2026-01-01\nsummary: S\nfirstPublished:';
    const files = contentFiles({
      articles: [
        article('a', `${front}\n  url: https://review.example/a\n  date: 2025-01-01`),
        article('b', `${front}\n  outlt: The Review\n  date: 2025-01-01`),
        article('c', `${front} The Review`),
      ],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:6:3: missing required key "firstPublished.outlet"',
      'content/articles/b.md:6:3: unknown key "firstPublished.outlt" (did you mean "outlet"?)',
      'content/articles/b.md:6:3: missing required key "firstPublished.outlet"',
      'content/articles/c.md:5:17: firstPublished: expected outlet, date and url on indented lines below it',
    ]);
  });

  it('refuses a body too big for one Workers KV value, counting UTF-8 bytes', () => {
    const front = 'title: A\ndate: 2026-01-01\nsummary: S';
    // 'é' is two bytes: 13 Mi of them (and the final newline) are just over 26 MiB.
    const files = contentFiles({
      articles: [article('big', front, 'é'.repeat(13 * MIB)), article('fits', front, 'x'.repeat(KV_VALUE_LIMIT - 1))],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/big.md:1:1: the body is 26.1 MiB; Workers KV holds at most 25 MiB per value',
    ]);
  });

  it('gives each slug to one file only', () => {
    const a = article('a', 'title: A\ndate: 2026-01-01\nsummary: S');
    const files = contentFiles({ articles: [{ ...a, path: 'content/articles/sub/a.md' }, a] });
    expect(problemsOf(files)).toEqual(['content/articles/sub/a.md:1:1: slug "a" is also content/articles/a.md']);
  });

  it('checks that a series exists and that part numbers are unique', () => {
    const files = contentFiles({
      articles: [
        articleFile({ slug: 'a', series: 'missing', part: 1 }),
        articleFile({ slug: 'b', series: 's', part: 1 }),
        articleFile({ slug: 'c', series: 's', part: 1 }),
      ],
      series: [seriesFile('s')],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:5:9: no series "missing": expected a file content/series/missing.md',
      'content/articles/c.md:6:7: part 1 of "s" is also content/articles/b.md',
    ]);
  });

  it('refuses an alias that would hide a real page', () => {
    const files = contentFiles({
      articles: [articleFile({ slug: 'a', extra: 'aliases:\n  - /old/a\n  - /about' })],
      pages: [pageFile('about')],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:7:5: alias "/about" cannot redirect: it is already the address of content/pages/about.md',
    ]);
  });

  it('validates site.yaml and file names, and reports every problem at once, in order', () => {
    const files = contentFiles({
      site: { path: 'content/site.yaml', text: 'title: T\nbaseUrl: not a url\nauthor: A\n' },
      articles: [
        article('Bad_Name', 'title: A\ndate: 2026-01-01\nsummary: S'),
        article('b', 'title: ""\ndate: 2026-01-01\nsummary: S'),
      ],
      pages: [pageFile('series')],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/Bad_Name.md:1:1: file names use lowercase letters, digits and hyphens, like "the-long-peace.md"',
      'content/articles/b.md:2:8: title: title must not be empty',
      'content/pages/series.md:1:1: "series" is a reserved path; rename the file',
      'content/site.yaml:2:10: baseUrl: expected an absolute http(s) URL like https://example.org/essay',
    ]);
  });

  it('accepts only http(s) addresses for links it will render', () => {
    const front =
      'title: A\ndate: 2026-01-01\nsummary: S\nfirstPublished:\n  outlet: O\n  date: 2025-01-01\n  url: javascript:alert(1)';
    expect(problemsOf(contentFiles({ articles: [article('a', front)] }))).toEqual([
      'content/articles/a.md:8:8: firstPublished.url: expected an absolute http(s) URL like https://example.org/essay',
    ]);
  });

  it('credits the original address only when there is one to credit', () => {
    const origin = 'firstPublished:\n  outlet: O\n  date: 2025-01-01';
    const files = contentFiles({
      articles: [
        article('a', `title: A\ndate: 2026-01-01\nsummary: S\ncanonical: original\n${origin}`),
        article('b', `title: B\ndate: 2026-01-01\nsummary: S\ncanonical: theirs\n${origin}\n  url: https://o.example/b`),
        article('c', `title: C\ndate: 2026-01-01\nsummary: S\ncanonical: original\n${origin}\n  url: https://o.example/c`),
      ],
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:5:12: canonical: original needs firstPublished.url to point at',
      'content/articles/b.md:5:12: canonical: canonical is self or original',
    ]);
  });

  it('keeps aliases off the sitemap addresses', () => {
    const files = contentFiles({ articles: [articleFile({ slug: 'a', extra: 'aliases: [/sitemaps/2019.xml]' })] });
    expect(problemsOf(files)).toEqual([
      'content/articles/a.md:5:11: alias "/sitemaps/2019.xml" cannot redirect: it is an address the site itself uses',
    ]);
  });

  it('refuses an alias with a backslash, which no request can reach as written', () => {
    const front = "title: A\ndate: 2026-03-01\nsummary: S\naliases: ['/old\\page']";
    expect(problemsOf(contentFiles({ articles: [article('a', front)] }))).toEqual([
      'content/articles/a.md:5:11: aliases.0: an alias is a path starting with /, like /2019/old-title, with no space, backslash or control character',
    ]);
  });

  it('refuses an alias on a feed address', () => {
    const front = 'title: A\ndate: 2026-03-01\nsummary: S\naliases: [/feed.xml]';
    expect(problemsOf(contentFiles({ articles: [article('a', front)] }))).toEqual([
      'content/articles/a.md:5:11: alias "/feed.xml" cannot redirect: it is an address the site itself uses',
    ]);
  });

  it('refuses a correction dated before the article', () => {
    const front = 'title: A\ndate: 2026-03-01\nsummary: S\ncorrections:\n  - date: 2026-02-01\n    note: "Early."';
    expect(problemsOf(contentFiles({ articles: [article('a', front)] }))).toEqual([
      'content/articles/a.md:6:3: corrections: a correction is dated before the article',
    ]);
  });

  it('leaves drafts out of what is published', () => {
    const loaded = loadSite(
      contentFiles({ articles: [articleFile({ slug: 'a' }), articleFile({ slug: 'b', extra: 'draft: true' })] }),
    );
    expect(loaded.ok && loaded.site.articles.map((a) => a.slug)).toEqual(['a']);
  });
});
