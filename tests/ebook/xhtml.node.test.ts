import { describe, expect, it } from 'vitest';
import { bookIdentifier, editionOf } from '../../src/ebook/epub';
import { toXhtml } from '../../src/ebook/xhtml';
import { renderMarkdown } from '../../src/render/markdown';
import { placeBody } from '../../src/render/place';

describe('toXhtml', () => {
  it('closes void elements and drops their end tags', () => {
    expect(toXhtml('<p>a<br>b<br/>c</p><hr><img src="x.png" alt="X"><wbr></wbr>')).toBe(
      '<p>a<br/>b<br/>c</p><hr/><img src="x.png" alt="X"/><wbr/>',
    );
  });

  it('gives attributes without a value an empty one, and quotes bare values', () => {
    expect(toXhtml('<input checked disabled type=checkbox>')).toBe('<input checked="" disabled="" type="checkbox"/>');
    expect(toXhtml("<section class='footnotes' data-footnotes>")).toBe('<section class="footnotes" data-footnotes="">');
  });

  it('renames attribute names XML would read as a namespace prefix, and keeps the first of repeated ones', () => {
    expect(toXhtml('<a href="#x" data-fn:ref>1</a>')).toBe('<a href="#x" data-fn-ref="">1</a>');
    expect(toXhtml('<p class="a" class="b">x</p>')).toBe('<p class="a">x</p>');
  });

  it('knows only XML entities: bare ampersands escaped, named ones numeric, unknown ones shown as text', () => {
    expect(toXhtml('<p>R & D &amp; &lt;b&gt; &#8220;x&#x201D; a&nbsp;b &mdash; &bogus;</p>')).toBe(
      '<p>R &amp; D &amp; &lt;b&gt; &#8220;x&#x201D; a&#160;b &#8212; &amp;bogus;</p>',
    );
    expect(toXhtml('<a href="/x?a=1&b=2" title="a &copy; b">x</a>')).toBe('<a href="/x?a=1&amp;b=2" title="a &#169; b">x</a>');
  });

  it('leaves a quoted > inside an attribute alone', () => {
    expect(toXhtml('<img alt="a > b" src="x">')).toBe('<img alt="a > b" src="x"/>');
  });

  it('turns marked output, footnotes, task lists and tables included, into XML a parser accepts', () => {
    const { html } = renderMarkdown('A[^1] & B  \nC\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n\n---\n\n[^1]: Note.\n', {
      allowHtml: false,
    });
    const xhtml = toXhtml(placeBody(html, { prefix: 'p1-', link: (h) => h }));
    expect(xhtml).not.toMatch(/<(br|hr|input)(\s[^>]*[^/])?>/);
    expect(xhtml).not.toMatch(/\s[a-z-]+:[a-z-]+=/);
    expect(xhtml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
  });
});

describe('placeBody', () => {
  it('prefixes ids and the links and references to them, making each an XML name', () => {
    const html = '<h2 id="1815">x</h2><a id="fn:ref-1" href="#fn:1" aria-describedby="fn:label">1</a><a href="/articles/b">b</a>';
    expect(placeBody(html, { prefix: 'p2-', link: (h) => `L${h}` })).toBe(
      '<h2 id="p2-1815">x</h2><a id="p2-fn.ref-1" href="#p2-fn.1" aria-describedby="p2-fn.label">1</a><a href="L/articles/b">b</a>',
    );
  });
});

describe('the book identity', () => {
  it('is the RFC 4122 version-5 UUID of the series address', async () => {
    expect(await bookIdentifier('https://blog.example', 'saga')).toBe('urn:uuid:08f298b4-f020-5dbb-ac31-822cfdcfc777');
  });

  it('dates an edition by its latest publication or change', () => {
    const part = (date: string, modified?: string) => ({
      slug: 'a',
      title: 'a',
      date,
      summary: '',
      tags: [],
      words: 1,
      bodyKey: 'md/a',
      modified,
    });
    expect(editionOf([part('2026-01-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'), part('2026-03-01T00:00:00.000Z')])).toBe(
      '2026-05-01T00:00:00.000Z',
    );
  });
});
