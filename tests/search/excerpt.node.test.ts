import { describe, expect, it } from 'vitest';
import { excerpt, parseQuery, plainText } from '../../src/search';

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const LONG = `${'Filler words lead the reader along. '.repeat(20)}At the Congress of Vienna the powers balanced Europe. ${'More filler follows after it. '.repeat(20)}`;

describe('search excerpts', () => {
  it('shows about 30 words around the match, marks the matched words, and ellipses at cut ends', () => {
    const pieces = excerpt(LONG, parseQuery('congress balance', 'en'));
    const text = pieces.map((p) => p.text).join('');
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['Congress', 'balanced']);
    expect(words(text)).toBeLessThanOrEqual(30);
    expect(text.startsWith('… ')).toBe(true);
    expect(text.endsWith(' …')).toBe(true);
  });

  it('marks folded, stemmed and curly-apostrophe forms of the query words', () => {
    const pieces = excerpt('Metternich’s café ran; RUNNING cafes.', parseQuery('metternich cafe runs', 'en'));
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['Metternich’s', 'café', 'RUNNING', 'cafes']);
  });

  it('starts at the beginning when nothing matches, and is plain text, never HTML', () => {
    const pieces = excerpt('<b>Bold</b> & co. say hello.', parseQuery('absent', 'en'));
    expect(pieces).toEqual([{ text: '<b>Bold</b> & co. say hello.', mark: false }]);
    expect(excerpt('', parseQuery('x', 'en'))).toEqual([]);
  });
});

describe('search excerpts of long texts', () => {
  const essay = (middle: string) =>
    `${'Early words on other matters. '.repeat(2000)}${middle} ${'Later words again. '.repeat(2000)}`;

  it('stops reading at the first window with every query word, and still ends in an ellipsis', () => {
    const text = `The congress met; its balance held. ${'Then much else. '.repeat(3000)}The congress and the balance, once more.`;
    const pieces = excerpt(text, parseQuery('congress balance', 'en'));
    const shown = pieces.map((p) => p.text).join('');
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['congress', 'balance']);
    expect(shown.startsWith('The congress met')).toBe(true);
    expect(shown.endsWith(' …')).toBe(true);
    expect(words(shown)).toBeLessThanOrEqual(30);
  });

  it('reads no further than its limit into a very long text, and shows the opening for a filter-only query', () => {
    const late = excerpt(essay('The congress of Vienna.'), parseQuery('congress', 'en'));
    expect(late.some((p) => p.mark)).toBe(false);
    expect(
      late
        .map((p) => p.text)
        .join('')
        .endsWith(' …'),
    ).toBe(true);
    const opening = excerpt(essay('x'), parseQuery('tag:history', 'en'));
    expect(opening.map((p) => p.text).join('')).toMatch(/^Early words on other matters\..* …$/);
  });
});

describe('plain text of markdown', () => {
  it('keeps text and code, takes headings apart, drops footnote markers and decodes entities', () => {
    const plain = plainText(
      '# Vienna &amp; *after*\n\nThe congress[^1] met &eacute;.\n\n```\nlet x = 1;\n```\n\n- one\n- **two**\n\n[^1]: In 1815.\n',
    );
    expect(plain.headings).toEqual(['Vienna & after']);
    expect(plain.text).toBe('The congress met é.\nlet x = 1;\none\ntwo\nIn 1815.');
  });
});
