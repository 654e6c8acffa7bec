/**
 * The search core in process: builds the index of 10,000 generated ~500-word articles, then
 * times parse + postingKeys + rank + excerpts (10 hits) per query, values fed from the built
 * entries (no KV). Run: npx tsx bench/search-core.ts
 */
import { buildCache, buildSearchIndex, excerpt, parseQuery, postingKeys, rank, readRecord, type SearchDoc } from '../src/search';

const ARTICLES = 10_000;
const WORDS_PER_DOC = 500;

// A Zipf-like vocabulary (frequency ∝ 1/(rank + 20), so the commonest content word is ~0.7% of
// words, as in English prose once stop words are out), with stop words as 40% of the text.
const STOP = 'the of and to in a is that for it as with was on by'.split(' ');
const SYLLABLES = 'ka lo mi ren tor va sel din mar quo bel tis nor pha gen dru'.split(' ');
const vocabulary = Array.from({ length: 20_000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word.length < 4 ? `${word}ion` : word;
});

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const SHIFT = 20;
const zipf = (): number =>
  Math.min(vocabulary.length - 1, Math.floor(SHIFT * ((vocabulary.length + SHIFT) / SHIFT) ** random() - SHIFT));
const pick = (): string => (random() < 0.4 ? STOP[Math.floor(random() * STOP.length)] : vocabulary[zipf()]);

function generated(n: number): SearchDoc {
  const sentences: string[] = [];
  for (let words = 0; words < WORDS_PER_DOC; words += 12) {
    const sentence = Array.from({ length: 12 }, pick).join(' ');
    sentences.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
  }
  if (n % 97 === 0) sentences.push('The balance of power held for a century.');
  return {
    path: `/articles/post-${n}`,
    kind: 'article',
    title: Array.from({ length: 5 }, pick).join(' '),
    summary: Array.from({ length: 20 }, pick).join(' '),
    headings: [Array.from({ length: 4 }, pick).join(' ')],
    text: sentences.join(' '),
    date: `${2000 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`,
    tags: [`tag${n % 40}`],
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

const docs = Array.from({ length: ARTICLES }, (_, n) => generated(n));
const started = performance.now();
const cache = buildCache();
const index = await buildSearchIndex(docs, [], 'en', { cache });
const buildMs = performance.now() - started;
const textBytes = docs.reduce(
  (sum, doc) => sum + Buffer.byteLength(doc.title + doc.summary + doc.headings.join('') + doc.text),
  0,
);
const bytes = (prefix: string) =>
  [...index.entries].filter(([key]) => key.startsWith(prefix)).reduce((sum, [, value]) => sum + Buffer.byteLength(value), 0);
const largest = Math.max(...[...index.entries.values()].map((value) => Buffer.byteLength(value)));
console.log(
  `built ${ARTICLES} docs in ${(buildMs / 1000).toFixed(1)} s; segments ${index.meta.segments.map((s) => `${s.docs}/${s.shards}`).join(' ')} (docs/shards)`,
);
console.log(
  `keys ${index.entries.size}; sx/ bytes ÷ text bytes ${(bytes('sx/') / textBytes).toFixed(2)}; sd/ bytes ÷ text bytes ${(bytes('sd/') / textBytes).toFixed(2)}; largest value ${(largest / 1024).toFixed(0)} KiB`,
);

// Keys written by 100 successive one-article publishes (new keys only: everything is content-addressed).
const more = Array.from({ length: Number(process.env.MORE ?? 100) }, (_, n) => generated(ARTICLES + n));
let previous = new Set(index.entries.keys());
const written: number[] = [];
for (let n = 1; n <= more.length; n++) {
  const next = await buildSearchIndex([...docs, ...more.slice(0, n)], [], 'en', { cache });
  written.push([...next.entries.keys()].filter((key) => !previous.has(key)).length);
  previous = new Set(next.entries.keys());
}
console.log(
  `keys written per added article (sx/ + sd/): first ${written[0]}, max ${Math.max(...written)}, mean ${(written.reduce((a, b) => a + b, 0) / written.length).toFixed(2)} over 100`,
);

const records = new Map([...index.entries].filter(([key]) => key.startsWith('sd/')));
function query(q: string): number {
  const t = performance.now();
  const parsed = parseQuery(q, 'en');
  const keys = postingKeys(index.meta, parsed);
  const values = new Map(keys.map((key) => [key, index.entries.get(key) ?? null]));
  const result = rank(index.meta, parsed, values, { exclude: new Set(), page: 1, perPage: 10 });
  for (const hit of result.hits) {
    const record = readRecord(records, hit.record);
    if (record) excerpt(record.text, parsed);
  }
  return performance.now() - t;
}

const sample = (rank: number) => vocabulary[rank];
const queries: [string, (i: number) => string][] = [
  ['1 term', (i) => sample(50 + (i % 500))],
  ['2 terms', (i) => `${sample(20 + (i % 200))} ${sample(300 + (i % 700))}`],
  ['4 terms', (i) => `${sample(10 + (i % 90))} ${sample(100 + (i % 300))} ${sample(400 + (i % 500))} ${sample(i % 50)}`],
  ['stop-word heavy', (i) => `the history of the ${sample(30 + (i % 300))} and of the ${sample(200 + (i % 300))}`],
  ['phrase', () => '"balance of power"'],
  ['common term', () => sample(0)],
];
for (const [name, make] of queries) {
  for (let i = 0; i < 50; i++) query(make(i));
  const times: number[] = [];
  for (let i = 0; i < 300; i++) times.push(query(make(i)));
  times.sort((a, b) => a - b);
  const parsed = parseQuery(make(0), 'en');
  const keys = postingKeys(index.meta, parsed);
  const read = keys.reduce((sum, key) => sum + Buffer.byteLength(index.entries.get(key) ?? ''), 0);
  console.log(
    `${name.padEnd(16)} p50 ${percentile(times, 0.5).toFixed(2)} ms  p99 ${percentile(times, 0.99).toFixed(2)} ms  round-1 keys ${keys.length}, ${(read / 1024).toFixed(0)} KiB`,
  );
}
