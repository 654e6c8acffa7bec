import { describe, expect, it } from 'vitest';
import {
  RELATED_KEPT,
  type RelatedDoc,
  rarity,
  relatedArticles,
  relatedLists,
  TAG_BONUS,
  WINDOW,
} from '../../src/search/related';
import { relatedJob, relatedJobOf } from '../../src/search/related-job';
import { packedTerms, SIGNATURE_TERMS } from '../../src/search/related-terms';

/** A small deterministic generator (mulberry32): the same site on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A site of `count` articles whose terms and tags overlap a great deal, with equal weights and
 * equal dates common: every rule and tie-break is exercised. Oldest first, as related reading takes them.
 */
function site(count: number, seed: number): RelatedDoc[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  // Zipf-like: low numbers common. Names are not in number order, so a tie by name is not one by number.
  const words = Array.from({ length: 160 }, (_, i) => `${String.fromCharCode(97 + ((i * 7) % 26))}w${i}`);
  const word = () => words[Math.floor(words.length * next() ** 2)];
  const tags = ['war', 'peace', 'trade', 'empire', 'labour', 'press'];
  const days = Array.from({ length: count }, () => Math.floor(next() * count * 0.6)).sort((a, b) => a - b);
  return days.map((day, i) => {
    const terms = new Map<string, number>();
    const length = 4 + Math.floor(next() * 40);
    for (let k = 0; k < length; k++) {
      const w = word();
      terms.set(w, (terms.get(w) ?? 0) + pick([1, 1, 1, 2, 6]));
    }
    return {
      slug: `essay-${((i * 37) % count).toString(36)}-${i}`,
      date: new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10),
      tags: [...new Set(Array.from({ length: Math.floor(next() * 3) }, () => pick(tags)))],
      series: next() < 0.15 ? pick(['s1', 's2', 's3']) : undefined,
      terms,
    };
  });
}

/** The rules of related.ts read plainly: whole sorts, string comparisons, no shortcuts. */
function byTheRules(docs: RelatedDoc[]): Map<string, string[]> {
  const counts = docs.map((doc) => {
    const map = new Map<string, number>();
    doc.terms.forEach((count, term) => {
      map.set(term, count);
    });
    return map;
  });
  const df = new Map<string, number>();
  for (const map of counts) for (const term of map.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const features = counts.map((map, i) => {
    const weighed = [...map].map(([term, count]) => ({ term, weight: rarity(df.get(term) ?? 0) * (32 - Math.clz32(count)) }));
    const kept = weighed
      .filter((t) => t.weight > 0)
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, SIGNATURE_TERMS);
    return [...kept.map((t) => `term:${t.term}`), ...new Set(docs[i].tags.map((tag) => `tag:${tag}`))];
  });
  const holders = new Map<string, number[]>();
  features.forEach((list, i) => {
    for (const f of list) holders.set(f, [...(holders.get(f) ?? []), i]);
  });
  const weight = (f: string) =>
    f.startsWith('term:') ? rarity(df.get(f.slice(5)) ?? 0) : TAG_BONUS + rarity(holders.get(f)?.length ?? 0);
  const time = (i: number) => Date.parse(docs[i].date);
  return new Map(
    docs.map((doc, i) => {
      const scores = new Map<number, number>();
      for (const f of features[i]) {
        const held = holders.get(f) ?? [];
        const at = held.indexOf(i);
        for (const j of held.slice(Math.max(0, at - WINDOW), at + WINDOW + 1)) {
          if (j === i || (doc.series !== undefined && docs[j].series === doc.series)) continue;
          scores.set(j, (scores.get(j) ?? 0) + weight(f));
        }
      }
      const distance = (j: number) => Math.abs(time(j) - time(i));
      const ranked = [...scores.keys()].sort(
        (a, b) =>
          (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || distance(a) - distance(b) || (docs[a].slug < docs[b].slug ? -1 : 1),
      );
      return [doc.slug, ranked.slice(0, RELATED_KEPT).map((j) => docs[j].slug)];
    }),
  );
}

describe('related reading by its rules', () => {
  it('gives the lists a plain reading of its rules gives, on sites full of ties', () => {
    for (const seed of [1, 2, 3]) {
      const docs = site(400, seed);
      const expected = byTheRules(docs);
      expect([...expected.values()].filter((list) => list.length === RELATED_KEPT).length).toBeGreaterThan(300);
      expect(relatedArticles(docs)).toEqual(expected);
    }
  });

  it('gives the same lists from packed terms in a dictionary of its own, as a thread is given them', () => {
    const docs = site(400, 4);
    // One dictionary for all, in an order of its own, with terms no article holds.
    const dict = [...new Set(docs.flatMap((doc) => [...(doc.terms as Map<string, number>).keys()]))].reverse();
    dict.splice(3, 0, 'unheld', 'another-unheld');
    const number = new Map(dict.map((term, i) => [term, i]));
    const packed = docs.map((doc) => {
      const pairs: number[] = [];
      doc.terms.forEach((count, term) => {
        pairs.push(number.get(term) ?? -1, count);
      });
      return { ...doc, terms: packedTerms(Uint32Array.from(pairs), dict) };
    });
    const expected = byTheRules(docs);
    expect(relatedArticles(packed)).toEqual(expected);
    // As a thread is given it: a copy, not the docs themselves.
    const { job } = relatedJobOf(packed);
    expect(relatedLists(packed, relatedJob(structuredClone(job)))).toEqual(expected);
    // Counts given as Maps are numbered into a dictionary of the job's own.
    expect(relatedLists(docs, relatedJob(structuredClone(relatedJobOf(docs).job)))).toEqual(expected);
  });
});
