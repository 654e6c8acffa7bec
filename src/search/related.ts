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

/**
 * A doc's terms as (term, count) pairs whose terms are numbered into one list of names through
 * `to`: a build cache's packed pairs are left where they are; others are numbered as they stand
 * (`to` is then the identity). One shape for all, so the loops over 40 million pairs stay fast.
 */
interface Numbered {
  pairs: Uint32Array;
  to: Int32Array;
}

/**
 * Every doc's terms as numbers, and how many docs hold each: 100,000 articles hold some 40 million
 * (article, term) pairs, too many to count and rank through string-keyed maps or to copy. Packed
 * counts are renumbered a dictionary at a time, so only their distinct terms are looked up by name.
 */
function numberTerms(docs: readonly RelatedDoc[]): { numbered: Numbered[]; names: string[]; df: Int32Array } {
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
  const identity = new Int32Array(0); // replaced below, once every term has its number
  const numbered = docs.map(({ terms }): Numbered => {
    const { packed } = terms;
    if (!packed) {
      const pairs: number[] = [];
      terms.forEach((count, term) => {
        pairs.push(number(term), count);
      });
      return { pairs: Uint32Array.from(pairs), to: identity };
    }
    const { pairs, dict } = packed;
    let to = renumbered.get(dict);
    if (!to) {
      to = new Int32Array(dict.length).fill(-1);
      renumbered.set(dict, to);
    }
    for (let i = 0; i < pairs.length; i += 2) if (to[pairs[i]] < 0) to[pairs[i]] = number(dict[pairs[i]]);
    return { pairs, to };
  });
  const numberedAsIs = Int32Array.from(names, (_, i) => i);
  for (const doc of numbered) if (doc.to === identity) doc.to = numberedAsIs;
  const df = new Int32Array(names.length);
  for (const { pairs, to } of numbered) for (let i = 0; i < pairs.length; i += 2) df[to[pairs[i]]]++;
  return { numbered, names, df };
}

/** The SIGNATURE_TERMS terms of highest rarity × (1 + log2 of the weighted count), ties by term: their numbers. */
function signature({ pairs, to }: Numbered, rarities: Uint8Array, names: readonly string[]): number[] {
  const top: [number, number][] = [];
  const before = (term: number, weight: number, [t, w]: [number, number]) =>
    weight > w || (weight === w && names[term] < names[t]);
  for (let i = 0; i < pairs.length; i += 2) {
    const term = to[pairs[i]];
    const weight = rarities[term] * (32 - Math.clz32(pairs[i + 1]));
    if (weight === 0) continue;
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

/**
 * Feature → the articles holding it, ascending, all in one array: feature f's articles are
 * `held[start[f]]` up to `held[start[f + 1]]`.
 */
function postings(features: readonly Int32Array[], count: number): { start: Int32Array; held: Int32Array } {
  const start = new Int32Array(count + 1);
  for (const list of features) for (const f of list) start[f + 1]++;
  for (let f = 0; f < count; f++) start[f + 1] += start[f];
  const held = new Int32Array(start[count]);
  const next = start.slice(0, count);
  features.forEach((list, i) => {
    for (const f of list) held[next[f]++] = i;
  });
  return { start, held };
}

/**
 * Up to RELATED_KEPT related slugs for each article, best first. `docs` are the site's
 * published articles, oldest first (drafts are never candidates: leave them out). An article is
 * never related to itself or to another part of its own series.
 */
export function relatedArticles(docs: readonly RelatedDoc[]): Map<string, string[]> {
  const { numbered, names, df } = numberTerms(docs);
  const rarities = Uint8Array.from(df, rarity);
  // Features as numbers: a term is its own number, a tag comes after every term.
  const tags = new Map<string, number>();
  const tagNumber = (tag: string) => {
    let n = tags.get(tag);
    if (n === undefined) {
      n = names.length + tags.size;
      tags.set(tag, n);
    }
    return n;
  };
  const features = docs.map((doc, i) =>
    Int32Array.from([...signature(numbered[i], rarities, names), ...new Set(doc.tags.map(tagNumber))]),
  );
  const featureCount = names.length + tags.size;
  const { start, held } = postings(features, featureCount);
  const weights = new Int32Array(featureCount);
  for (let f = 0; f < featureCount; f++) {
    weights[f] = f < names.length ? rarities[f] : TAG_BONUS + rarity(start[f + 1] - start[f]);
  }
  const times = Float64Array.from(docs, (doc) => Date.parse(doc.date));
  const seriesNumbers = new Map<string, number>();
  const series = Int32Array.from(docs, (doc) => {
    if (doc.series === undefined) return -1;
    let n = seriesNumbers.get(doc.series);
    if (n === undefined) {
      n = seriesNumbers.size;
      seriesNumbers.set(doc.series, n);
    }
    return n;
  });

  // One score per article, reset after each: arrays and the list of those touched, not a Map.
  const scores = new Int32Array(docs.length);
  const candidate = new Uint8Array(docs.length);
  const related = new Map<string, string[]>();
  const touched = new Int32Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    let count = 0;
    const own = series[i];
    const list = features[i];
    for (let k = 0; k < list.length; k++) {
      const f = list[k];
      const w = weights[f];
      // The WINDOW nearest holders on each side in date order (i itself among them).
      let lo = start[f];
      let hi = start[f + 1];
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (held[mid] < i) lo = mid + 1;
        else hi = mid;
      }
      const last = Math.min(end, lo + WINDOW + 1);
      for (let at = Math.max(start[f], lo - WINDOW); at < last; at++) {
        const j = held[at];
        if (j === i || (own >= 0 && series[j] === own)) continue;
        if (candidate[j] === 0) {
          candidate[j] = 1;
          touched[count++] = j;
        }
        scores[j] += w;
      }
    }
    const distance = (j: number) => Math.abs(times[j] - times[i]);
    const better = (a: number, b: number) =>
      scores[a] - scores[b] || distance(b) - distance(a) || (docs[a].slug < docs[b].slug ? 1 : -1);
    // The best few of up to hundreds of candidates: an insertion into a short list, not a sort.
    const best: number[] = [];
    for (let t = 0; t < count; t++) {
      const j = touched[t];
      if (best.length === RELATED_KEPT) {
        const worst = best[RELATED_KEPT - 1];
        // Most candidates score lower than the fifth best: no need to weigh them further.
        if (scores[j] < scores[worst] || better(j, worst) < 0) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && better(j, best[at - 1]) > 0) at--;
      best.splice(at, 0, j);
    }
    for (let t = 0; t < count; t++) {
      scores[touched[t]] = 0;
      candidate[touched[t]] = 0;
    }
    related.set(
      docs[i].slug,
      best.map((j) => docs[j].slug),
    );
  }
  return related;
}
