import type { SearchDoc } from './doc';
import { fold } from './text';

export type FilterKind = 'tag' | 'series' | 'year' | 'kind';

export const FILTER_KINDS: readonly FilterKind[] = ['tag', 'series', 'year', 'kind'];

/** A filter value as indexed and as typed: folded, and anything but letters and digits made one hyphen. */
export const filterValue = (raw: string): string =>
  fold(raw)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** A filter's pseudo-term. `#` cannot begin a word, so it never meets a term of text. */
export const filterTerm = (kind: FilterKind, value: string): string => `#${kind}:${value}`;

/** The filter pseudo-terms a doc is found by. */
export function docFilterTerms(doc: SearchDoc): string[] {
  const terms = new Set<string>([filterTerm('kind', doc.kind)]);
  for (const tag of doc.tags) terms.add(filterTerm('tag', filterValue(tag)));
  if (doc.series) terms.add(filterTerm('series', filterValue(doc.series.slug)));
  // A series' own page is found by its filter too: `series:the-long-peace` lists the synopsis and the parts.
  if (doc.kind === 'series') terms.add(filterTerm('series', filterValue(doc.path.replace(/^\/series\//, ''))));
  const year = doc.date?.match(/^(\d{4})-/)?.[1];
  if (year) terms.add(filterTerm('year', year));
  return [...terms].filter((term) => !term.endsWith(':'));
}
