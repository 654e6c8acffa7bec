import { describe, expect, it } from 'vitest';
import { essay } from '../../bench/site';
import { linkProblems } from '../../src/cli/links';
import { type ContentFiles, loadSite } from '../../src/content/model';
import { formatProblem } from '../../src/content/problems';
import { linksIn, quickLinksIn } from '../../src/render/links';
import { articleFile, contentFiles, pageFile, SITE_YAML, seriesFile } from '../support/fixtures';
import { MARKDOWN_PAYLOADS } from '../support/hostile-content';

// The check runs at this moment: articles dated after it are scheduled.
const NOW = new Date('2026-06-01T12:00:00Z');

const SUMMER = `## The Summer

The river stank.[^1]

### What they built

[^1]: A note.
`;

/** A small site every link below is checked against; `body` is the one article under test. */
function site(body: string, more: Partial<ContentFiles> = {}): ContentFiles {
  return contentFiles({
    articles: [
      articleFile({ slug: 'the-summer', date: '2026-01-05', tags: ['history'], series: 'saga', part: 1, body: SUMMER }),
      articleFile({ slug: 'renamed', date: '2025-03-01', extra: 'aliases:\n  - /2019/old-title' }),
      articleFile({ slug: 'later', date: '2026-09-01T09:00', tags: ['future'] }),
      articleFile({ slug: 'wip', extra: 'draft: true', body: '[Not checked](/articles/nowhere) while a draft.' }),
      articleFile({ slug: 'linking', date: '2026-02-01', body }),
    ],
    series: [seriesFile('saga'), seriesFile('empty')],
    pages: [pageFile('about', '## Who writes here\n\nMe.')],
    assets: ['/assets/map.svg', '/assets/river map.png'],
    ...more,
  });
}

function problemsOf(files: ContentFiles): string[] {
  const loaded = loadSite(files);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return linkProblems(loaded.site, files, NOW).map(formatProblem);
}

// articleFile writes five lines of front matter for `linking`, so its body starts on line 6.
const at = (line: number, col: number, message: string) => `content/articles/linking.md:${line + 5}:${col}: ${message}`;

describe('internal links', () => {
  it('accepts every kind of address the site answers, as browsers write them', () => {
    const good = [
      '/',
      '/articles/the-summer',
      'https://blog.example/articles/the-summer',
      'http://blog.example/articles/the-summer/',
      '//blog.example/about',
      '/articles/the-summer?utm_source=feed',
      '/articles/the-summer.bib',
      '/articles/the-summer.ris',
      'the-summer',
      '../about',
      '/2019/old-title',
      '/2019/old-title/',
      '/series',
      '/series/page/1',
      '/series/saga',
      '/series/saga/all',
      '/series/saga.epub',
      '/series/saga/feed.json',
      '/series/empty',
      '/tags/history',
      '/tags/history/atom.xml',
      '/archive',
      '/archive/2026',
      '/page/1',
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      '/search?q=river+thames',
      '/search/atom.xml?q=river',
      '/opensearch.xml',
      '/sitemap.xml',
      '/robots.txt',
      '/about',
      '/assets/map.svg',
      '/assets/river%20map.png',
      '</assets/river map.png>',
      '/articles/the-summer#the-summer',
      '/articles/the-summer#what-they-built',
      '/articles/the-summer#fn:1',
      '/2019/old-title#site:main',
      '/about#who-writes-here',
      '#site:main',
    ];
    expect(problemsOf(site(good.map((href) => `[x](${href})`).join('\n')))).toEqual([]);
  });

  it('ignores links to other sites and other schemes, and links inside code', () => {
    const body = [
      '[a](https://example.org/articles/nope) [b](//other.example/x) [c](mailto:ada@example.org)',
      '[d](https://blog.example.evil/articles/nope) [e](tel:+441234)',
      '`[f](/articles/nope)`',
      '',
      '```',
      '[g](/articles/nope)',
      '```',
    ].join('\n');
    expect(problemsOf(site(body))).toEqual([]);
  });

  it('names a missing article, series, tag, page or year, at the link, with the nearest existing one', () => {
    const body = [
      'See [it](/articles/the-sumer) and [that](/articles/no-such-article).',
      '[s](/series/sag) [t](/tags/histry) [p](/abuot) [y](/archive/2016)',
      '[k](/article/the-summer) [c](/Articles/The-Summer) [e](/series/sagga.epub) [n](/page/3) [q](/series/page/2)',
    ].join('\n');
    expect(problemsOf(site(body))).toEqual([
      at(1, 10, 'link "/articles/the-sumer": there is no article "the-sumer" (did you mean "/articles/the-summer"?)'),
      at(1, 42, 'link "/articles/no-such-article": there is no article "no-such-article"'),
      at(2, 5, 'link "/series/sag": there is no series "sag" (did you mean "/series/saga"?)'),
      at(2, 22, 'link "/tags/histry": no published article has the tag "histry" (did you mean "/tags/history"?)'),
      at(2, 40, 'link "/abuot": there is no such page (did you mean "/about"?)'),
      at(2, 52, 'link "/archive/2016": no published article is dated in "2016" (did you mean "/archive/2026"?)'),
      at(3, 5, 'link "/article/the-summer": there is no such page (did you mean "/articles/the-summer"?)'),
      at(3, 30, 'link "/Articles/The-Summer": there is no such page (did you mean "/articles/the-summer"?)'),
      at(3, 56, 'link "/series/sagga.epub": there is no series "sagga" (did you mean "/series/saga.epub"?)'),
      at(3, 80, 'link "/page/3": the list of articles has 1 page'),
      at(3, 93, 'link "/series/page/2": the list of series has 1 page'),
    ]);
  });

  it('names a missing image in the content folder, and says where a page-relative link leads', () => {
    const body = '![A map](/assets/mpa.svg)\n\n![Plan](plan.png) [about](../abut)\n[s](the-summer.md) [a](../pages/about.md)';
    expect(problemsOf(site(body))).toEqual([
      at(1, 10, 'image "/assets/mpa.svg": no file content/assets/mpa.svg (did you mean "/assets/map.svg"?)'),
      at(3, 9, 'image "plan.png" leads to "/articles/plan.png": there is no article "plan.png"'),
      at(3, 27, 'link "../abut" leads to "/abut": there is no such page (did you mean "/about"?)'),
      at(
        4,
        5,
        'link "the-summer.md" leads to "/articles/the-summer.md": a link names the address of a page, not its file (did you mean "/articles/the-summer"?)',
      ),
      at(
        4,
        24,
        'link "../pages/about.md" leads to "/pages/about.md": a link names the address of a page, not its file (did you mean "/about"?)',
      ),
    ]);
  });

  it('checks #anchors against the ids the renderer gives the target page, and this one', () => {
    const body = '## Sources\n\n[a](/articles/the-summer#the-sumer) [b](#source) [c](#sources) [d](/about#who)';
    expect(problemsOf(site(body))).toEqual([
      at(
        3,
        5,
        'link "/articles/the-summer#the-sumer": content/articles/the-summer.md has no heading or note with the id "the-sumer" (did you mean "#the-summer"?)',
      ),
      at(3, 41, 'link "#source": this page has no heading or note with the id "source" (did you mean "#sources"?)'),
      at(3, 68, 'link "/about#who": content/pages/about.md has no heading or note with the id "who"'),
    ]);
  });

  it('finds reference-style links at their use, and links in footnotes', () => {
    const body = 'Read [the essay][essay] again.[^n]\n\n[^n]: As [argued](/articles/nope).\n\n[essay]: /articles/gone';
    expect(problemsOf(site(body))).toEqual([
      at(1, 6, 'link "/articles/gone": there is no article "gone"'),
      at(3, 19, 'link "/articles/nope": there is no article "nope"'),
    ]);
  });

  it('refuses a link that would lead nowhere until its scheduled target is out', () => {
    const body = '[soon](/articles/later) and [tag](/tags/future)';
    expect(problemsOf(site(body))).toEqual([
      at(
        1,
        8,
        'link "/articles/later": content/articles/later.md is scheduled for 2026-09-01 09:00 UTC, so until then this link leads nowhere (date this article no earlier, or add the link once it is out)',
      ),
      at(
        1,
        35,
        'link "/tags/future": the tag "future" is scheduled for 2026-09-01 09:00 UTC, so until then this link leads nowhere (date this article no earlier, or add the link once it is out)',
      ),
    ]);
    // Dated no earlier than its target, the link never leads nowhere: both appear together.
    const later = site('[soon](/articles/later)', {});
    later.articles[4] = articleFile({ slug: 'linking', date: '2026-09-02', body: '[soon](/articles/later)' });
    expect(problemsOf(later)).toEqual([]);
    // A page is always visible, so it can only link to what is out.
    const page = site('Nothing.', { pages: [pageFile('about', '[soon](/articles/later)')] });
    expect(problemsOf(page)).toEqual([
      'content/pages/about.md:4:8: link "/articles/later": content/articles/later.md is scheduled for 2026-09-01 09:00 UTC, so until then this link leads nowhere (add the link once it is out)',
    ]);
  });

  it('refuses a link to a draft, or to the book of a series with no part out, but not links inside a draft', () => {
    const body = '[wip](/articles/wip) [book](/series/empty.epub)';
    expect(problemsOf(site(body))).toEqual([
      at(1, 7, 'link "/articles/wip": content/articles/wip.md is a draft, so it is not published'),
      at(1, 29, 'link "/series/empty.epub": content/series/empty.md has no published part yet'),
    ]);
  });

  it('checks href and src in raw HTML, and takes its ids as anchors, only where the site allows raw HTML', () => {
    const body =
      '<p>See <a href="/articles/nope">this</a>.</p>\n\n<img alt="x" src=\'/assets/nope.png\'>\n\n<p id=jump>Here.</p>\n\n[j](#jump)';
    // Shown as text, the HTML has neither links nor ids.
    expect(problemsOf(site(body))).toEqual([at(7, 5, 'link "#jump": this page has no heading or note with the id "jump"')]);
    const html = site(body, { site: { path: 'content/site.yaml', text: `${SITE_YAML}allowHtml: true\n` } });
    expect(problemsOf(html)).toEqual([
      at(1, 17, 'link "/articles/nope": there is no article "nope"'),
      at(3, 19, 'image "/assets/nope.png": no file content/assets/nope.png'),
    ]);
  });

  it('checks firstPublished.url when it is an address on this site', () => {
    const files = site('Text.');
    files.articles[4] = articleFile({
      slug: 'linking',
      extra: 'firstPublished:\n  outlet: Here\n  url: https://blog.example/articles/first\n  date: 2025-01-01',
    });
    expect(problemsOf(files)).toEqual([
      'content/articles/linking.md:7:8: firstPublished.url "https://blog.example/articles/first": there is no article "first"',
    ]);
  });

  it('says so when a percent sign does not start an encoded byte', () => {
    expect(problemsOf(site('[x](/articles/%zz)'))).toEqual([
      at(1, 5, 'link "/articles/%zz": "%" starts a percent-encoded byte, like %20 for a space'),
    ]);
  });

  it('reads cheaply only bodies where the regular expressions miss no link the renderer finds', () => {
    const bodies = [
      SUMMER,
      essay(2000, 3),
      '[a](/x "title") [b][r] [c][] ![d](/assets/d.png)\n\n[r]: /y\n[c]:\n  /z \'Zed\'\n\n[^1]: Note.',
      MARKDOWN_PAYLOADS,
      '[b](</y z>) [c](/p(q))',
      '[r]\n\n[r]: <spaced path>',
    ];
    const read = { allowHtml: true, host: 'blog.example' };
    const quick = bodies.map((body) => quickLinksIn(body, read));
    // Raw HTML, spaces and parentheses in a destination send a body to the full reading.
    expect(quick.map((hrefs) => hrefs !== undefined)).toEqual([true, true, true, false, false, false]);
    expect(quick[2]).toEqual(['/x', '/assets/d.png', '/y', '/z']);
    for (const [i, hrefs] of quick.entries()) {
      if (!hrefs) continue;
      for (const link of linksIn(bodies[i], read)) expect(hrefs).toContain(link.href);
      expect(hrefs.length).toBeGreaterThanOrEqual(linksIn(bodies[i], read).length);
    }
    expect(quick[1]?.length).toBeGreaterThan(10);
  });
});
