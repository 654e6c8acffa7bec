import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/content/summaries';

// What countWords counts, as a regular expression: the definition it is checked against.
const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const byExpression = (text: string) => text.match(WORDS)?.length ?? 0;

describe('countWords', () => {
  it('counts words as the expression does, in every script and around every joining mark', () => {
    const texts = [
      '',
      'one',
      "Don't stop — it's 1,000 well-known words’ worth.",
      "- 'quoted' -hyphen- trailing- ’’",
      'Dès Noël, où un zéphyr haï vêt de glaçons würmiens',
      'Война и мир. 戦争と平和。 حرب وسلام',
      'emoji 🚀 between, 𝒳𝒴 mathematical letters, lone \ud800 surrogate \udc00 halves',
      '## Heading\n\n*emphasis* and [a link](/articles/x) and `code_span` and 3.14 and x²',
    ];
    for (const text of texts) expect(countWords(text), text).toBe(byExpression(text));
  });

  it('agrees with the expression on random mixtures of letters, digits, marks and spaces', () => {
    const pieces = ['a', 'Z', '9', 'é', 'ß', 'Ж', '字', '🚀', '𝒳', "'", '’', '-', ' ', '\n', '.', '_', '²', '\u0301', '\ud800'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(byExpression(text));
    }
  });
});
