import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fold, INDEX_VERSION } from '../../src/search';
import { analyzer, type PlacedTerm, placeTerms } from '../../src/search/text';

const terms = (text: string, language = 'en'): PlacedTerm[] => {
  const out: PlacedTerm[] = [];
  placeTerms(text, analyzer(language), 0, (term) => out.push(term));
  return out;
};

describe('search text', () => {
  it('folds case, accents, compatibility forms and curly apostrophes', () => {
    expect(fold('Café')).toBe('cafe');
    expect(fold('CAFE\u0301')).toBe('cafe');
    expect(fold('Œuvre ﬁne')).toBe('œuvre fine');
    expect(fold('don’t')).toBe("don't");
  });

  it('gives curly and straight apostrophes, and the possessive, one term', () => {
    expect(terms('Metternich’s')).toEqual(terms("metternich's"));
    expect(terms("Metternich's").map((t) => t.term)).toEqual(['metternich']);
    expect(terms('o’neill')).toEqual(terms("O'Neill"));
  });

  it('indexes an accented word folded, with an exact variant beside it', () => {
    expect(terms('café')).toEqual([{ term: 'cafe', exact: '=café', position: 0 }]);
    expect(terms('cafe')).toEqual([{ term: 'cafe', position: 0 }]);
  });

  it('indexes a hyphenated word as its parts at consecutive positions and as the joined whole', () => {
    expect(terms('the nation-state rose')).toEqual([
      { term: 'nationst', position: 1 },
      { term: 'nation', position: 1 },
      { term: 'state', position: 2 },
      { term: 'rose', position: 3 },
    ]);
    expect(terms('nationstate')[0].term).toBe('nationst');
  });

  it('leaves stop words out but keeps their positions', () => {
    expect(terms('balance-of-power')).toEqual([
      { term: 'balanceofpow', position: 0 },
      { term: 'balanc', position: 0 },
      { term: 'power', position: 2 },
    ]);
    expect(terms('the balance of power').map((t) => [t.term, t.position])).toEqual([
      ['balanc', 1],
      ['power', 3],
    ]);
  });

  it('stems with Porter2, which keeps communism apart from community (Porter 1 merges them)', () => {
    const stem = (word: string) => terms(word)[0].term;
    expect(stem('communism')).not.toBe(stem('community'));
    expect(stem('running')).toBe('run');
    expect(stem('runs')).toBe('run');
    expect(stem('generously')).toBe('generous');
  });

  it('folds but neither stems nor drops stop words for other languages', () => {
    expect(terms('Les élections', 'fr').map((t) => t.term)).toEqual(['les', 'elections']);
  });

  it('names the installed stemmer version, so upgrading it renames every index key', () => {
    const installed = JSON.parse(readFileSync('node_modules/wink-porter2-stemmer/package.json', 'utf8'));
    expect(INDEX_VERSION).toContain(`${installed.name}@${installed.version}`);
  });
});
