import type { SearchDoc } from './doc';
import { docFilterTerms } from './filters';
import { type Analyzer, type PlacedTerm, placeTerms } from './text';

/** How often, and where, a term occurs in one doc. Exact-accent variants and filters keep no positions. */
export interface TermStats {
  tfw: number;
  positions: number[];
}

export interface AnalyzedDoc {
  /** Indexed tokens in all fields (stop words not counted): BM25's document length. */
  length: number;
  terms: Map<string, TermStats>;
}

/** BM25F-style field weights: a word in the title counts six times one in the body. */
export const FIELD_WEIGHTS = { title: 6, heading: 3, summary: 2, body: 1 } as const;

// Fields are laid end to end with a gap wider than any phrase a query may hold, so a phrase
// never matches across the end of the title and the start of the summary.
const FIELD_GAP = 64;

/** The terms of a doc with their weighted frequencies and positions. */
export function analyzeDoc(doc: SearchDoc, analyzer: Analyzer): AnalyzedDoc {
  const terms = new Map<string, TermStats>();
  let length = 0;
  let position = 0;
  const field = (text: string, weight: number) => {
    const add = (term: string, at: number | null) => {
      let stats = terms.get(term);
      if (!stats) {
        stats = { tfw: 0, positions: [] };
        terms.set(term, stats);
      }
      stats.tfw += weight;
      if (at !== null && stats.positions[stats.positions.length - 1] !== at) stats.positions.push(at);
    };
    const emit = (placed: PlacedTerm) => {
      length++;
      add(placed.term, placed.position);
      if (placed.exact) add(placed.exact, null);
    };
    position = placeTerms(text, analyzer, position, emit) + FIELD_GAP;
  };
  field(doc.title, FIELD_WEIGHTS.title);
  for (const heading of doc.headings) field(heading, FIELD_WEIGHTS.heading);
  field(doc.summary, FIELD_WEIGHTS.summary);
  field(doc.text, FIELD_WEIGHTS.body);
  for (const term of docFilterTerms(doc)) terms.set(term, { tfw: 0, positions: [] });
  return { length, terms };
}
