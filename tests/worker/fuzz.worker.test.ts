import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { featureSite } from '../support/fixtures';
import { describeCase, type FuzzCase, fuzzCases, STANDARD_METHODS, storedForm } from '../support/fuzz';
import { type App, createApp, publish, request } from '../support/worker';

// Change the seed to explore other requests; a failure names its seed and case to replay it.
const SEED = 0x5eed_2026;
const REQUESTS = 5000;

// Every kind of address the feature site has.
const REAL_PATHS = [
  '/',
  '/page/2',
  '/page/1',
  '/articles/essay',
  '/articles/part-one',
  '/articles/note-3',
  '/series',
  '/series/saga',
  '/series/saga/all',
  '/series/saga.epub',
  '/series/saga/feed.xml',
  '/series/saga/feed.json',
  '/tags/history',
  '/tags/notes/page/2',
  '/tags/history/atom.xml',
  '/feed.xml',
  '/atom.xml',
  '/feed.json',
  '/sitemap.xml',
  '/sitemaps/site.xml',
  '/sitemaps/2025.xml',
  '/robots.txt',
  '/archive',
  '/archive/2026',
  '/about',
  '/2019/old-essay',
];

// A stack frame (`at fn (file:1:2)`), a source path, or an error's name: internals a reader must never see.
const LEAKS = [/\bat \S+ \(/, /\bat \S+:\d+:\d+/, /\/src\//, /node_modules/, /\.tsx?:/, /\b\w*Error:/, /\/work\//, /file:\/\//];

function problemsWith(c: FuzzCase, res: Response, body: Uint8Array): string[] {
  const problems: string[] = [];
  const method = c.method.toUpperCase();
  const type = res.headers.get('Content-Type') ?? '';
  if (res.status >= 500) problems.push(`status ${res.status}`);
  if (method !== 'GET' && method !== 'HEAD' && res.status !== 405) problems.push(`${method} answered ${res.status}, not 405`);
  if (res.status === 405 && res.headers.get('Allow') !== 'GET, HEAD') problems.push(`405 with Allow ${res.headers.get('Allow')}`);
  if ((method === 'HEAD' || res.status === 304) && body.length > 0)
    problems.push(`${body.length} body bytes on a ${method} ${res.status}`);

  if (type.startsWith('text/html')) {
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    if (!/(^|;)\s*default-src 'none'/.test(csp)) problems.push(`HTML with CSP ${JSON.stringify(csp)}`);
    if (res.headers.get('X-Content-Type-Options') !== 'nosniff') problems.push('HTML without nosniff');
    if (!res.headers.get('Referrer-Policy')) problems.push('HTML without Referrer-Policy');
    if (!/frame-ancestors 'none'/.test(csp) && res.headers.get('X-Frame-Options') !== 'DENY')
      problems.push('HTML that may be framed');
  }

  if (res.status >= 300 && res.status < 400 && res.status !== 304) {
    const location = res.headers.get('Location') ?? '';
    const sameSite =
      /^\/(?![/\\])/.test(location) &&
      URL.canParse(location, 'https://example.com') &&
      new URL(location, 'https://example.com').origin === 'https://example.com';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a Location must carry none
    if (!sameSite || /[\s\x00-\x1f\x7f]/.test(location)) problems.push(`redirect to ${JSON.stringify(location)}`);
  }

  // A book is a zip: its compressed bytes are not text, but it must at least be a zip.
  if (type.startsWith('application/epub+zip')) {
    if (method === 'GET' && !(body[0] === 0x50 && body[1] === 0x4b)) problems.push('an epub that is not a zip');
  } else {
    const text = new TextDecoder().decode(body);
    const leak = LEAKS.find((pattern) => pattern.test(text));
    if (leak) problems.push(`body matches ${leak}: ${JSON.stringify(text.match(leak)?.[0])}`);
    // The JSON-LD block is data, never run; no other script may reach a page.
    if (type.startsWith('text/html') && /<script(?! type="application\/ld\+json")|onerror=/i.test(text))
      problems.push('script in HTML');
  }
  return problems;
}

/** Send one case as the runtime would; null when workerd cannot even construct the request. */
async function send(app: App, c: FuzzCase): Promise<Response | null> {
  let req: Request;
  try {
    req = new Request(c.url, { method: c.method, headers: c.headers, body: c.body });
  } catch {
    return null;
  }
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { CONTENT: env.CONTENT }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(featureSite('fuzz'));
  app = createApp(release.root);
});

describe('fuzzed requests', () => {
  // A limit, not an assertion: the run takes 10 to 30 s in workerd on two cores.
  it(`answers ${REQUESTS} hostile requests cleanly: no 5xx, no internals, safe headers and redirects`, {
    timeout: 180_000,
  }, async () => {
    const failures: string[] = [];
    const refused = new Map<string, number>();
    const sentByMethod = new Map<string, number>();
    const statuses = new Map<number, number>();
    const etags = new Map<string, string>();
    let sent = 0;
    for (const c of fuzzCases(SEED, REAL_PATHS, etags)) {
      if (sent === REQUESTS) break;
      let res: Response | null;
      try {
        res = await send(app, c);
      } catch (error) {
        // The app threw instead of answering: the runtime would send the reader a 500.
        failures.push(`${describeCase(SEED, c)}\n  threw ${error}`);
        sent++;
        continue;
      }
      if (!res) {
        refused.set(c.method, (refused.get(c.method) ?? 0) + 1);
        continue;
      }
      sent++;
      sentByMethod.set(c.method, (sentByMethod.get(c.method) ?? 0) + 1);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const etag = res.headers.get('ETag');
      if (res.status === 200 && etag) etags.set(new URL(c.url).pathname, etag);
      const problems = problemsWith(c, res, new Uint8Array(await res.arrayBuffer()));
      if (problems.length > 0) failures.push(`${describeCase(SEED, c)}\n  ${res.status}: ${problems.join('; ')}`);
    }
    console.log(
      `fuzz seed ${SEED}: ${sent} requests sent, by method ${JSON.stringify(Object.fromEntries(sentByMethod))}, ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}; refused by the Request constructor ${JSON.stringify(Object.fromEntries(refused))}`,
    );

    expect(failures.slice(0, 20), `${failures.length} of ${sent} requests failed (seed ${SEED})`).toEqual([]);
    expect(sent).toBe(REQUESTS);
    // Only methods workerd cannot express (it refuses FOO and CONNECT outright) may go unsent.
    expect([...refused.keys()].filter((m) => STANDARD_METHODS.includes(m))).toEqual([]);
    for (const method of STANDARD_METHODS) expect(sentByMethod.get(method) ?? 0, method).toBeGreaterThan(50);
    expect(sentByMethod.get('PROPFIND'), 'a method the app does not know').toBeGreaterThan(10);
    // The fuzz reaches every kind of answer, not just 404s.
    for (const status of [200, 301, 304, 404, 405]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(10);
  });

  it('still serves every real page exactly as a clean render after the fuzzing', async () => {
    // The same release under another id has cache keys of its own, which no fuzzed request touched.
    const cleanId = `clean-${release.root.id}`;
    const clean = createApp({ ...release.root, id: cleanId });
    for (const path of REAL_PATHS) {
      // Each asked twice: the second answer comes from the cache, and shows what it keeps.
      const served = await request(app, path).then(() => request(app, path));
      const expected = await request(clean, path).then(() => request(clean, path));
      const stored = await storedForm(served, release.root.id);
      expect(stored.status, path).toBe(expected.status);
      expect(stored, path).toEqual(await storedForm(expected, cleanId));
    }
  });
});
