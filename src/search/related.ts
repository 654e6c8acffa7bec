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
import { Numbering } from './numbering';
import { nameRanks, numberTerms, signature, standingByDict, type TermWeights } from './related-terms';
import { type Analyzer, placeTerms } from './text';

export type { TermWeights } from './related-terms';

/** Kept per article: three are shown, the spares stand in for ones not yet due at request time. */
export const RELATED_KEPT = 5;
/** Candidates per term or tag: this many neighbours on each side in date order. */
export const WINDOW = 24;
/** A shared tag (chosen by the author) outweighs any one shared term. */
export const TAG_BONUS = 10;

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
  return relatedLists(docs, relatedPlaces(docs));
}

/**
 * `relatedArticles` as places in `docs`: doc i's related docs, best first, at `RELATED_KEPT * i`
 * on (-1 past the last). One array, which a thread hands back without copying strings.
 */
export function relatedPlaces(docs: readonly RelatedDoc[]): Int32Array {
  const { numbered, names, df } = numberTerms(docs.map((doc) => doc.terms));
  const rarities = Uint8Array.from(df, rarity);
  const standingOf = standingByDict(rarities, names);
  // Features as numbers: a term is its own number, a tag comes after every term.
  const tags = new Numbering<string>([], names.length);
  const features = docs.map((doc, i) =>
    Int32Array.from([...signature(numbered[i], standingOf(numbered[i].to)), ...new Set(doc.tags.map((tag) => tags.of(tag)))]),
  );
  const featureCount = names.length + tags.names.length;
  const { start, held } = postings(features, featureCount);
  const weights = new Int32Array(featureCount);
  for (let f = 0; f < featureCount; f++) {
    weights[f] = f < names.length ? rarities[f] : TAG_BONUS + rarity(start[f + 1] - start[f]);
  }
  const times = Float64Array.from(docs, (doc) => Date.parse(doc.date));
  const seriesNumbers = new Numbering();
  const series = Int32Array.from(docs, (doc) => (doc.series === undefined ? -1 : seriesNumbers.of(doc.series)));

  // One score per article, reset after each: arrays and the list of those touched, not a Map.
  const scores = new Int32Array(docs.length);
  const candidate = new Uint8Array(docs.length);
  const places = new Int32Array(docs.length * RELATED_KEPT).fill(-1);
  const touched = new Int32Array(docs.length);
  // Candidate a beats b for the article dated `now`: a higher score, then nearer in date, then the
  // first slug (by rank: no string is compared and no closure made in the loop; 0.35 s less at 100,000).
  const slugs = nameRanks(docs.map((doc) => doc.slug));
  let now = 0;
  const beats = (a: number, b: number) =>
    scores[a] !== scores[b]
      ? scores[a] > scores[b]
      : Math.abs(times[a] - now) !== Math.abs(times[b] - now)
        ? Math.abs(times[a] - now) < Math.abs(times[b] - now)
        : slugs[a] < slugs[b];
  const best = new Int32Array(RELATED_KEPT);
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
    now = times[i];
    // The best few of up to hundreds of candidates: an insertion into a short list, not a sort.
    // Most candidates score lower than the last kept and are passed over at once.
    let kept = 0;
    for (let t = 0; t < count; t++) {
      const j = touched[t];
      if (kept === RELATED_KEPT && !beats(j, best[RELATED_KEPT - 1])) continue;
      let at = kept < RELATED_KEPT ? kept++ : RELATED_KEPT - 1;
      for (; at > 0 && beats(j, best[at - 1]); at--) best[at] = best[at - 1];
      best[at] = j;
    }
    for (let t = 0; t < count; t++) {
      scores[touched[t]] = 0;
      candidate[touched[t]] = 0;
    }
    places.set(best.subarray(0, kept), i * RELATED_KEPT);
  }
  return places;
}

/** Places (`relatedPlaces`) as slugs by slug. */
export function relatedLists(docs: readonly RelatedDoc[], places: Int32Array): Map<string, string[]> {
  return new Map(
    docs.map((doc, i) => {
      const related: string[] = [];
      for (let k = i * RELATED_KEPT; k < (i + 1) * RELATED_KEPT && places[k] >= 0; k++) related.push(docs[places[k]].slug);
      return [doc.slug, related];
    }),
  );
}
