import { describe, expect, it } from 'vitest';
import { decodeFeedItems, decodeRendered, encodeFeedItems, encodeRendered, unframe } from '../../src/content/framed';

const html = '<h2 id="a">“Quotes” — and\nnewlines</h2>\n<p>Emoji 🏛️, a backslash \\ and "JSON-looking" {"x":1}\n</p>';

describe('framed kept values', () => {
  it('round-trips a rendered body with newlines, quotes and astral characters', () => {
    const rendered = { html, toc: [{ id: 'a', text: '“Quotes”', level: 2 }] };
    const text = encodeRendered(rendered);
    expect(text.split('\n')[0]).not.toContain('<h2');
    expect(text.endsWith(html)).toBe(true);
    expect(decodeRendered(text)).toEqual(rendered);
  });

  it('round-trips a body with its sidenotes, the marks kept as HTML after it', () => {
    const rendered = { html, toc: [], sidenotes: { cuts: [3, 5, 9, 9], marks: ['<span>"a"\n</span>', ''] } };
    const text = encodeRendered(rendered);
    expect(text.split('\n')[0]).toContain('"cuts":[3,5,9,9]');
    expect(text.endsWith(`${html}<span>"a"\n</span>`)).toBe(true);
    expect(decodeRendered(text)).toEqual(rendered);
  });

  it('reads sidenotes out of order, out of the body or without their marks as damage', () => {
    const good = encodeRendered({ html, toc: [], sidenotes: { cuts: [3, 5], marks: ['<b>'] } });
    const damaged = [
      good.replace('"cuts":[3,5]', '"cuts":[5,3]'),
      good.replace('"cuts":[3,5]', `"cuts":[3,${html.length + 1}]`),
      good.replace('"cuts":[3,5]', '"cuts":[3,5,6,7]'),
      good.replace('"cuts":[3,5]', '"cuts":[3,-5]'),
      good.replace(',"cuts":[3,5]', ''), // marks with no spans
    ];
    for (const text of damaged) expect(decodeRendered(text), text.slice(0, 60)).toBeNull();
  });

  it('round-trips a feed window, empty bodies included', () => {
    const article = {
      slug: 'a',
      title: 'A',
      date: '2026-01-01T00:00:00.000Z',
      summary: 'S',
      tags: [],
      words: 3,
      bodyKey: 'md/x',
    };
    const items = { articles: [article, { ...article, slug: 'b' }], html: [html, ''] };
    expect(decodeFeedItems(encodeFeedItems(items))).toEqual(items);
  });

  it('reads a damaged or foreign value as absent, so it is built again', () => {
    const good = encodeRendered({ html, toc: [] });
    const damaged = [
      good.slice(0, -1), // truncated
      `${good}x`, // trailing bytes
      good.replace('"lengths":[', '"lengths":[1,'), // lengths that do not add up
      good.replace('"lengths":[', '"lengths":[-1,'),
      `{"toc":[]}\n${html}`, // no lengths
      JSON.stringify({ html, toc: [] }), // the old JSON layout
      `not json\n${html}`,
      '',
    ];
    for (const text of damaged) expect(decodeRendered(text), text.slice(0, 40)).toBeNull();
    expect(decodeRendered(null)).toBeNull();
    expect(decodeFeedItems(encodeRendered({ html, toc: [] }))).toBeNull();
    expect(unframe('{"lengths":[2]}\nab')?.parts).toEqual(['ab']);
  });
});
