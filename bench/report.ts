/** BENCHMARKS.md from bench/results.json: the same figures, as tables, with the targets beside them. */
import { writeFile } from 'node:fs/promises';
import type { MillionFigures } from './million';
import { issueTargets } from './report-targets';
import { n, table, yes } from './tables';
import type { Targets } from './targets';

export interface Results {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number };
  versions: Record<string, string>;
  settings: { seconds: number; rounds: number; connections: number; sizes: number[]; coldRuns: number };
  targets: Targets;
  million: MillionFigures;
  figures: Record<string, number>;
}

const PAGES = ['home', 'article', 'series', 'feed'];
const SCALE = ['home', 'archive', 'tag', 'series', 'feed', 'article'];
const LABEL: Record<string, string> = {
  home: 'home',
  article: '10,000-word article',
  series: 'series page',
  feed: 'site feed (20 full-text items)',
  archive: 'archive page 400 (at 10: page 1)',
  tag: 'tag page (the tag on every article)',
};

const CONTENDERS = ['floor', 'hit', 'cacheApiHit', 'miss', 'naive', 'nginx'];

/** "none", or how many and where. */
function errors(f: Record<string, number>): string {
  const seen = PAGES.flatMap((p) => CONTENDERS.map((w) => [`${w} on ${LABEL[p]}`, f[`load.${p}.${w}.errors`]] as const)).filter(
    ([, count]) => count > 0,
  );
  return seen.length === 0 ? 'none' : seen.map(([where, count]) => `${count} (${where})`).join(', ');
}

export async function writeReport(path: string, results: Results): Promise<void> {
  const { date, machine, versions, settings, figures: f } = results;
  const load = (page: string, who: string) =>
    `${n(f[`load.${page}.${who}.rps`])} (${f[`load.${page}.${who}.p50Ms`]} / ${f[`load.${page}.${who}.p99Ms`]})`;
  const cpu = (page: string, kind: string) => `${f[`cpu.${page}.${kind}.p50Ms`]} / ${f[`cpu.${page}.${kind}.p99Ms`]}`;
  const worstFloor = Math.min(...PAGES.map((p) => f[`load.${p}.hitOverFloor`]));
  const worstScale = Math.max(...SCALE.map((p) => f[`scale.${p}.ratio`]));
  const worstMissReads = Math.max(...SCALE.map((p) => f[`reads.${p}.miss`]));
  const hitReads = Math.max(...SCALE.map((p) => f[`reads.${p}.hit`]));
  const missCpu = Math.max(f['cpu.article.miss.p50Ms'], f['cpu.feed.miss.p50Ms']);
  const weight = Math.max(f['weight.home.beyondTextBytes'], f['weight.article.beyondTextBytes']);
  const scripts = f['weight.home.scripts'] + f['weight.article.scripts'];
  const QUERIES = ['oneTerm', 'twoTerms', 'fourTerms', 'stopWords', 'phrase'];
  const QUERY_LABEL: Record<string, string> = {
    oneTerm: '1 term',
    twoTerms: '2 terms',
    fourTerms: '4 terms',
    stopWords: 'stop-word heavy (2 terms, 5 stop words)',
    phrase: 'a quoted phrase',
  };
  const queryCpu = Math.max(...QUERIES.map((q) => f[`search.${q}.cpu.p50Ms`]));
  const queryRounds = Math.max(...QUERIES.map((q) => f[`search.${q}.kvRounds`]));

  const text = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts) on ${date.slice(0, 10)}; the raw figures are in
[bench/results.json](bench/results.json). Re-run it to replace both. It needs Debian's \`wrk\` and
\`nginx\` (\`apt-get install -y wrk nginx\`); CI does not run it.

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; the load generator shares the
cores with the server. Versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

Sites: generated essays of about 500 words (headings, emphasis, links, footnotes; eight tags; a
five-part series every 50 articles; two a day from 1870, so every year lists 730) plus one 10,000-word essay, ${settings.sizes.map(n).join(', ')} articles,
published by \`quire publish --local\` and served by workerd through miniflare's API on 127.0.0.1.

${issueTargets(results)}

## Targets (earlier issues)

${table(
  ['target', 'measured', ''],
  [
    ['cache hit: 0 KV reads', `${hitReads} on every page type`, yes(hitReads === 0)],
    ['cache hit ≥ 0.9× the runtime floor', `${worstFloor}× at worst (per page below)`, yes(worstFloor >= 0.9)],
    ['cache miss ≤ 3 KV reads', `${worstMissReads} at most`, yes(worstMissReads <= 3)],
    [
      'miss ≤ 2 ms CPU once rendered: article, feed (p50)',
      `${f['cpu.article.miss.p50Ms']} ms, ${f['cpu.feed.miss.p50Ms']} ms`,
      yes(missCpu <= 2),
    ],
    ['latency at 10,000 ≤ 1.2× at 10', `${worstScale}× at worst`, yes(worstScale <= 1.2)],
    [
      'one new article writes ≤ 25 keys',
      `${f['publish.addOne.keys']} entries (+2 history writes)`,
      yes(f['publish.addOne.keys'] + 2 <= 25),
    ],
    ['uncached search ≤ 5 ms CPU p50, excerpts included', `${queryCpu} ms at worst (in process)`, yes(queryCpu <= 5)],
    ['uncached search ≤ 2 KV round trips', `${queryRounds}`, yes(queryRounds <= 2)],
    [
      'cached search = the floor (≥ 0.9×), 0 KV reads',
      `${f['load.search.hitOverFloor']}×, ${f['reads.search.hit']} reads`,
      yes(f['load.search.hitOverFloor'] >= 0.9 && f['reads.search.hit'] === 0),
    ],
    ['first publish of 10,000 under 60 s', `${f['publish.first10000.seconds']} s`, yes(f['publish.first10000.seconds'] < 60)],
    [
      'page weight < 20 KB beyond the text, no JS',
      `${n(weight)} bytes at most, ${scripts} scripts`,
      yes(weight < 20_000 && scripts === 0),
    ],
  ],
)}

## Throughput under load

wrk, ${settings.connections} connections, ${settings.rounds} runs of ${settings.seconds} s per contender taken in turns;
the median run. Requests/s (p50 / p99 latency in ms). 10,000-article site.

- **floor**: a minimal worker in the same workerd answering the same bytes and headers from constants.
- **hit**: Quire as deployed (src/index.ts): the isolate's memory, then the Cache API, then KV.
- **Cache API hit**: the app without the memory layer, every request a hit in miniflare's Cache API (Quire before this benchmark).
- **miss**: the cache switched off; pages built from KV, bodies rendered once and kept.
- **naive**: caching switched off and nothing kept: markdown read from KV and rendered on every request.
- **nginx**: the same bytes as static files (nginx ${versions.nginx}, \`worker_processes auto\`).

${table(
  ['page', 'floor', 'hit', 'hit ÷ floor', 'Cache API hit', 'miss', 'naive', 'nginx', 'hit ÷ nginx', 'hit ÷ naive'],
  PAGES.map((p) => [
    LABEL[p],
    load(p, 'floor'),
    load(p, 'hit'),
    `${f[`load.${p}.hitOverFloor`]}×`,
    load(p, 'cacheApiHit'),
    load(p, 'miss'),
    load(p, 'naive'),
    load(p, 'nginx'),
    `${f[`load.${p}.hitOverNginx`]}×`,
    `${f[`load.${p}.hitOverNaive`]}×`,
  ]),
)}

Errors (non-2xx/3xx answers and socket errors) over all these runs: ${errors(f)}.
Through \`npm start\` (\`quire dev\`: the same workerd through miniflare's API, no \`wrangler dev\` proxy), the sample site's home page as a hit:
${n(f['load.wranglerDev.home.hit.rps'])} requests/s (p99 ${f['load.wranglerDev.home.hit.p99Ms']} ms).

## CPU per request

In process (Node ${versions.node}, the V8 that workerd runs), an in-memory KV, p50 / p99 ms over 300 runs
(naive: 100). marked alone: ${f['cpu.markedPer1000Words.p50Ms']} ms per 1,000 words (p50, the 10,000-word essay).

${table(
  ['page (10,000-article site)', 'hit (memory)', 'miss (bodies kept)', 'naive (render every time)', "Node's floor"],
  SCALE.map((p) => [LABEL[p], cpu(p, 'hit'), cpu(p, 'miss'), cpu(p, 'naive'), cpu(p, 'floor')]),
)}

**Node's floor** is the finished page, a constant, turned into a response's bytes by Node
(\`new Response(page).arrayBuffer()\`): what Node's fetch implementation alone costs for that
many bytes, done natively in workerd. A miss builds one Response around bytes encoded once; the
edge cache's copies take those bytes, and the ETag comes from the hashes the page is made of.

## KV reads per request (counted in workerd)

Counted after the pages were visited (warm isolates): a miss reads no list or name-index leaf its
isolate has already parsed (they are content-addressed), so a list page's miss may read nothing.

${table(
  ['page', 'hit', 'miss', 'naive'],
  SCALE.map((p) => [LABEL[p], f[`reads.${p}.hit`], f[`reads.${p}.miss`], f[`reads.${p}.naive`]]),
)}

## Scale: 10 vs 10,000 vs 100,000 articles

Cache-miss latency served by workerd, one connection (wrk), p50 in ms (the median of
${settings.rounds} runs of ${settings.seconds} s, the three sizes in turns); and the CPU of the same miss in process, p50 in ms (the three sizes
timed request by request in turns, in one fresh process, so load and heap weigh on each alike).
At 100,000 the archive page is page 4,000. KV reads of a miss at 100,000: ${SCALE.map((p) => f[`reads.${p}.miss.at100000`]).join(', ')}
(in the order of the table).

${table(
  [
    'page',
    '10 articles',
    '10,000',
    '100,000',
    'ratio 10,000',
    'ratio 100,000',
    'CPU at 10',
    'at 10,000',
    'at 100,000',
    'ratio 10,000',
    'ratio 100,000',
  ],
  SCALE.map((p) => [
    LABEL[p],
    f[`scale.${p}.p50Ms.at10`],
    f[`scale.${p}.p50Ms.at10000`],
    f[`scale.${p}.p50Ms.at100000`],
    `${f[`scale.${p}.ratio`]}×`,
    `${f[`scale.${p}.ratio100000`]}×`,
    f[`cpu.${p}.miss.p50Ms.at10`],
    f[`cpu.${p}.miss.p50Ms`],
    f[`cpu.${p}.miss.p50Ms.at100000`],
    `${f[`cpu.${p}.missRatio`]}×`,
    `${f[`cpu.${p}.missRatio100000`]}×`,
  ]),
)}

## Search

On the 10,000-article site. Uncached queries in process (Node, an in-memory KV; the whole request:
parsing, two bulk reads, ranking, ten excerpts, the page), p50 / p99 ms over 300 runs; KV reads
of one uncached query (round trips, keys, KiB); and the same queries served by workerd with the
cache off, one connection: wall time with miniflare's KV I/O, and with every KV value held in the
worker's memory after its first read (the worker's own work, where it runs, plus one local HTTP hop).

${table(
  ['query', 'CPU in process', 'KV round trips', 'KV keys', 'KV KiB', 'workerd p50 / p99 ms', 'workerd, KV in memory'],
  QUERIES.map((q) => [
    QUERY_LABEL[q],
    `${f[`search.${q}.cpu.p50Ms`]} / ${f[`search.${q}.cpu.p99Ms`]}`,
    f[`search.${q}.kvRounds`],
    f[`search.${q}.kvKeys`],
    n(f[`search.${q}.kvKiB`]),
    `${f[`search.${q}.workerd.p50Ms`]} / ${f[`search.${q}.workerd.p99Ms`]}`,
    `${f[`search.${q}.workerdOwn.p50Ms`]} / ${f[`search.${q}.workerdOwn.p99Ms`]}`,
  ]),
)}

Cached query (2 terms) under load: ${load('search', 'hit')} against the floor's ${load('search', 'floor')}
(${f['load.search.hitOverFloor']}×), ${f['reads.search.hit']} KV reads; uncached: ${load('search', 'miss')}, ${f['reads.search.miss']} keys read.
Index: term shards ${f['search.index.shardsOverText']}× the plain text they index, document records
(in packs of up to 32 KiB) ${f['search.index.recordsOverText']}× (they carry the text for excerpts); ${f['search.index.segments']} segments;
largest value ${f['search.index.largestValueKiB']} KiB. Keys the index writes per added article over
${f['search.keysPerArticle.steps']} successive one-article publishes from 10,001 articles: ${f['search.keysPerArticle.mean']} on average,
${f['search.keysPerArticle.max']} at most (a carry merging blocks); the rest of a publish is in the table below.

## Publishing (local KV, the real CLI)

${table(
  ['step', 'time', 'entries written'],
  [
    [
      'first publish, 10,000 articles',
      `${f['publish.first10000.seconds']} s`,
      `${n(f['publish.first10000.keys'])} (${f['publish.first10000.mib']} MiB)`,
    ],
    ['add one article', `${f['publish.addOne.seconds']} s`, `${f['publish.addOne.keys']} + 2 history writes`],
    ['publish again, nothing changed', `${f['publish.unchanged.seconds']} s`, `${f['publish.unchanged.keys']}`],
    [
      'first publish, 100,000 articles',
      `${f['publish.first100000.seconds']} s`,
      `${n(f['publish.first100000.keys'])} (${f['publish.first100000.mib']} MiB)`,
    ],
    [
      'add one article at 100,000',
      `${f['publish.addOne100000.seconds']} s`,
      `${f['publish.addOne100000.keys']} + 2 history writes`,
    ],
  ],
)}

\`quire check\` on the 10,000-article site's files: ${f['check.10000.seconds']} s (wall, the median of ${settings.rounds} runs).

## Page weight

${table(
  ['page', 'HTML bytes', 'gzip', 'beyond the article text', 'inline CSS', 'scripts'],
  ['home', 'article'].map((p) => [
    p === 'home' ? 'home (whole page)' : 'a 500-word article',
    n(f[`weight.${p}.htmlBytes`]),
    n(f[`weight.${p}.gzipBytes`]),
    n(f[`weight.${p}.beyondTextBytes`]),
    n(f[`weight.${p}.cssBytes`]),
    f[`weight.${p}.scripts`],
  ]),
)}

Pages need no JavaScript; the only script element is JSON-LD data. Worker bundle: ${n(f['bundle.workerBytes'])} bytes minified.
The whole benchmark took ${f['bench.seconds']} s.
`;
  await writeFile(path, text);
}
