import stemPorter2 from 'wink-porter2-stemmer';
import { ENGLISH_STOP_WORDS } from './stop-words';

/** The stemmer, pinned in package.json; a test checks this against the installed package. */
export const STEMMER = 'wink-porter2-stemmer@2.0.1';

/**
 * Names every choice that shapes index keys: the on-disk format and the stemmer. It is hashed
 * into every segment id, so changing either gives every key a new name and the next publish
 * rebuilds the whole index instead of mixing two formats.
 */
export const INDEX_VERSION = `quire-search-5+${STEMMER}`;

/** Longer "words" (base64 blobs, runs of digits) are not worth a term; they still take a position. */
const MAX_WORD = 64;

// A word is a run of letters, digits and combining marks, with inner apostrophes (don't,
// o'neill) and inner hyphens (balance-of-power). Intl.Segmenter is not used: Node 20's is
// slow enough to dominate a build, and English words are well served by this.
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’‘ʼ][\p{L}\p{N}\p{M}]+)*(?:[-‐‑][\p{L}\p{N}\p{M}]+(?:['’‘ʼ][\p{L}\p{N}\p{M}]+)*)*/gu;
const HYPHENS = /[-‐‑]/;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /[’‘ʼ]/g;

/** Case, accents and compatibility forms folded away: `Café’s` → `cafe's`. */
export function fold(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(APOSTROPHES, "'");
}

/** Lowercase with accents kept: the form an exact-accent variant is made from. */
const lowerExact = (text: string): string => text.normalize('NFC').toLowerCase().replace(APOSTROPHES, "'");

// The possessive adds nothing to a search: "Metternich's" finds "Metternich".
const dropPossessive = (word: string): string => (word.endsWith("'s") ? word.slice(0, -2) : word);

/** One indexable term of a word; `offset` counts positions from the word's first part. */
export interface WordPart {
  term: string;
  /** `=` + the stemmed form with its accents, when folding changed the word (café). */
  exact?: string;
  offset: number;
}

/** What one word of text becomes: `width` positions, the non-stop parts, and for a hyphenated word the joined whole. */
export interface WordInfo {
  width: number;
  parts: WordPart[];
  whole?: WordPart;
  /** Some piece was a stop word (so a query of these words was "only common words"). */
  common: boolean;
}

export interface Analyzer {
  readonly language: string;
  readonly english: boolean;
  word(raw: string): WordInfo;
}

export const isEnglish = (language: string): boolean => /^en(?:[-_]|$)/i.test(language);

/** Calls `visit` for every word in `text`, with its UTF-16 offset, until it returns false. */
export function forEachWord(text: string, visit: (word: string, index: number) => unknown): void {
  for (const match of text.matchAll(WORD)) if (visit(match[0], match.index) === false) return;
}

// Words repeat heavily (Zipf), and the stemmer is regex-heavy (~15 µs a word), so results are
// kept per analyzer. Bounded, so a hostile corpus cannot grow it without limit.
const MEMO_LIMIT = 100_000;
const analyzers = new Map<string, Analyzer>();

/** The analyzer for a site language: Porter2 and the stop list for English, folding only otherwise. */
export function analyzer(language: string): Analyzer {
  const english = isEnglish(language);
  const key = english ? 'en' : 'other';
  const known = analyzers.get(key);
  if (known) return known;
  const stem = english ? stemPorter2 : (word: string) => word;
  const isStop = (folded: string) => english && ENGLISH_STOP_WORDS.has(folded);
  const memo = new Map<string, WordInfo>();

  const part = (raw: string, offset: number): WordPart | null => {
    const folded = dropPossessive(fold(raw));
    if (folded.length === 0 || folded.length > MAX_WORD || isStop(folded)) return null;
    const term = stem(folded);
    const lower = dropPossessive(lowerExact(raw));
    return lower === folded ? { term, offset } : { term, exact: `=${stem(lower)}`, offset };
  };

  const analyze = (raw: string): WordInfo => {
    const pieces = raw.split(HYPHENS);
    const parts: WordPart[] = [];
    let common = false;
    pieces.forEach((piece, offset) => {
      const found = part(piece, offset);
      if (found) parts.push(found);
      else common ||= isStop(dropPossessive(fold(piece)));
    });
    if (pieces.length === 1) return { width: 1, parts, common };
    return { width: pieces.length, parts, whole: part(pieces.join(''), 0) ?? undefined, common };
  };

  const built: Analyzer = {
    language: key,
    english,
    word(raw) {
      let info = memo.get(raw);
      if (!info) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        info = analyze(raw);
        memo.set(raw, info);
      }
      return info;
    },
  };
  analyzers.set(key, built);
  return built;
}

/** A term of indexed text at its position. */
export interface PlacedTerm {
  term: string;
  exact?: string;
  position: number;
}

/**
 * Every term of `text`, positions counted from `start`; returns the position after the last word.
 * Hyphenated words give their parts at consecutive positions and the joined whole at the first.
 */
export function placeTerms(text: string, a: Analyzer, start: number, emit: (term: PlacedTerm) => void): number {
  let position = start;
  forEachWord(text, (raw) => {
    const info = a.word(raw);
    if (info.whole) emit({ term: info.whole.term, exact: info.whole.exact, position });
    for (const p of info.parts) emit({ term: p.term, exact: p.exact, position: position + p.offset });
    position += info.width;
  });
  return position;
}
