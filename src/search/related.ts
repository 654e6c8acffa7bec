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

/** The SIGNATURE_TERMS terms of highest rarity × (1 + log2 of the weighted count), ties by term. */
function signature(doc: RelatedDoc, rarities: ReadonlyMap<string, number>): string[] {
  const top: [string, number][] = [];
  const before = (term: string, weight: number, [t, w]: [string, number]) => weight > w || (weight === w && term < t);
  doc.terms.forEach((tfw, term) => {
    const weight = (rarities.get(term) ?? 0) * (32 - Math.clz32(tfw));
    if (weight === 0) return;
    if (top.length === SIGNATURE_TERMS) {
      if (!before(term, weight, top[SIGNATURE_TERMS - 1])) return;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && before(term, weight, top[at - 1])) at--;
    top.splice(at, 0, [term, weight]);
  });
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
  const df = new Map<string, number>();
  const count = (_: number, term: string) => {
    df.set(term, (df.get(term) ?? 0) + 1);
  };
  for (const doc of docs) doc.terms.forEach(count);
  const rarities = new Map([...df].map(([term, count]) => [term, rarity(count)]));
  const features = docs.map((doc) => [
    ...signature(doc, rarities).map((t) => `t:${t}`),
    ...[...new Set(doc.tags)].map((t) => `#${t}`),
  ]);
  const held = postings(features);
  const weight = (feature: string): number => {
    const count = held.get(feature)?.length ?? 0;
    return feature.startsWith('#') ? TAG_BONUS + rarity(count) : (rarities.get(feature.slice(2)) ?? 0);
  };
  const weights = new Map([...held.keys()].map((f) => [f, weight(f)]));
  const times = docs.map((doc) => Date.parse(doc.date));

  const related = new Map<string, string[]>();
  docs.forEach((doc, i) => {
    const scores = new Map<number, number>();
    for (const feature of features[i]) {
      const w = weights.get(feature) ?? 0;
      for (const j of neighbours(held.get(feature) ?? [], i)) {
        if (j === i || (doc.series !== undefined && docs[j].series === doc.series)) continue;
        scores.set(j, (scores.get(j) ?? 0) + w);
      }
    }
    const distance = (j: number) => Math.abs(times[j] - times[i]);
    const better = (a: number, b: number) =>
      (scores.get(a) ?? 0) - (scores.get(b) ?? 0) || distance(b) - distance(a) || (docs[a].slug < docs[b].slug ? 1 : -1);
    // The best few of up to hundreds of candidates: an insertion into a short list, not a sort.
    const best: number[] = [];
    for (const j of scores.keys()) {
      if (best.length === RELATED_KEPT) {
        if (better(j, best[RELATED_KEPT - 1]) < 0) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && better(j, best[at - 1]) > 0) at--;
      best.splice(at, 0, j);
    }
    related.set(
      doc.slug,
      best.map((j) => docs[j].slug),
    );
  });
  return related;
}
