import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { articleFile, contentFiles, featureSite } from '../support/fixtures';
import { type App, countingKV, countReads, createApp, publish, request } from '../support/worker';

const DUE = '2030-05-01T09:00:00Z';
const HOSTILE_TITLE = '100% {Braces} & co_#1 "quoted" Gödel';

let release: Release;
let app: App;

beforeAll(async () => {
  const site = featureSite();
  release = await publish(
    contentFiles({
      ...site,
      articles: [
        ...site.articles,
        articleFile({ slug: 'renamed', date: '2026-02-02', extra: 'aliases: [/articles/old-name]' }),
        articleFile({ slug: 'hostile', title: HOSTILE_TITLE, date: '2026-02-03' }),
        articleFile({ slug: 'later', title: 'Later', date: DUE, extra: 'aliases: [/articles/before-later]' }),
        articleFile({ slug: 'unfinished', date: '2026-02-04', extra: 'draft: true' }),
      ],
    }),
  );
  app = createApp(release.root);
});

const at = (iso: string) => createApp(release.root, { clock: () => new Date(iso) });
// Decoded by hand: workerd warns when `.text()` reads a type it does not know as text.
const text = async (res: Response): Promise<string> => new TextDecoder().decode(await res.arrayBuffer());

describe('citation files', () => {
  it('serve a BibTeX entry naming the original outlet, as a download cached like a page', async () => {
    const res = await request(app, '/articles/part-three.bib');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/x-bibtex; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="part-three.bib"');
    expect(res.headers.get('Cache-Tag')).toBe(`release:${release.root.id},article:part-three`);
    expect(res.headers.get('Cache-Control')).toContain('s-maxage=');
    expect(await text(res)).toBe(
      [
        '@online{tester2026-part-three,',
        '  author = {Tester, Ada},',
        '  title = {{The Third Part}},',
        '  date = {2026-03-15},',
        '  organization = {Test Site},',
        '  url = {https://blog.example/articles/part-three},',
        '  abstract = {Summary of part-three.},',
        '  keywords = {history},',
        '  note = {Originally published in The Review, December 1, 2025}',
        '}',
        '',
      ].join('\n'),
    );
    const again = await request(app, '/articles/part-three.bib', { headers: { 'If-None-Match': res.headers.get('ETag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('serve a RIS record with CRLF line ends', async () => {
    const res = await request(app, '/articles/essay.ris');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/x-research-info-systems; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="essay.ris"');
    expect(await text(res)).toBe(
      [
        'TY  - BLOG',
        'AU  - Tester, Ada',
        'TI  - Essay one',
        'T2  - Test Site',
        'PY  - 2026',
        'DA  - 2026/04/01',
        'UR  - https://blog.example/articles/essay',
        'AB  - Summary of essay.',
        'KW  - politics',
        'KW  - history',
        'LA  - en',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
  });

  it('escape a hostile title for BibTeX and keep it as written in RIS', async () => {
    const bib = await text(await request(app, '/articles/hostile.bib'));
    expect(bib).toContain('  title = {{100\\% \\textbraceleft{}Braces\\textbraceright{} \\& co\\_\\#1 "quoted" Gödel}},');
    expect(await text(await request(app, '/articles/hostile.ris'))).toContain(`\r\nTI  - ${HOSTILE_TITLE}\r\n`);
  });

  it("cost one KV read on a miss (the article's shard, no body) and none on a hit", async () => {
    // A site of its own: no leaf of it is kept parsed in this isolate yet.
    const own = await publish(featureSite('citation reads'));
    const kv = countingKV();
    const fresh = createApp(own.root);
    expect((await countReads(fresh, kv, '/articles/part-two.ris')).reads.map((k) => k.split('/')[0])).toEqual(['shard']);
    expect((await countReads(fresh, kv, '/articles/part-two.ris')).reads).toEqual([]);
  });

  it('answer HEAD with the headers and no body', async () => {
    const res = await request(app, '/articles/essay.bib', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/x-bibtex; charset=utf-8');
    expect(await text(res)).toBe('');
  });

  it('are a 404 page for an unknown slug, another extension, or a draft', async () => {
    for (const path of ['/articles/nope.bib', '/articles/essay.pdf', '/articles/Essay.ris', '/articles/unfinished.bib']) {
      const res = await request(app, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type'), path).toBe('text/html; charset=UTF-8');
      expect(await text(res), path).toContain('There is no page at this address.');
    }
  });

  it('do not exist for a scheduled article before its time, and do at it', async () => {
    expect((await request(at('2030-05-01T08:59:59.999Z'), '/articles/later.bib')).status).toBe(404);
    expect((await request(at('2030-05-01T08:59:59.999Z'), '/articles/before-later.ris')).status).toBe(404);
    const due = at(DUE);
    const res = await request(due, '/articles/later.ris');
    expect(res.status).toBe(200);
    expect(await text(res)).toContain('\r\nTI  - Later\r\nT2  - Test Site\r\nPY  - 2030\r\nDA  - 2030/05/01\r\n');
    expect(await request(due, '/articles/before-later.ris')).toMatchObject({ status: 301 });
  });

  it("follow an old slug's alias to the new address's file", async () => {
    const res = await request(app, '/articles/old-name.bib');
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe('/articles/renamed.bib');
    // The article page's own alias still works beside it.
    expect((await request(app, '/articles/old-name')).headers.get('Location')).toBe('/articles/renamed');
  });
});

describe('the article page', () => {
  const page = async (slug: string) => (await request(app, `/articles/${slug}`)).text();

  it('has a Chicago reference naming the original outlet, and links to both files', async () => {
    const html = await page('part-three');
    expect(html).toContain(
      '<section class="cite" aria-labelledby="site:cite"><h2 id="site:cite">Cite this</h2><p>Tester, Ada. 2026. “The Third Part.” <i>Test Site</i> (blog), March 15, 2026. https://blog.example/articles/part-three. Originally published in <i>The Review</i>, December 1, 2025.</p><p>Download as <a href="/articles/part-three.bib">BibTeX</a> or <a href="/articles/part-three.ris">RIS</a></p></section>',
    );
    expect(await page('essay')).not.toContain('Originally published in');
  });

  it('carries the four citation meta tags', async () => {
    const html = await page('part-three');
    expect(html).toContain(
      '<meta name="citation_title" content="The Third Part"/><meta name="citation_author" content="Tester, Ada"/><meta name="citation_publication_date" content="2026/03/15"/><meta name="citation_public_url" content="https://blog.example/articles/part-three"/>',
    );
    expect(await page('hostile')).toContain(
      '<meta name="citation_title" content="100% {Braces} &amp; co_#1 &quot;quoted&quot; Gödel"/>',
    );
  });
});
