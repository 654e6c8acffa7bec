/**
 * Related reading, computed at publish time from shared tags and shared distinctive terms.
 *
 * The lists must be stable: adding one article to a 10,000-article site may rewrite only the
 * few entries whose lists it truly enters (property 4). So nothing here depends on the site's
 * size. A term's weight is a bucket of its document frequency alone (halving with each power
 * of two), so one new article can move only its own terms across a bucket edge, never every
 * idf at once; scores are small integers, and ties go to the article nearest in date, then to
 * the slug. Candidates come through a term → articles map and, per term or tag, only the
 * WINDOW nearest articles in date order: an old article's candidates change only when the new
 * one lands in its window, and the build stays linear in the number of articles.
 */

import { FIELD_WEIGHTS } from './analyze';
import type { SearchDoc } from './doc';
import { type Analyzer, placeTerms } from './text';

/** Kept per article: three are shown, the spares stand in for ones not yet due at request time. */
export const RELATED_KEPT = 5;
/** An article's signature: its most distinctive terms, the only ones it is matched on. */
export const SIGNATURE_TERMS = 12;
/** Candidates per term or tag: this many neighbours on each side in date order. */
const WINDOW = 24;
/** A shared tag (chosen by the author) outweighs any one shared term. */
const TAG_BONUS = 10;

/**
 * Each term of a doc with its field-weighted count, as `Map#forEach` gives them: a Map, or a
 * build cache's view of stored counts that makes no Map (100,000 articles hold tens of millions).
 */
export interface TermWeights {
  forEach(fn: (count: number, term: string) => void): void;
  /** The same counts as (term number, count) pairs into `dict`, where they are stored so. */
  readonly packed?: { readonly pairs: Uint32Array; readonly dict: readonly string[] };
}

/** An article as related reading sees it. */
export interface RelatedDoc {
  slug: string;
  date: string;
  tags: readonly string[];
  series?: string;
  terms: TermWeights;
}

/**
 * A term or tag held by `count` articles: 13 for two or three, one less per doubling, 0 from
 * 16,384 on. Absolute on purpose: a bucket relative to the site's size would move for many
 * terms at once as the site grows.
 */
export function rarity(count: number): number {
  return count < 2 ? 0 : Math.max(0, 14 - (31 - Math.clz32(count)));
}

/** Field-weighted term counts of a doc (title ×6 … body ×1), without positions or variants. */
export function termWeights(doc: SearchDoc, analyzer: Analyzer): Map<string, number> {
  const terms = new Map<string, number>();
  const field = (text: string, weight: number) =>
    placeTerms(text, analyzer, 0, ({ term }) => terms.set(term, (terms.get(term) ?? 0) + weight));
  field(doc.title, FIELD_WEIGHTS.title);
  for (const heading of doc.headings) field(heading, FIELD_WEIGHTS.heading);
  field(doc.summary, FIELD_WEIGHTS.summary);
  field(doc.text, FIELD_WEIGHTS.body);
  return terms;
}

/** A doc's terms as numbers into one list of names, with their counts. */
interface Numbered {
  ids: Int32Array;
  counts: Int32Array;
}

/**
 * Every doc's terms as numbers: 100,000 articles hold some 25 million (article, term) pairs, too
 * many to count and rank through string-keyed maps. Packed counts are renumbered a dictionary at
 * a time, so only their distinct terms are looked up by name.
 */
function numberTerms(docs: readonly RelatedDoc[]): { numbered: Numbered[]; names: string[]; numbers: Map<string, number> } {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const number = (term: string) => {
    let n = numbers.get(term);
    if (n === undefined) {
      n = names.push(term) - 1;
      numbers.set(term, n);
    }
    return n;
  };
  const renumbered = new Map<readonly string[], Int32Array>();
  const numbered = docs.map(({ terms }): Numbered => {
    const { packed } = terms;
    if (!packed) {
      const ids: number[] = [];
      const counts: number[] = [];
      terms.forEach((count, term) => {
        ids.push(number(term));
        counts.push(count);
      });
      return { ids: Int32Array.from(ids), counts: Int32Array.from(counts) };
    }
    const { pairs, dict } = packed;
    let to = renumbered.get(dict);
    if (!to) {
      to = new Int32Array(dict.length).fill(-1);
      renumbered.set(dict, to);
    }
    const ids = new Int32Array(pairs.length / 2);
    const counts = new Int32Array(pairs.length / 2);
    for (let i = 0; i < ids.length; i++) {
      const local = pairs[2 * i];
      if (to[local] < 0) to[local] = number(dict[local]);
      ids[i] = to[local];
      counts[i] = pairs[2 * i + 1];
    }
    return { ids, counts };
  });
  return { numbered, names, numbers };
}

/** The SIGNATURE_TERMS terms of highest rarity × (1 + log2 of the weighted count), ties by term. */
function signature({ ids, counts }: Numbered, rarities: Uint8Array, names: readonly string[]): string[] {
  const top: [string, number][] = [];
  const before = (term: string, weight: number, [t, w]: [string, number]) => weight > w || (weight === w && term < t);
  for (let i = 0; i < ids.length; i++) {
    const weight = rarities[ids[i]] * (32 - Math.clz32(counts[i]));
    if (weight === 0) continue;
    const term = names[ids[i]];
    if (top.length === SIGNATURE_TERMS) {
      if (!before(term, weight, top[SIGNATURE_TERMS - 1])) continue;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && before(term, weight, top[at - 1])) at--;
    top.splice(at, 0, [term, weight]);
  }
  return top.map(([term]) => term);
}

/** Feature → the articles holding it, by index in date order (ascending). */
function postings(features: string[][]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  features.forEach((list, i) => {
    for (const feature of list) {
      const held = map.get(feature);
      if (held) held.push(i);
      else map.set(feature, [i]);
    }
  });
  return map;
}

function neighbours(list: number[], i: number): number[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return list.slice(Math.max(0, lo - WINDOW), lo + WINDOW + 1);
}

/**
 * Up to RELATED_KEPT related slugs for each article, best first. `docs` are the site's
 * published articles, oldest first (drafts are never candidates: leave them out). An article is
 * never related to itself or to another part of its own series.
 */
export function relatedArticles(docs: readonly RelatedDoc[]): Map<string, string[]> {
  const { numbered, names, numbers } = numberTerms(docs);
  const df = new Int32Array(names.length);
  for (const { ids } of numbered) for (const id of ids) df[id]++;
  const rarities = Uint8Array.from(df, rarity);
  const features = docs.map((doc, i) => [
    ...signature(numbered[i], rarities, names).map((t) => `t:${t}`),
    ...[...new Set(doc.tags)].map((t) => `#${t}`),
  ]);
  const held = postings(features);
  const weight = (feature: string): number => {
    const count = held.get(feature)?.length ?? 0;
    return feature.startsWith('#') ? TAG_BONUS + rarity(count) : (rarities[numbers.get(feature.slice(2)) ?? -1] ?? 0);
  };
  const weights = new Map([...held.keys()].map((f) => [f, weight(f)]));
  const times = docs.map((doc) => Date.parse(doc.date));

  // One score per article, reset after each: arrays and the list of those touched, not a Map.
  const scores = new Int32Array(docs.length);
  const candidate = new Uint8Array(docs.length);
  const related = new Map<string, string[]>();
  docs.forEach((doc, i) => {
    const touched: number[] = [];
    for (const feature of features[i]) {
      const w = weights.get(feature) ?? 0;
      for (const j of neighbours(held.get(feature) ?? [], i)) {
        if (j === i || (doc.series !== undefined && docs[j].series === doc.series)) continue;
        if (!candidate[j]) {
          candidate[j] = 1;
          touched.push(j);
        }
        scores[j] += w;
      }
    }
    const distance = (j: number) => Math.abs(times[j] - times[i]);
    const better = (a: number, b: number) =>
      scores[a] - scores[b] || distance(b) - distance(a) || (docs[a].slug < docs[b].slug ? 1 : -1);
    // The best few of up to hundreds of candidates: an insertion into a short list, not a sort.
    const best: number[] = [];
    for (const j of touched) {
      if (best.length === RELATED_KEPT) {
        if (better(j, best[RELATED_KEPT - 1]) < 0) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && better(j, best[at - 1]) > 0) at--;
      best.splice(at, 0, j);
    }
    for (const j of touched) {
      scores[j] = 0;
      candidate[j] = 0;
    }
    related.set(
      doc.slug,
      best.map((j) => docs[j].slug),
    );
  });
  return related;
}
