import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseQuery } from '../../src/search';
import { article, searchOnce } from './support';

const normalized = (q: string) => parseQuery(q, 'en').normalized;

describe('search query parsing', () => {
  it('gives spellings of one query one normalized form, and distinct queries distinct forms', () => {
    expect(normalized('Balance  of POWER')).toBe(normalized('balance of power'));
    expect(normalized('year:2018 tag:History congress')).toBe(normalized('congress  TAG:history year:2018'));
    const distinct = [
      'balance power',
      '"balance of power"',
      'balance power tag:x',
      'café',
      'cafe',
      'power balance',
      'balance',
      'tag:x',
      'year:2018',
    ];
    expect(new Set(distinct.map(normalized)).size).toBe(distinct.length);
  });

  it('reads quoted phrases with stop-word gaps, straight or curly quotes', () => {
    const parsed = parseQuery('“balance of power” vienna', 'en');
    expect(parsed.phrases).toEqual([
      {
        text: 'balance of power',
        terms: [
          { term: 'balanc', offset: 0 },
          { term: 'power', offset: 2 },
        ],
      },
    ]);
    expect(parsed.terms.map((t) => t.term)).toEqual(['balanc', 'power', 'vienna']);
  });

  it('treats an unbalanced quote as a phrase to the end, with a note', () => {
    const parsed = parseQuery('vienna "balance of power', 'en');
    expect(parsed.phrases).toHaveLength(1);
    expect(parsed.notes.join(' ')).toMatch(/quote was not closed/);
  });

  it('reads filters, and searches unknown ones as words with a note', () => {
    const parsed = parseQuery('tag:Foreign-Policy series:the-long-peace year:2018 kind:article foo:bar', 'en');
    expect(parsed.filters).toEqual({ tags: ['foreign-policy'], series: ['the-long-peace'], years: ['2018'], kinds: ['article'] });
    expect(parsed.unknownFilters).toEqual(['foo:bar']);
    expect(parsed.terms.map((t) => t.term)).toEqual(['foo', 'bar']);
    expect(parseQuery('year:nineteen', 'en').notes.join(' ')).toMatch(/not a filter/);
  });

  it('cuts long queries and too many terms, and says so', () => {
    const many = parseQuery('one two three four five six seven eight nine ten', 'en');
    expect(many.terms).toHaveLength(MAX_TERMS);
    expect(many.notes.join(' ')).toMatch(/first 8 words/);
    expect(parseQuery('word '.repeat(200), 'en').notes.join(' ')).toMatch(/first 500 characters/);
  });

  it('says why a query is empty: no words, or only common words', () => {
    expect(parseQuery('+++ --- *** "" :', 'en').empty).toBe('no-words');
    expect(parseQuery('', 'en').empty).toBe('no-words');
    expect(parseQuery('to be or not to be', 'en').empty).toBe('only-common-words');
    expect(parseQuery('"to be or not to be"', 'en').empty).toBe('only-common-words');
    expect(parseQuery('the tag:history', 'en').empty).toBeUndefined();
  });

  it('never throws on hostile input, and answers it from an index', async () => {
    const docs = [article(1, { text: 'the balance of power' })];
    const hostile = [
      'x'.repeat(10_000),
      'a '.repeat(5_000),
      '\uD800\uDFFF\uDC00 lone \uD83D',
      '"""',
      '"unbalanced',
      '" " " "',
      '-+*&|!(){}[]^~?:\\/',
      'tag: year: kind:x series:',
      '\u0000\u0007\t\n',
      '%E0%A4%A',
      'ﷺ '.repeat(300),
    ];
    for (const q of hostile) {
      const result = await searchOnce(docs, q);
      expect(result.total).toBeGreaterThanOrEqual(0);
      expect(result.parsed.normalized.length).toBeLessThan(1_000);
    }
  });
});
