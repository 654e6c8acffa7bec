import { Marked } from 'marked';
import { markedSmartypants } from 'marked-smartypants';
import { describe, expect, it } from 'vitest';
import { essay } from '../../bench/site';
import { smartypants } from '../../src/render/smartypants';
import { seededRandom } from '../support/fuzz';

// The library's own pass over a whole page: the reference.
const library = markedSmartypants().hooks?.postprocess as (html: string) => string;

const PIECES = [
  'plain words ',
  '"',
  "'",
  '"quoted"',
  "it's the '80s",
  ' -- ',
  '---',
  '...',
  '. . .',
  "``back''",
  '`tick',
  '\\"',
  '\\\\',
  '&#8211;',
  "&nbsp;'x",
  '1',
  '\n',
  ' ',
  '<p>',
  '</p>',
  '<em>',
  '</em>',
  '<a href="/x?a=\'b\'">',
  '</a>',
  '<code>',
  '</code>',
  '<pre class="x">',
  '</pre>',
  '<kbd>',
  '<script>',
  '</script>',
  '<MATH>',
  '<!-- a "comment" -->',
  '<!-- open',
  '<?php "x" ?>',
  '< not a tag',
  'a > b',
];

describe('smartypants', () => {
  it('gives what the library gives for random runs of text and tags (3,000 cases)', () => {
    const random = seededRandom(6);
    for (let i = 0; i < 3000; i++) {
      const html = Array.from({ length: 1 + Math.floor(random() * 14) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(
        '',
      );
      expect(smartypants(html), `case ${i}: ${JSON.stringify(html)}`).toBe(library(html));
    }
  });

  it('gives what the library gives for whole rendered essays', () => {
    const marked = new Marked({ gfm: true, async: false });
    for (const seed of [1, 2, 3]) {
      const html = marked.parse(`${essay(800, seed)}\n\n\`code "x"\` and 'single' -- "double" ... \\"kept\\"`) as string;
      expect(smartypants(html)).toBe(library(html));
    }
  });

  it('curls a quote that is a run of its own by the character before it', () => {
    expect(smartypants('<p>word<em>"</em>x</p>')).toBe('<p>word<em>&#8221;</em>x</p>');
    expect(smartypants('<p> <em>"</em>x</p>')).toBe('<p> <em>&#8220;</em>x</p>');
    expect(smartypants('<code>"</code>')).toBe('<code>"</code>');
  });
});
