import type { ParsedQuery } from './query';
import { analyzer, fold, forEachWord } from './text';

/** A run of excerpt text; `mark` runs matched the query. Plain text: the renderer escapes it. */
export interface ExcerptPiece {
  text: string;
  mark: boolean;
}

interface Word {
  start: number;
  end: number;
  /** Index of the query term this word matched, or -1. */
  term: number;
}

const SPACE = /\s+/g;
const HYPHEN = /[-‐‑]/;

// The folded first letter, without Unicode normalization for the common ASCII case.
function firstLetter(raw: string): number {
  const code = raw.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  return fold(raw.slice(0, 2)).charCodeAt(0);
}
const ELLIPSIS = '…';

// No excerpt reads further into a text than this: a 10,000-word essay is not scanned whole for 30 words.
const MAX_SCAN = 30_000;

/**
 * The words of `text`, each marked with the query term it stems to, if any. The scan stops once
 * it has a window holding every query term (no later window can hold more), with `size` words
 * after it for context, or when there are no terms at all (the opening is the excerpt).
 */
function scan(text: string, parsed: ParsedQuery, size: number): { words: Word[]; complete: boolean } {
  const a = analyzer(parsed.language);
  const index = new Map(parsed.terms.map((t, i) => [t.term, i]));
  // Stemming is the costly step; a word whose first letter starts no query term cannot match
  // (Porter2 keeps the first letter), so it is never stemmed.
  const firsts = new Set(parsed.terms.map((t) => t.term.charCodeAt(0)));
  const words: Word[] = [];
  const recent: number[] = [];
  let enough = parsed.terms.length === 0 ? size : Number.POSITIVE_INFINITY;
  let complete = true;
  forEachWord(text, (raw, start) => {
    if (words.length >= enough || start > MAX_SCAN) {
      complete = false;
      return false;
    }
    let term = -1;
    if (firsts.has(firstLetter(raw)) || HYPHEN.test(raw)) {
      const info = a.word(raw);
      for (const part of info.whole ? [info.whole, ...info.parts] : info.parts) term = Math.max(term, index.get(part.term) ?? -1);
    }
    words.push({ start, end: start + raw.length, term });
    if (term >= 0 && enough === Number.POSITIVE_INFINITY) {
      recent.push(words.length - 1);
      while (recent[0] < words.length - size) recent.shift();
      if (new Set(recent.map((i) => words[i].term)).size === parsed.terms.length) enough = words.length + size;
    }
  });
  return { words, complete };
}

/** Start of the window of `size` words with the most distinct query terms, then the most matches. */
function bestWindow(words: Word[], size: number): number {
  const marks = words.flatMap((word, i) => (word.term >= 0 ? [i] : []));
  if (marks.length === 0) return 0;
  let best = { value: -1, first: 0, last: 0 };
  for (let m = 0; m < marks.length; m++) {
    const distinct = new Set<number>();
    let last = marks[m];
    let count = 0;
    for (let n = m; n < marks.length && marks[n] < marks[m] + size; n++) {
      distinct.add(words[marks[n]].term);
      last = marks[n];
      count++;
    }
    const value = distinct.size * 10_000 + count;
    if (value > best.value) best = { value, first: marks[m], last };
  }
  // Centre the matches in the window, so each has some context on both sides.
  const pad = Math.max(0, Math.floor((size - (best.last - best.first + 1)) / 2));
  return Math.max(0, Math.min(best.first - pad, words.length - size));
}

/** About `size` words of `text` around the best match of the query, matches marked, cut ends shown with an ellipsis. */
export function excerpt(text: string, parsed: ParsedQuery, size = 30): ExcerptPiece[] {
  const { words, complete } = scan(text, parsed, size);
  if (words.length === 0) return [];
  const from = bestWindow(words, size);
  const to = Math.min(words.length, from + size);
  const pieces: ExcerptPiece[] = [];
  const push = (piece: string, mark: boolean) => {
    const clean = piece.replace(SPACE, ' ');
    if (!clean) return;
    const last = pieces[pieces.length - 1];
    if (last && last.mark === mark && !mark) last.text += clean;
    else pieces.push({ text: clean, mark });
  };
  if (from > 0) push(`${ELLIPSIS} `, false);
  // From the start, the text's own opening (a quote mark, a parenthesis) is kept.
  let cursor = from === 0 ? text.length - text.trimStart().length : words[from].start;
  for (let i = from; i < to; i++) {
    const word = words[i];
    if (word.term < 0) continue;
    push(text.slice(cursor, word.start), false);
    push(text.slice(word.start, word.end), true);
    cursor = word.end;
  }
  // The last sentence's full stop belongs to it; a cut text ends in an ellipsis instead.
  const cut = to < words.length || !complete;
  push(cut ? `${text.slice(cursor, words[to - 1].end)} ${ELLIPSIS}` : text.slice(cursor).trimEnd(), false);
  return pieces;
}
