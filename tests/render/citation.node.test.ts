import { describe, expect, it } from 'vitest';
import type { ArticleEntry } from '../../src/content/stored';
import { bibtex, type Citation, citationMeta, citationOf, ris } from '../../src/render/citation';
import { ChicagoReference } from '../../src/render/cite-this';

const base: Citation = {
  key: 'tester2026-part-three',
  author: 'Ada Tester',
  title: 'The Third Part',
  date: '2026-03-15',
  container: 'Test Site',
  url: 'https://blog.example/articles/part-three',
  summary: 'Summary of part-three.',
  tags: ['history'],
  language: 'en',
};
const republished: Citation = { ...base, origin: { outlet: 'The Review', date: '2025-12-01' } };

const HOSTILE = '{Braces} 100% & more_of #1 \\ ~ ^ $5 "quoted" Gödel’s Zürich 東京';

const field = (entry: string, name: string): string | undefined =>
  entry.split('\n').find((line) => line.startsWith(`  ${name} = `));

/**
 * Braces as BibTeX and biber count them (a backslash does not hide one): every field must close
 * exactly what it opens, or the parser reads on into the next field or entry.
 */
function balanced(value: string): boolean {
  let depth = 0;
  for (const ch of value) {
    if (ch === '{') depth++;
    if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

const chicago = (c: Citation): string => ChicagoReference({ citation: c }).toString();

describe('citationOf', () => {
  const site = {
    title: 'Test Site',
    description: '',
    baseUrl: 'https://blog.example',
    author: 'Kurt Gödel',
    language: 'en',
    allowHtml: false,
    perPage: 10,
  };
  const article: ArticleEntry = {
    kind: 'article',
    slug: 'part-three',
    title: 'The Third Part',
    date: '2026-03-15T23:30:00.000Z',
    summary: 'Summary of part-three.',
    tags: ['history'],
    words: 100,
    bodyKey: 'md/x',
    corrections: [],
    related: [],
    firstPublished: { outlet: 'The Review', date: '2025-12-01T00:00:00.000Z' },
  };

  it('keys by the surname folded to ASCII, the year and the slug, and dates by the UTC calendar day', () => {
    expect(citationOf(site, article)).toEqual({
      ...republished,
      key: 'godel2026-part-three',
      author: 'Kurt Gödel',
    });
    expect(citationOf({ ...site, author: '東京 太郎' }, article).key).toBe('2026-part-three');
    expect(citationOf({ ...site, author: 'Smith and Sons' }, article).key).toBe('2026-part-three');
  });
});

describe('BibTeX', () => {
  it('writes a biblatex @online entry with the original outlet as a note', () => {
    expect(bibtex(republished)).toBe(
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
  });

  it("escapes LaTeX's special characters and keeps non-ASCII as UTF-8", () => {
    const entry = bibtex({ ...base, title: HOSTILE, container: 'R&D_blog #2' });
    expect(field(entry, 'title')).toBe(
      '  title = {{\\textbraceleft{}Braces\\textbraceright{} 100\\% \\& more\\_of \\#1 \\textbackslash{} \\textasciitilde{} \\textasciicircum{} \\$5 "quoted" Gödel’s Zürich 東京}},',
    );
    expect(field(entry, 'organization')).toBe('  organization = {R\\&D\\_blog \\#2},');
  });

  it('keeps every field balanced, whatever braces the text has', () => {
    for (const title of ['a } b {', '}}}', '{{{', '\\}', 'x\\', HOSTILE]) {
      const entry = bibtex({ ...base, title, summary: title, author: title });
      const fields = entry.split('\n').slice(1, -2);
      for (const line of fields) expect(balanced(line.slice(line.indexOf('= ') + 2).replace(/,$/, '')), line).toBe(true);
    }
  });

  it('writes a title with line breaks and controls on one line', () => {
    expect(field(bibtex({ ...base, title: 'One\ntwo\r\n\tthree\u0000four' }), 'title')).toBe('  title = {{One two three four}},');
  });

  it('names one-word, suffixed, inverted and corporate authors as BibTeX parses them', () => {
    expect(field(bibtex({ ...base, author: 'Plato' }), 'author')).toBe('  author = {Plato},');
    expect(field(bibtex({ ...base, author: 'Martin Luther King Jr.' }), 'author')).toBe('  author = {King, Jr., Martin Luther},');
    expect(field(bibtex({ ...base, author: 'van Beethoven, Ludwig' }), 'author')).toBe('  author = {van Beethoven, Ludwig},');
    // Braced: BibTeX would otherwise read two people, "Smith" and "Sons".
    expect(field(bibtex({ ...base, author: 'Smith and Sons' }), 'author')).toBe('  author = {{Smith and Sons}},');
    expect(field(bibtex({ ...base, author: 'R&D Team' }), 'author')).toBe('  author = {{R\\&D Team}},');
  });

  it('leaves out the author and the keywords when there are none', () => {
    const entry = bibtex({ ...base, author: '  ', tags: [] });
    expect(field(entry, 'author')).toBeUndefined();
    expect(field(entry, 'keywords')).toBeUndefined();
    expect(entry.startsWith('@online{tester2026-part-three,\n  title = ')).toBe(true);
  });

  it('encodes what would end a URL field, and nothing else', () => {
    const url = 'https://blog.example/a%20b_c#d/{x}';
    expect(field(bibtex({ ...base, url }), 'url')).toBe('  url = {https://blog.example/a%20b_c#d/%7Bx%7D},');
  });
});

describe('RIS', () => {
  it('writes a BLOG record with CRLF line ends, ending in ER', () => {
    expect(ris(republished)).toBe(
      [
        'TY  - BLOG',
        'AU  - Tester, Ada',
        'TI  - The Third Part',
        'T2  - Test Site',
        'PY  - 2026',
        'DA  - 2026/03/15',
        'UR  - https://blog.example/articles/part-three',
        'AB  - Summary of part-three.',
        'KW  - history',
        'N1  - Originally published in The Review, December 1, 2025.',
        'LA  - en',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
  });

  it('keeps hostile text as is, one line a field', () => {
    const record = ris({ ...base, title: `${HOSTILE}\nER  - `, author: 'Plato', tags: [] });
    const lines = record.split('\r\n');
    expect(lines).toContain(`TI  - ${HOSTILE} ER -`);
    expect(lines).toContain('AU  - Plato');
    expect(lines.filter((line) => line.startsWith('ER  -'))).toEqual(['ER  - ']);
    expect(lines.slice(0, -1).every((line) => /^[A-Z][A-Z0-9] {2}- /.test(line))).toBe(true);
    expect(record).not.toMatch(/[^\r]\n/);
  });

  it('writes a suffixed name as Last, First, Suffix, and no AU line without an author', () => {
    expect(ris({ ...base, author: 'Martin Luther King Jr.' })).toContain('\r\nAU  - King, Martin Luther, Jr.\r\n');
    expect(ris({ ...base, author: '' })).not.toContain('AU  -');
  });
});

describe('Chicago author-date reference', () => {
  it('cites a blog post, and a republished one with its original outlet and date', () => {
    expect(chicago(base)).toBe(
      '<p>Tester, Ada. 2026. “The Third Part.” <i>Test Site</i> (blog), March 15, 2026. https://blog.example/articles/part-three.</p>',
    );
    expect(chicago(republished)).toBe(
      '<p>Tester, Ada. 2026. “The Third Part.” <i>Test Site</i> (blog), March 15, 2026. https://blog.example/articles/part-three. Originally published in <i>The Review</i>, December 1, 2025.</p>',
    );
  });

  it('leads with the title when there is no author, and never doubles a closing mark', () => {
    expect(chicago({ ...base, author: '', title: 'Why "Peace" Lasted?' })).toBe(
      '<p>“Why ‘Peace’ Lasted?” 2026. <i>Test Site</i> (blog), March 15, 2026. https://blog.example/articles/part-three.</p>',
    );
    expect(chicago({ ...base, author: 'Martin Luther King Jr.' })).toMatch(/^<p>King, Martin Luther, Jr\. 2026\. /);
    expect(chicago({ ...base, author: 'Plato' })).toMatch(/^<p>Plato\. 2026\. /);
  });

  it('escapes hostile text as HTML and formats dates in the site language', () => {
    const html = chicago({ ...base, title: '<b>&</b>', container: 'A <i>', language: 'en-GB' });
    expect(html).toBe(
      '<p>Tester, Ada. 2026. “&lt;b&gt;&amp;&lt;/b&gt;.” <i>A &lt;i&gt;</i> (blog), 15 March 2026. https://blog.example/articles/part-three.</p>',
    );
  });
});

describe('citation meta tags', () => {
  it('gives title, author, publication date and the public URL', () => {
    expect(citationMeta(base)).toEqual([
      ['citation_title', 'The Third Part'],
      ['citation_author', 'Tester, Ada'],
      ['citation_publication_date', '2026/03/15'],
      ['citation_public_url', 'https://blog.example/articles/part-three'],
    ]);
    expect(citationMeta({ ...base, author: '' }).map(([name]) => name)).not.toContain('citation_author');
  });
});
