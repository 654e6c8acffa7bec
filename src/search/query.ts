import { MAX_QUERY_LENGTH } from '../content/paths';
import { FILTER_KINDS, type FilterKind, filterValue } from './filters';
import { type Analyzer, analyzer, fold, forEachWord, type WordInfo, type WordPart } from './text';

export interface QueryTerm {
  /** Folded and stemmed, as indexed. */
  term: string;
  /** The exact-accent variant (`=café`), when the word had accents: docs that have it rank first. */
  exact?: string;
  /** The word as typed. */
  word: string;
}

/** Terms at their offsets from the phrase's first term; the gaps are stop words ("balance of power": power at +2). */
export interface QueryPhrase {
  text: string;
  terms: { term: string; offset: number }[];
}

export interface QueryFilters {
  tags: string[];
  series: string[];
  years: string[];
  kinds: string[];
}

export interface ParsedQuery {
  language: string;
  /** Distinct terms, in the order typed; a phrase's terms are here too. */
  terms: QueryTerm[];
  phrases: QueryPhrase[];
  filters: QueryFilters;
  /** `foo:bar` with a key we do not know: searched as words, and reported. */
  unknownFilters: string[];
  /** What was ignored or cut, in words a reader understands. */
  notes: string[];
  /** Why there is nothing to search for, when there is not. */
  empty?: 'no-words' | 'only-common-words';
  /** The query's canonical form, for the cache key: equal for spellings of one query, distinct otherwise. */
  normalized: string;
}

export { MAX_QUERY_LENGTH };
export const MAX_TERMS = 8;
export const MAX_FILTERS = 8;

const QUOTES = /["“”„«»]/;
const FILTER_TOKEN = /^(\p{L}+):(.*)$/u;
const YEAR = /^\d{4}$/;
const KINDS = new Set(['article', 'series', 'page']);
const FILTER_LISTS: Record<FilterKind, keyof QueryFilters> = { tag: 'tags', series: 'series', year: 'years', kind: 'kinds' };

// Replaces lone surrogates (from a bad percent-encoding) so everything after sees well-formed text.
const wellFormed = (text: string): string => text.replace(/\p{Cs}/gu, '\uFFFD');

/** Quoted and unquoted stretches; an unclosed quote runs to the end. */
function splitQuotes(raw: string): { text: string; quoted: boolean; closed: boolean }[] {
  const pieces = raw.split(QUOTES);
  return pieces.map((text, i) => ({ text, quoted: i % 2 === 1, closed: i % 2 === 0 || i < pieces.length - 1 }));
}

class QueryBuilder {
  readonly terms: QueryTerm[] = [];
  readonly phrases: QueryPhrase[] = [];
  readonly filters: QueryFilters = { tags: [], series: [], years: [], kinds: [] };
  readonly unknownFilters: string[] = [];
  readonly notes: string[] = [];
  readonly common = new Set<string>();
  termsCut = false;
  tooLong = false;
  filtersCut = false;

  constructor(readonly analyzer: Analyzer) {}

  /** Remembers a word that gave no term: a stop word, or one too long to be a term. */
  skipped(raw: string, info: WordInfo): void {
    if (info.parts.length > 0) return;
    if (info.common) this.common.add(fold(raw));
    else this.tooLong = true;
  }

  /** Adds terms unless that would pass the cap; all or nothing, so a phrase is never half kept. */
  addTerms(parts: { term: string; exact?: string; word: string }[]): boolean {
    const fresh = new Set(parts.map((p) => p.term).filter((term) => !this.terms.some((t) => t.term === term)));
    if (this.terms.length + fresh.size > MAX_TERMS) {
      this.termsCut = true;
      return false;
    }
    for (const part of parts) {
      const known = this.terms.find((t) => t.term === part.term);
      if (!known) this.terms.push(part.exact ? { ...part } : { term: part.term, word: part.word });
      else if (part.exact && !known.exact) known.exact = part.exact;
    }
    return true;
  }

  /** A run of words: one term, or a phrase when it has two or more terms. */
  addRun(text: string, words: { raw: string; at: number; part: WordPart }[]): void {
    if (words.length === 0) return;
    const parts = words.map(({ raw, part }) => ({ term: part.term, exact: part.exact, word: raw }));
    if (!this.addTerms(parts) || words.length < 2) return;
    const first = words[0].at;
    this.phrases.push({ text, terms: words.map(({ part, at }) => ({ term: part.term, offset: at - first })) });
  }

  /** Words of a quoted stretch, positions kept so stop words leave their gaps. */
  addPhrase(text: string): void {
    const words: { raw: string; at: number; part: WordPart }[] = [];
    let position = 0;
    forEachWord(text, (raw) => {
      const info = this.analyzer.word(raw);
      this.skipped(raw, info);
      for (const part of info.parts) words.push({ raw, at: position + part.offset, part });
      position += info.width;
    });
    this.addRun(text.trim(), words);
  }

  /** Unquoted words: each its own term; a hyphenated one a phrase of its parts. */
  addWords(text: string): void {
    forEachWord(text, (raw) => {
      const info = this.analyzer.word(raw);
      this.skipped(raw, info);
      this.addRun(
        raw,
        info.parts.map((part) => ({ raw, at: part.offset, part })),
      );
    });
  }

  addFilter(token: string, key: string, rawValue: string): void {
    const kind = FILTER_KINDS.find((k) => k === key);
    if (!kind) {
      this.unknownFilters.push(token);
      this.addWords(token);
      return;
    }
    const value = filterValue(rawValue);
    const valid = value && (kind !== 'year' || YEAR.test(value)) && (kind !== 'kind' || KINDS.has(value));
    if (!valid) {
      this.notes.push(`“${token}” is not a filter we understand, so it was ignored.`);
      return;
    }
    const list = this.filters[FILTER_LISTS[kind]];
    const total = Object.values(this.filters).reduce((sum, values) => sum + values.length, 0);
    if (list.includes(value)) return;
    if (total >= MAX_FILTERS) this.filtersCut = true;
    else list.push(value);
  }
}

// One string per distinct query: terms in order (the exact variant when there is one), phrases
// with `_` for each gap, filters sorted. Stemming makes "runs" and "running" one query, as they are.
function normalize(q: QueryBuilder): string {
  const parts = q.terms.map((t) => t.exact ?? t.term);
  for (const phrase of q.phrases) {
    const slots: string[] = [];
    for (const { term, offset } of phrase.terms) {
      while (slots.length < offset) slots.push('_');
      slots[offset] = term;
    }
    parts.push(`"${slots.join(' ')}"`);
  }
  for (const kind of FILTER_KINDS) for (const value of [...q.filters[FILTER_LISTS[kind]]].sort()) parts.push(`${kind}:${value}`);
  return parts.join(' ');
}

/** A reader's query, parsed; never throws, whatever the input. */
export function parseQuery(raw: string, language: string): ParsedQuery {
  const q = new QueryBuilder(analyzer(language));
  let text = wellFormed(raw);
  if (text.length > MAX_QUERY_LENGTH) {
    text = text.slice(0, MAX_QUERY_LENGTH);
    q.notes.push(`The query was cut to its first ${MAX_QUERY_LENGTH} characters.`);
  }
  for (const piece of splitQuotes(text)) {
    if (piece.quoted) {
      if (!piece.closed && piece.text.trim()) q.notes.push('A quote was not closed, so the rest was read as a phrase.');
      q.addPhrase(piece.text);
      continue;
    }
    for (const token of piece.text.split(/\s+/)) {
      const filter = token.match(FILTER_TOKEN);
      if (filter) q.addFilter(token, fold(filter[1]), filter[2]);
      else q.addWords(token);
    }
  }
  if (q.termsCut) q.notes.push(`Only the first ${MAX_TERMS} words were searched for.`);
  if (q.filtersCut) q.notes.push(`Only the first ${MAX_FILTERS} filters were used.`);
  if (q.tooLong) q.notes.push('Words too long to be searched for were left out.');
  if (q.unknownFilters.length) q.notes.push(`Unknown filters were searched as words: ${q.unknownFilters.join(', ')}.`);
  const hasFilters = Object.values(q.filters).some((values) => values.length > 0);
  const searchable = q.terms.length > 0 || hasFilters;
  if (q.common.size > 0 && searchable) q.notes.push(`Common words were left out: ${[...q.common].join(', ')}.`);
  return {
    language: q.analyzer.language,
    terms: q.terms,
    phrases: q.phrases,
    filters: q.filters,
    unknownFilters: q.unknownFilters,
    notes: q.notes,
    ...(searchable ? {} : { empty: q.common.size > 0 ? ('only-common-words' as const) : ('no-words' as const) }),
    normalized: normalize(q),
  };
}
