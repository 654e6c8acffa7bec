/**
 * Hostile requests from a seed: the same seed always gives the same requests, so a failure
 * printed with its seed and index can be replayed exactly.
 */

/** mulberry32: a tiny, well-mixed 32-bit PRNG, good enough to pick test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  index: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The eight methods of RFC 9110 §9 (less CONNECT) and some only WebDAV or caches know. */
export const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'];
const OTHER_METHODS = ['FOO', 'CONNECT', 'PROPFIND', 'MKCOL', 'PURGE', 'get'];

const TRAVERSAL = [
  '../',
  '..%2f',
  '%2e%2e/',
  '%2e%2e%2f',
  '.%2e/',
  '%2E./',
  '..%5c',
  '%5c..%5c',
  '..\\',
  '%2e%2e%5c',
  '..;/',
  '....//',
];
const DOUBLE_ENCODED = ['%252e%252e%252f', '%252e%252e/', '%252f', '%255c', '%2525', '%25%32%65', '%%32%65', '%25'];
const BAD_UTF8 = [
  '%ff',
  '%c3%28',
  '%e2%82',
  '%e2%82%28',
  '%c0%af',
  '%c0%ae%c0%ae/',
  '%ed%a0%80',
  '%f8%88%80%80%80',
  '%80',
  '%c3',
];
const MALFORMED = ['%', '%z', '%zz', '%4', '%%', '%g0', '%%41', '%u0041', '%2', '%-1'];
const CONTROL = [
  '%00',
  '%01',
  '%07',
  '%08',
  '%09',
  '%0a',
  '%0d',
  '%0d%0aSet-Cookie:%20x=1',
  '%1b[31m',
  '%7f',
  '%20',
  '\t',
  '\n',
  '\u0000',
  '\u0001',
  '\u007f',
  ' ',
];
const UNICODE = [
  'café',
  'caf%C3%A9',
  'cafe%CC%81',
  '日本語',
  '%E6%97%A5%E6%9C%AC',
  '😀',
  '%F0%9F%98%80',
  'اختبار',
  '\u200b',
  '%E2%80%8B',
  '\u202e',
  'ſ',
  'K',
  'ＡＢＣ',
  '\ufeff',
];
const MARKUP = [
  '<script>alert(1)</script>',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '"><img src=x onerror=alert(1)>',
  "'onmouseover='x",
  'javascript:alert(1)',
];
const SLASHES = ['/', '//', '///', '\\', '/./', '%2f', '%2F%2F', '/%5c', ';'];
const TOKENS = [TRAVERSAL, DOUBLE_ENCODED, BAD_UTF8, MALFORMED, CONTROL, UNICODE, MARKUP, SLASHES];

const OFF_SITE = [
  '//evil.example',
  '/\\evil.example',
  '/%5cevil.example',
  '/%2f%2fevil.example',
  '///evil.example/%2e%2e',
  '//evil.example/%2f..',
];
const SUFFIXES = [
  '/',
  '//',
  '/.',
  '/..',
  '/./',
  '?',
  '#x',
  ';',
  ';jsessionid=1',
  '.json',
  '.php',
  '~',
  '.bak',
  '/index.html',
  '%00',
  '%20',
  '%09',
];
const QUERIES = [
  '?utm_source=x&utm_medium=y',
  '?page=2',
  '?a=%ff&b=%&c=%zz',
  '?__proto__[x]=1&constructor=1',
  '?%00=%00',
  '??',
  '?a=1&a=2;b',
  '?q=<script>alert(1)</script>',
  '?url=https://evil.example/',
  '?%E6%97%A5=%F0%9F%98%80',
];
const HOSTS = [
  'https://blog.example',
  'http://blog.example',
  'https://evil.example',
  'https://blog.example:8443',
  'https://127.0.0.1',
  'https://[::1]',
];

// Header values are ASCII: workerd refuses NUL, CR and LF, and warns on every non-ASCII value.
const HEADERS: Record<string, string[]> = {
  'If-None-Match': ['*', 'W/"x"', '"', '"abc", W/"def"', ',,,', 'x'.repeat(4000), '"*"', 'W/', '""'],
  'If-Modified-Since': [
    'garbage',
    'Thu, 01 Jan 1970 00:00:00 GMT',
    'Fri, 31 Dec 9999 23:59:59 GMT',
    '-1',
    '0',
    'Sat, 32 Foo 2026 99:99:99 GMT',
  ],
  Range: [
    'bytes=0-0',
    'bytes=-1',
    'bytes=999999999-',
    'bytes=5-1',
    'items=1-2',
    'bytes=0-1,2-3,4-5',
    'bytes=',
    'bytes=-',
    'x'.repeat(2000),
  ],
  Accept: [
    '*/*',
    'application/json',
    'text/html;q=0',
    'application/xml',
    '*/*;q=abc',
    'text/*, */*;q=0.1',
    '',
    `${'a/b,'.repeat(800)}c/d`,
  ],
  'Accept-Encoding': ['gzip', 'br', 'identity;q=0', '*;q=0', 'zstd, gzip;q=0.5', 'x'.repeat(1000), 'deflate\t'],
  'X-Forwarded-Host': ['evil.example'],
  'X-HTTP-Method-Override': ['DELETE'],
  Cookie: ['session=1; __proto__=x'],
};

const REPEAT_LENGTHS = [10_001, 16_384, 40_000];

/**
 * Every request the fuzz sends, generated lazily from `seed` around the site's real paths.
 * `etags` holds the ETag seen for a path (the caller adds them), so some requests revalidate.
 */
export function* fuzzCases(seed: number, realPaths: string[], etags: ReadonlyMap<string, string>): Generator<FuzzCase> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;

  const insert = (path: string, token: string): string => {
    const at = chance(0.5) ? path.length : 1 + Math.floor(random() * path.length);
    return `${path.slice(0, at)}${token}${path.slice(at)}`;
  };
  const encodeEvery = (path: string): string =>
    path.replace(/[^/]/g, (ch) =>
      `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`.replace(/[a-f]/g, (h) => (chance(0.5) ? h.toUpperCase() : h)),
    );

  function path(p: string): string {
    const mutations = chance(0.15) ? 0 : 1 + Math.floor(random() * 3);
    for (let i = 0; i < mutations; i++) {
      const kind = random();
      if (kind < 0.45) p = insert(p, pick(pick(TOKENS)));
      else if (kind < 0.6) p = `${p}${pick(SUFFIXES)}`;
      else if (kind < 0.7) p = p.replace('/', pick(['//', '///', '/./', '/\\', '/%2f']));
      else if (kind < 0.77) p = `${pick(OFF_SITE)}${chance(0.5) ? p : ''}`;
      else if (kind < 0.83)
        p = insert(p, `${chance(0.5) ? '/' : ''}${pick(['a', 'ab/', '%2e', '日', '/'])}`.repeat(pick(REPEAT_LENGTHS) / 4));
      else if (kind < 0.9) p = encodeEvery(p);
      else if (kind < 0.95) p = p.toUpperCase();
      else p = insert(p, `/${pick(pick(TOKENS))}${pick(pick(TOKENS))}`);
    }
    return p;
  }

  function query(): string {
    if (chance(0.6)) return '';
    if (chance(0.15)) return `?q=${pick(['x', '%ff', '%', '日'])}`.padEnd(pick(REPEAT_LENGTHS), 'x');
    return pick(QUERIES);
  }

  function method(): string {
    const r = random();
    if (r < 0.4) return 'GET';
    if (r < 0.6) return 'HEAD';
    return chance(0.8) ? pick(STANDARD_METHODS.slice(2)) : pick(OTHER_METHODS);
  }

  for (let index = 0; ; index++) {
    const m = method();
    const headers: Record<string, string> = {};
    for (const [name, values] of Object.entries(HEADERS))
      if (chance(name.startsWith('X-') || name === 'Cookie' ? 0.05 : 0.2)) headers[name] = pick(values);
    const real = pick(realPaths);
    const etag = etags.get(real);
    if (etag && chance(0.3)) headers['If-None-Match'] = chance(0.7) ? etag : `"x", ${etag}, W/"y"`;
    const host = chance(0.92) ? HOSTS[0] : pick(HOSTS);
    const fuzzCase: FuzzCase = { index, method: m, url: `${host}${path(real)}${query()}`, headers };
    if (!['GET', 'HEAD', 'get'].includes(m) && chance(0.4))
      fuzzCase.body = pick(['x', '{"a":1}', '<xml/>', 'a=1&b=2'.repeat(500)]);
    yield fuzzCase;
  }
}

/** A failing request as a line that can be read and replayed; long strings are shortened. */
export function describeCase(seed: number, c: FuzzCase): string {
  const short = (s: string) => (s.length > 240 ? `${s.slice(0, 160)}…(${s.length} chars)…${s.slice(-60)}` : s);
  const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, short(v)]));
  return `seed ${seed} case ${c.index}: ${c.method} ${JSON.stringify(short(c.url))} headers ${JSON.stringify(headers)}${c.body === undefined ? '' : ` body ${JSON.stringify(short(c.body))}`}`;
}

/**
 * What a cache keeps of an answer: status, headers and body bytes, with the release id written as
 * one name so two ids compare, and without the headers that only say when it was sent.
 */
export async function storedForm(res: Response, id: string) {
  const headers = [...res.headers]
    .filter(([name]) => name !== 'age' && name !== 'date')
    .map(([name, value]) => `${name}: ${value.replaceAll(id, '<release>')}`);
  return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
}
