import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { featureSite } from '../support/fixtures';
import { storedForm } from '../support/fuzz';
import { type App, createApp, publish } from '../support/worker';

const BASE = 'https://blog.example';

const PAGES = [
  '/',
  '/page/2',
  '/articles/essay',
  '/series/saga',
  '/series/saga/all',
  '/tags/history',
  '/archive',
  '/about',
  '/feed.xml',
  '/atom.xml',
  '/feed.json',
  '/series/saga/feed.xml',
  '/sitemap.xml',
  '/sitemaps/site.xml',
  '/robots.txt',
  '/2019/old-essay',
];

// Every header a proxy or framework has been known to trust for the host, scheme or path.
const HOSTILE_HEADERS: Record<string, string> = {
  Host: 'evil.example',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'http',
  'X-Forwarded-Scheme': 'http',
  'X-Forwarded-Port': '1337',
  'X-Forwarded-Prefix': '/evil-prefix',
  'X-Forwarded-Server': 'evil.example',
  'X-Host': 'evil.example',
  'X-Original-URL': '/evil-original',
  'X-Rewrite-URL': '/evil-rewrite',
  'X-HTTP-Method-Override': 'POST',
  Forwarded: 'for=192.0.2.1;host=evil.example;proto=http',
  Origin: 'https://evil.example',
  Referer: 'https://evil.example/from',
  'Accept-Language': 'x-evil',
  'User-Agent': 'evil-bot',
  Accept: 'application/json',
  'Accept-Encoding': 'gzip, br',
};

// Whatever a hostile request carried that must never reach a stored page.
const REFLECTED = /evil|1337|http:\/\/blog\.example/i;

interface Variant {
  name: string;
  url: (path: string) => string;
  headers?: Record<string, string>;
}

// Requests that may share a page's cache key, or may be spelled to land on it.
const VARIANTS: Variant[] = [
  {
    name: 'hostile headers and a junk query',
    url: (p) => `${BASE}${p}?utm_source=evil&host=evil.example&__proto__=x`,
    headers: HOSTILE_HEADERS,
  },
  { name: 'a hostile Host in the URL', url: (p) => `https://evil.example${p}`, headers: HOSTILE_HEADERS },
  { name: 'plain http on another port', url: (p) => `http://evil.example:1337${p}?page=2` },
  { name: 'bad escapes in the query', url: (p) => `${BASE}${p}?a=%ff&b=%&%00=%zz` },
  { name: 'an overlong query', url: (p) => `${BASE}${p}?q=${'evil'.repeat(5000)}` },
  // Other addresses, whose answers must not be stored under this page's key.
  { name: 'a trailing encoded space', url: (p) => `${BASE}${p}%20` },
  { name: 'a trailing encoded tab', url: (p) => `${BASE}${p}%09` },
  { name: 'an encoded newline inside', url: (p) => `${BASE}${p.length > 1 ? p.replace(/(.)$/, '%0a$1') : '/%0a'}` },
  {
    name: 'an encoded backslash for the last slash',
    url: (p) => `${BASE}${p.lastIndexOf('/') > 0 ? p.replace(/\/([^/]*)$/, '%5c$1') : `/%5c${p.slice(1)}`}`,
  },
  { name: 'a dot segment hidden by an encoded backslash', url: (p) => `${BASE}/x%5c..%5c${p.slice(1)}` },
  { name: 'a dot segment hidden by an encoded tab', url: (p) => `${BASE}/x/.%09.${p}` },
];

async function send(app: App, url: string, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(url, { headers }), { CONTENT: env.CONTENT }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

let release: Release;
let nextId = 0;

/** An app for the published release under an id of its own: its cache keys start out empty. */
function freshApp(): { app: App; id: string } {
  const id = `${release.root.id}-poison-${nextId++}`;
  return { app: createApp({ ...release.root, id }), id };
}

beforeAll(async () => {
  release = await publish(featureSite('poison'));
});

describe('cache poisoning', () => {
  it.each(VARIANTS)('stores under a page nothing that $name changed', async ({ url, headers }) => {
    // What the cache keeps of each page when only plain requests come: the second answer is a hit.
    const clean = freshApp();
    const expected = [];
    for (const path of PAGES) {
      await send(clean.app, `${BASE}${path}`);
      expected.push(await storedForm(await send(clean.app, `${BASE}${path}`), clean.id));
    }
    const { app, id } = freshApp();
    for (const [i, path] of PAGES.entries()) {
      // The hostile request comes first, so its answer is the one the cache keeps.
      const hostile = await storedForm(await send(app, url(path), headers), id);
      const text = new TextDecoder().decode(hostile.body);
      expect(`${hostile.headers.join('\n')}\n${text}`, `${url(path).slice(0, 120)} reflects`).not.toMatch(REFLECTED);
      expect(hostile.status, url(path).slice(0, 120)).toBeLessThan(500);

      const first = await storedForm(await send(app, `${BASE}${path}`), id);
      const after = `${path} after ${url(path).slice(0, 120)}`;
      expect(first.status, after).toBe(expected[i].status);
      expect(first.body, after).toEqual(expected[i].body);
      expect(await storedForm(await send(app, `${BASE}${path}`), id), after).toEqual(expected[i]);
    }
  });

  it('keeps the base URL in canonical links, Open Graph, feed links and redirects', async () => {
    const { app } = freshApp();
    await send(app, `https://evil.example/articles/essay?x=1`, HOSTILE_HEADERS);
    const html = await (await send(app, `${BASE}/articles/essay`)).text();
    expect(html).toContain(`<link rel="canonical" href="${BASE}/articles/essay"/>`);
    expect(html).toContain(`<meta property="og:url" content="${BASE}/articles/essay"/>`);
    expect(html).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" [^>]*href="(${BASE})?/atom.xml"`));
    await send(app, 'https://evil.example/tags/history/atom.xml', HOSTILE_HEADERS);
    const feed = await (await send(app, `${BASE}/tags/history/atom.xml`)).text();
    expect(feed).toContain(`<link rel="self" type="application/atom+xml" href="${BASE}/tags/history/atom.xml"/>`);
    const moved = await send(app, 'https://evil.example/2019/old-essay', HOSTILE_HEADERS);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('Location')).toBe('/articles/essay');
  });
});
