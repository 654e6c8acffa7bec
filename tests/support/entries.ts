import type { Entry } from '../../src/content/stored';

/** Name index entries without a site: article entries of a realistic size, as the bench's are. */

const WORDS = 'river canal lock barge towpath harbour city empire treaty war peace law trade salt iron rail'.split(' ');
const word = (i: number) => WORDS[i % WORDS.length];
const title = (i: number) => `On the ${word(i)} and the ${word(i + 3)}: notes ${i}`;

/** Article `i`'s entry: about 700 bytes of JSON, like a generated essay's with its related reading. */
export function syntheticEntry(i: number): Entry {
  return {
    kind: 'article',
    slug: `essay-${i}`,
    title: title(i),
    date: '2001-01-01T00:00:00.000Z',
    summary: `A long look at the ${word(i)} of the ${word(i + 5)}, how it shaped the ${word(i + 7)} and what the ${word(i + 2)} made of it in the end, number ${i}.`,
    tags: [word(i), word(i + 1), word(i + 4)],
    words: 1000 + (i % 5000),
    bodyKey: `md/${(Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(4)}`,
    corrections: [],
    related: [1, 2, 3, 4, 5].map((k) => ({ slug: `essay-${i + k * 17}`, title: title(i + k * 17) })),
  };
}

/** Entries `from` to `to - 1`, named as the release names articles. */
export function syntheticIndex(to: number, from = 0): Map<string, Entry> {
  const index = new Map<string, Entry>();
  for (let i = from; i < to; i++) index.set(`article:essay-${i}`, syntheticEntry(i));
  return index;
}
