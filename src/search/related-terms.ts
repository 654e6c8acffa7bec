/**
 * Related reading's side of the terms (see related.ts): every article's term counts numbered
 * into one list, how many articles hold each term, and each article's signature.
 */

import { Numbering } from './numbering';

/** An article's signature: its most distinctive terms, the only ones it is matched on. */
export const SIGNATURE_TERMS = 12;

/**
 * Each term of a doc with its field-weighted count, as `Map#forEach` gives them: a Map, or a
 * build cache's view of stored counts that makes no Map (100,000 articles hold tens of millions).
 */
export interface TermWeights {
  forEach(fn: (count: number, term: string) => void): void;
  /** The same counts as (term number, count) pairs into `dict`, where they are stored so. */
  readonly packed?: { readonly pairs: Uint32Array; readonly dict: readonly string[] };
}

/** Counts as `Map#forEach` gives them, read from (term number, count) pairs numbered in `dict`. */
export const packedTerms = (pairs: Uint32Array, dict: readonly string[]): TermWeights => ({
  forEach(fn) {
    for (let i = 0; i < pairs.length; i += 2) fn(pairs[i + 1], dict[pairs[i]]);
  },
  packed: { pairs, dict },
});

/**
 * A doc's terms as (term, count) pairs whose terms are numbered into one list of names through
 * `to`: a build cache's packed pairs are left where they are; others are numbered as they stand
 * (`to` is then the identity). One shape for all, so the loops over 40 million pairs stay fast.
 */
export interface Numbered {
  pairs: Uint32Array;
  to: Int32Array;
}

/**
 * Every doc's terms as numbers, and how many docs hold each: 100,000 articles hold some 40 million
 * (article, term) pairs, too many to count and rank through string-keyed maps or to copy. Packed
 * counts are renumbered a dictionary at a time, so only their distinct terms are looked up by name.
 */
export function numberTerms(docs: readonly TermWeights[]): { numbered: Numbered[]; names: string[]; df: Int32Array } {
  const numbering = new Numbering();
  const { names } = numbering;
  const renumbered = new Map<readonly string[], Int32Array>();
  const identity = new Int32Array(0); // replaced below, once every term has its number
  const numbered = docs.map((terms): Numbered => {
    const { packed } = terms;
    if (!packed) {
      const pairs: number[] = [];
      terms.forEach((count, term) => {
        pairs.push(numbering.of(term), count);
      });
      return { pairs: Uint32Array.from(pairs), to: identity };
    }
    const { pairs, dict } = packed;
    let to = renumbered.get(dict);
    if (!to) {
      to = new Int32Array(dict.length).fill(-1);
      renumbered.set(dict, to);
    }
    for (let i = 0; i < pairs.length; i += 2) if (to[pairs[i]] < 0) to[pairs[i]] = numbering.of(dict[pairs[i]]);
    return { pairs, to };
  });
  const numberedAsIs = Int32Array.from(names, (_, i) => i);
  for (const doc of numbered) if (doc.to === identity) doc.to = numberedAsIs;
  const df = new Int32Array(names.length);
  for (const { pairs, to } of numbered) for (let i = 0; i < pairs.length; i += 2) df[to[pairs[i]]]++;
  return { numbered, names, df };
}

/** Each name's place in name order (UTF-16 code units, as `<` compares strings); names are distinct. */
export function nameRanks(names: readonly string[]): Int32Array {
  const order = Int32Array.from(names, (_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : 1));
  const rank = new Int32Array(names.length);
  order.forEach((item, place) => {
    rank[item] = place;
  });
  return rank;
}

/**
 * Each term's standing by a doc's own numbering (`to`, shared by the docs of one dictionary): its
 * rarity, and its place among the site's terms in name order, which settles a tie in weight. Made
 * once per dictionary.
 */
export function standingByDict(rarities: Uint8Array, names: readonly string[]): (to: Int32Array) => TermStanding {
  const rank = nameRanks(names);
  const made = new Map<Int32Array, TermStanding>();
  return (to) => {
    let standing = made.get(to);
    if (!standing) {
      standing = {
        rarity: Uint8Array.from(to, (term) => (term < 0 ? 0 : rarities[term])),
        rank: Int32Array.from(to, (term) => (term < 0 ? 0 : rank[term])),
      };
      made.set(to, standing);
    }
    return standing;
  };
}

/** A doc's terms' rarity and name rank, by its own numbering (`standingByDict`). */
export interface TermStanding {
  rarity: Uint8Array;
  rank: Int32Array;
}

/**
 * The SIGNATURE_TERMS terms of highest rarity × (1 + log2 of the weighted count), ties by term
 * name: their numbers, best first. Once the list is full, the weight and name rank of its last:
 * most of an article's terms weigh less and are passed over at once, and a tie in weight is
 * settled by rank, not by comparing names (for 100,000 articles' 44 million terms, about 0.45 s
 * less than a sorted list of pairs compared by name).
 */
export function signature({ pairs, to }: Numbered, { rarity, rank }: TermStanding): number[] {
  const weights = new Int32Array(SIGNATURE_TERMS);
  const ranks = new Int32Array(SIGNATURE_TERMS);
  const terms = new Int32Array(SIGNATURE_TERMS);
  let kept = 0;
  // Weight 0 is never kept; until the list is full, any other weight is.
  let floorWeight = 1;
  let floorRank = Number.POSITIVE_INFINITY;
  for (let i = 0; i < pairs.length; i += 2) {
    const weight = rarity[pairs[i]] * (32 - Math.clz32(pairs[i + 1]));
    if (weight < floorWeight) continue;
    const place = rank[pairs[i]];
    if (weight === floorWeight && place >= floorRank) continue;
    let at = kept < SIGNATURE_TERMS ? kept++ : SIGNATURE_TERMS - 1;
    for (; at > 0 && (weights[at - 1] < weight || (weights[at - 1] === weight && ranks[at - 1] > place)); at--) {
      weights[at] = weights[at - 1];
      ranks[at] = ranks[at - 1];
      terms[at] = terms[at - 1];
    }
    weights[at] = weight;
    ranks[at] = place;
    terms[at] = to[pairs[i]];
    if (kept === SIGNATURE_TERMS) {
      floorWeight = weights[SIGNATURE_TERMS - 1];
      floorRank = ranks[SIGNATURE_TERMS - 1];
    }
  }
  return Array.from(terms.subarray(0, kept));
}
