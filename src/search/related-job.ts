/**
 * Related reading as plain data, so it can run on another thread while this one builds the search
 * index: every doc's terms as packed (term, count) pairs into one of a few dictionaries. Pairs a
 * build cache keeps are handed on as they are (over a shared buffer they are not even copied);
 * counts given as a Map are numbered into one fresh dictionary, in fresh arrays that can be moved.
 */

import { Numbering } from './numbering';
import { type RelatedDoc, relatedArticles } from './related';
import { packedTerms } from './related-terms';

export interface RelatedJob {
  docs: { slug: string; date: string; tags: readonly string[]; series?: string; pairs: Uint32Array; dict: number }[];
  dicts: (readonly string[])[];
}

/** `docs` as a job, and the buffers it alone holds (which a thread may take rather than copy). */
export function relatedJobOf(docs: readonly RelatedDoc[]): { job: RelatedJob; own: ArrayBuffer[] } {
  const fresh = new Numbering();
  const dicts: (readonly string[])[] = [fresh.names];
  const numbers = new Map<readonly string[], number>();
  const own: ArrayBuffer[] = [];
  const packed = docs.map(({ slug, date, tags, series, terms }) => {
    const kept = terms.packed;
    if (kept) {
      let dict = numbers.get(kept.dict);
      if (dict === undefined) {
        dict = dicts.push(kept.dict) - 1;
        numbers.set(kept.dict, dict);
      }
      return { slug, date, tags, series, pairs: kept.pairs, dict };
    }
    const pairs: number[] = [];
    terms.forEach((count, term) => {
      pairs.push(fresh.of(term), count);
    });
    const made = Uint32Array.from(pairs);
    own.push(made.buffer);
    return { slug, date, tags, series, pairs: made, dict: 0 };
  });
  return { job: { docs: packed, dicts }, own };
}

/** Related reading of a job: the same lists `relatedArticles` gives for the docs it was made from. */
export function relatedJob({ docs, dicts }: RelatedJob): Map<string, string[]> {
  return relatedArticles(docs.map(({ pairs, dict, ...doc }) => ({ ...doc, terms: packedTerms(pairs, dicts[dict]) })));
}
