import { describe, expect, it } from 'vitest';
import { cdataText, xml } from '../../src/content/escape';
import { absolutize, feedBody } from '../../src/render/feed-body';

const PAGE = 'https://blog.example/articles/essay';

describe('absolutize', () => {
  it('resolves every kind of link and image against the article', () => {
    const html =
      '<a href="/about">a</a> <a href="other">b</a> <a href="#fn:1">c</a> <img src=\'./map.svg\'> ' +
      '<a href="https://elsewhere.example/x">d</a> <a HREF="//cdn.example/y">e</a> <img srcset="/a.png 1x, /b.png 2x">';
    expect(absolutize(html, PAGE)).toBe(
      '<a href="https://blog.example/about">a</a> <a href="https://blog.example/articles/other">b</a> ' +
        '<a href="https://blog.example/articles/essay#fn:1">c</a> <img src="https://blog.example/articles/map.svg"> ' +
        '<a href="https://elsewhere.example/x">d</a> <a HREF="https://cdn.example/y">e</a> ' +
        '<img srcset="https://blog.example/a.png 1x, https://blog.example/b.png 2x">',
    );
  });

  it('leaves text that only looks like an attribute alone', () => {
    const code = '<code>href=&quot;/about&quot;</code>';
    expect(absolutize(code, PAGE)).toBe(code);
  });
});

describe('XML output', () => {
  it('escapes text and drops characters XML 1.0 forbids', () => {
    expect(xml('A & B <c> "d" \'e\'\u000b\u0001')).toBe('A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
  });

  it('keeps markup whole in CDATA, splitting any "]]>" inside it', () => {
    expect(`<![CDATA[${cdataText('<p>x]]>y</p>')}]]>`).toBe('<![CDATA[<p>x]]]]><![CDATA[>y</p>]]>');
    const plain = '<p>x]]y</p>';
    expect(cdataText(plain)).toBe(plain);
  });

  it('makes a kept feed body ready once: links absolute, characters XML forbids dropped', () => {
    const article = {
      slug: 'essay',
      title: 'E',
      date: '2026-01-01T00:00:00.000Z',
      summary: 'S',
      tags: [],
      words: 2,
      bodyKey: 'md/x',
    };
    const body = feedBody('<p>Pasted\u000b <a href="#fn:1">1</a>\u0001</p>', article, { baseUrl: 'https://blog.example' });
    expect(body).toBe('<p>Pasted <a href="https://blog.example/articles/essay#fn:1">1</a></p>');
  });
});
