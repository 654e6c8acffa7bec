import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Articles, a series and a page whose every free-text field carries an XSS payload, for the
 * browser test of hostile content. Each payload that could run either calls alert() (any dialog
 * fails the test) or sets `window.pwned`; a tag-typed field (tags, slugs, dates) is validated and
 * cannot carry markup, and `firstPublished.url` must be an absolute http(s) URL, so it breaks out
 * of its attribute instead.
 */
export const HOSTILE = {
  title: `</title><script>alert('title')</script><img src=x onerror=alert('title-img')>`,
  summary: `"><svg onload=alert('summary')><script>window.pwned='summary'</script>`,
  outlet: `<a href="javascript:alert('outlet')">The Outlet</a><iframe src="javascript:alert('outlet-frame')"></iframe>`,
  url: `https://example.org/essay?q="><script>alert('url')</script>`,
  correction: `<img src=x onerror=alert('correction')></li></ul><script>window.pwned='correction'</script>`,
  partTwo: `<svg><script>alert('part-two')</script></svg>`,
  partTwoSummary: `<iframe srcdoc="<script>parent.alert('srcdoc-summary')</script>"></iframe>`,
  series: `<svg><script>alert('series')</script></svg><a href="&#106;avascript:alert('series-link')">x</a>`,
  seriesSummary: `<img src=x onerror=alert('series-summary')>`,
  planned: `<iframe src=javascript:alert('planned')></iframe>`,
  page: `<script>alert('page')</script>`,
  pageSummary: `" onmouseover="alert('page-summary')" x="`,
} as const;

/** Markdown payloads: shown as text with raw HTML off; blocked by the CSP with it on. */
export const MARKDOWN_PAYLOADS = `
<script>alert('md-script')</script>

<script>window.pwned = 'md-script-flag'</script>

Inline <img src=x onerror=alert('md-img')> image, <svg onload=alert('md-svg')></svg> and <svg/onload=alert('md-svg-slash')>.

<svg><script>alert('md-svg-script')</script></svg>

<iframe src="javascript:alert('md-iframe')"></iframe>
<iframe srcdoc="<script>parent.alert('md-srcdoc')</script>"></iframe>
<iframe src="data:text/html,<script>alert('md-iframe-data')</script>"></iframe>
<object data="data:text/html,<script>alert('md-object')</script>"></object>
<embed src="data:text/html,<script>alert('md-embed')</script>">

<a href="javascript:alert('md-raw-link')">raw javascript link</a>
<a href="JaVaScRiPt:alert('md-raw-case')">raw mixed-case link</a>
<a href="&#106;avascript:alert('md-raw-entity')">raw entity link</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnbWQtcmF3LWRhdGEnKTwvc2NyaXB0Pg==">raw data link</a>

[javascript link](javascript:alert('md-link')), [mixed case](JaVaScRiPt:alert('md-link-case')),
[entity](&#106;avascript:alert('md-link-entity')), [hex](&#x6A;&#x61;vascript&#58;alert('md-link-hex')),
[named colon](javascript&colon;alert('md-link-colon')), [tab](java&#x09;script:alert('md-link-tab')),
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgnbWQtbGluay1kYXRhJyk8L3NjcmlwdD4=),
[vbscript](vbscript:msgbox('md-vbscript')), [reference][bad], <javascript:alert('md-autolink')>,
<https://example.org/"onmouseover="alert('md-autolink-attr')>, www.example.org/"onmouseover="alert('md-www')
and ![image](data:image/png;base64,x "title\\" onerror=\\"alert('md-title')") ![alt" onerror="alert('md-alt')](data:image/png;base64,x)
![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoJ21kLXN2Zy1kYXRhJyk+PC9zdmc+)

[bad]: javascript:alert('md-reference')

<form action="javascript:alert('md-form')"><button>Go</button></form>

<noscript><p title="</noscript><img src=data:image/png;base64,x onerror=alert('md-noscript')>"></noscript>

<details open ontoggle=alert('md-toggle')><summary>toggle</summary>x</details>

<div style="background:url(javascript:alert('md-style-attr'))" onmouseover="alert('md-hover')">hover me</div>

<style>body{background:red}</style>

<base href="javascript:alert('md-base')//">

Footnote.[^x]

[^x]: A note <script>alert('md-footnote')</script> with [a link](javascript:alert('md-footnote-link')).

\`\`\`html
<script>alert('md-code')</script>
\`\`\`

Code \`<script>alert('md-codespan')</script>\` in a line.
`;

// Enough words (1,500) and sections (3) for the article's table of contents, which lists headings.
const filler = Array.from({ length: 520 }, (_, i) => `word${i % 50}`).join(' ');
const BODY = `${MARKDOWN_PAYLOADS}
## <img src=x onerror=alert('md-heading')> First section

${filler}

## <script>alert('md-heading-2')</script> Second section

${filler}

## Third [section](javascript:alert('md-heading-link'))

${filler}
`;

const yaml = (value: string): string => JSON.stringify(value);

/** The pages where the payloads show, other than the feeds (XML, not rendered by a browser). */
export const HOSTILE_PAGES = {
  article: '/articles/hostile-one',
  partTwo: '/articles/hostile-two',
  home: '/',
  tag: '/tags/hostile',
  seriesList: '/series',
  series: '/series/hostile-series',
  readingView: '/series/hostile-series/all',
  archiveYear: '/archive/2025',
  page: '/hostile-page',
} as const;

/** Addresses with payloads in the path and the query, which no page may echo. */
export const HOSTILE_ADDRESSES = [
  `/"><script>alert('path')</script>`,
  `/articles/<img src=x onerror=alert('article-path')>`,
  `/tags/"><svg onload=alert('tag-path')>`,
  `/no-such-page?q="><script>alert('query')</script>`,
];

/** Write the hostile content into a project copy; `allowHtml` is the site.yaml setting under test. */
export async function writeHostileContent(dir: string, { allowHtml }: { allowHtml: boolean }): Promise<void> {
  const content = join(dir, 'content');
  const site = (await readFile(join(content, 'site.yaml'), 'utf8')).replace(/^(allowHtml|perPage):.*\n/gm, '');
  // Every article on the home page, so the home page shows the hostile ones whatever the sample holds.
  await writeFile(join(content, 'site.yaml'), `${site}allowHtml: ${allowHtml}\nperPage: 20\n`);
  await writeFile(
    join(content, 'articles/hostile-one.md'),
    [
      '---',
      `title: ${yaml(HOSTILE.title)}`,
      'date: 2025-06-01',
      'updated: 2025-06-03',
      `summary: ${yaml(HOSTILE.summary)}`,
      'tags: [hostile, history]',
      'series: hostile-series',
      'part: 1',
      'corrections:',
      `  - date: 2025-06-02`,
      `    note: ${yaml(HOSTILE.correction)}`,
      'firstPublished:',
      `  outlet: ${yaml(HOSTILE.outlet)}`,
      `  url: ${yaml(HOSTILE.url)}`,
      '  date: 2025-05-01',
      'canonical: original',
      '---',
      BODY,
    ].join('\n'),
  );
  await writeFile(
    join(content, 'articles/hostile-two.md'),
    [
      '---',
      `title: ${yaml(HOSTILE.partTwo)}`,
      'date: 2025-06-02',
      `summary: ${yaml(HOSTILE.partTwoSummary)}`,
      'tags: [hostile]',
      'series: hostile-series',
      'part: 2',
      '---',
      MARKDOWN_PAYLOADS,
    ].join('\n'),
  );
  await writeFile(
    join(content, 'series/hostile-series.md'),
    [
      '---',
      `title: ${yaml(HOSTILE.series)}`,
      `summary: ${yaml(HOSTILE.seriesSummary)}`,
      `planned: [${yaml(HOSTILE.planned)}]`,
      '---',
      MARKDOWN_PAYLOADS,
    ].join('\n'),
  );
  await writeFile(
    join(content, 'pages/hostile-page.md'),
    ['---', `title: ${yaml(HOSTILE.page)}`, `summary: ${yaml(HOSTILE.pageSummary)}`, '---', MARKDOWN_PAYLOADS].join('\n'),
  );
}
