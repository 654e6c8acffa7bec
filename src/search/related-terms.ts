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

/** Each term's rarity by a doc's own numbering (`to`, shared by the docs of one dictionary): made once per dictionary. */
export function rarityByDict(rarities: Uint8Array): (to: Int32Array) => Uint8Array {
  const made = new Map<Int32Array, Uint8Array>();
  return (to) => {
    let rarity = made.get(to);
    if (!rarity) {
      rarity = Uint8Array.from(to, (term) => (term < 0 ? 0 : rarities[term]));
      made.set(to, rarity);
    }
    return rarity;
  };
}

/**
 * The SIGNATURE_TERMS terms of highest rarity × (1 + log2 of the weighted count), ties by term:
 * their numbers. `rarity` is each term's by the doc's own numbering (`rarityByDict`), so a term is
 * looked up in the site's numbering only when it weighs enough to be kept.
 */
export function signature({ pairs, to }: Numbered, rarity: Uint8Array, names: readonly string[]): number[] {
  const top: [number, number][] = [];
  const before = (term: number, weight: number, [t, w]: [number, number]) =>
    weight > w || (weight === w && names[term] < names[t]);
  // Once the list is full, the weight of its last: most of an article's terms weigh less and are
  // passed over at once (a third of related reading's time on a large site went here).
  let floor = 1;
  for (let i = 0; i < pairs.length; i += 2) {
    const weight = rarity[pairs[i]] * (32 - Math.clz32(pairs[i + 1]));
    if (weight < floor) continue;
    const term = to[pairs[i]];
    if (top.length === SIGNATURE_TERMS) {
      if (!before(term, weight, top[SIGNATURE_TERMS - 1])) continue;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && before(term, weight, top[at - 1])) at--;
    top.splice(at, 0, [term, weight]);
    if (top.length === SIGNATURE_TERMS) floor = top[SIGNATURE_TERMS - 1][1];
  }
  return top.map(([term]) => term);
}
