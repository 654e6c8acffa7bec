/**
 * The lean miss (docs/architecture.md, property 2): a page is encoded once and the caches keep
 * those bytes; lists read on a miss are checked for shape only, so one damaged into other JSON
 * is still refused with a 503, never rendered into a crash.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { renderedCodec } from '../../src/content/framed';
import { decodeBodyBytes } from '../../src/content/framed-bytes';
import { hashOf, keptKey } from '../../src/content/keys';
import { paths } from '../../src/content/paths';
import { scheduleAt } from '../../src/content/schedule';
import { pageKey } from '../../src/middleware/edge-cache';
import { memoryCache } from '../../src/middleware/memory-cache';
import { renderArticlePage, renderArticlePieces } from '../../src/render/article-page';
import { rendererId } from '../../src/render/markdown';
import { publishedView } from '../../src/store/published';
import { releaseStore } from '../../src/store/release-store';
import { featureSite } from '../support/fixtures';
import { request, useSite } from '../support/worker';

/** KV answering `value` (valid JSON of another shape) for the keys named. */
function damagedKV(keys: Set<string>, value: string) {
  const damaged = (key: string, real: string | null) => (keys.has(key) ? value : real);
  const binding = new Proxy(env.CONTENT, {
    get(target, property) {
      if (property !== 'get') return Reflect.get(target, property);
      return async (key: string | string[], options?: never) => {
        if (!Array.isArray(key)) return damaged(key, await target.get(key, options));
        const found: Map<string, string | null> = await target.get(key, 'text');
        return new Map([...found].map(([k, v]) => [k, damaged(k, v)]));
      };
    },
  });
  return binding;
}

describe('a lean miss', () => {
  it('sends an article as pieces around its body: the very bytes of the page rendered whole', async () => {
    const { release, app } = await useSite(featureSite('lean pieces'));
    const { root } = release;
    const store = releaseStore(env.CONTENT, root, { renderers: root.renderers ?? [rendererId(root.site)] });
    const article = await publishedView(store, scheduleAt(root, new Date())).article('essay');
    if (!article) throw new Error('the essay is missing');
    const [body] = await store.rendered('html', [hashOf(article.bodyKey)], renderedCodec);
    const page = { site: root.site, path: paths.article('essay'), article, body };
    const pieces = renderArticlePieces(page);
    // The shell before and after, the body's slices and its one sidenote between them.
    expect(pieces).toHaveLength(5);
    expect(pieces[2]).toContain('<span class="sn" id="sn:n" popover>');
    const whole = renderArticlePage(page);
    expect(pieces.join('')).toBe(whole);
    expect(await (await request(app, '/articles/essay')).text()).toBe(whole);
    // A shell that spells out the body's stand-in elsewhere (in a title) is rendered whole.
    const odd = { ...page, article: { ...article, title: 'x\u0000quire:body\u0000' } };
    expect(renderArticlePieces(odd)).toEqual([renderArticlePage(odd)]);

    // The route sends the body as the bytes KV holds: the same page, byte for byte.
    const bytes = await store.renderedBytes('html', hashOf(article.bodyKey), decodeBodyBytes);
    const fromBytes = renderArticlePieces({ ...page, body: bytes });
    expect(fromBytes.filter((p) => p instanceof Uint8Array)).toHaveLength(3);
    const decoder = new TextDecoder();
    expect(fromBytes.map((p) => (typeof p === 'string' ? p : decoder.decode(p))).join('')).toBe(whole);
    expect(renderArticlePieces({ ...odd, body: bytes })).toEqual([renderArticlePage(odd)]);
  });

  it('sends a body kept by an older publish, without its UTF-8 offsets, from its text: the same page', async () => {
    const { release, app } = await useSite(featureSite('lean older body'));
    const { root } = release;
    const renderers = root.renderers ?? [rendererId(root.site)];
    const store = releaseStore(env.CONTENT, root, { renderers });
    const article = await publishedView(store, scheduleAt(root, new Date())).article('essay');
    if (!article) throw new Error('the essay is missing');
    const [body] = await store.rendered('html', [hashOf(article.bodyKey)], renderedCodec);
    const whole = renderArticlePage({ site: root.site, path: paths.article('essay'), article, body });
    // The value as a publish before byte offsets wrote it: the same head without `utf8`.
    const key = keptKey('html', renderers[0], hashOf(article.bodyKey));
    const text = (await env.CONTENT.get(key, 'text')) ?? '';
    const newline = text.indexOf('\n');
    const { utf8, ...head } = JSON.parse(text.slice(0, newline));
    expect(utf8).toBeDefined();
    const older = JSON.stringify(head) + text.slice(newline);
    await env.CONTENT.put(key, older);
    expect(decodeBodyBytes(new TextEncoder().encode(older))).toBeNull();
    await caches.default.delete(pageKey('/articles/essay'));
    expect(await (await request(app, '/articles/essay')).text()).toBe(whole);
  });

  it("hands the app's own Response on, and keeps its bytes for the next request", async () => {
    const { release, app } = await useSite(featureSite('lean bytes'));
    const sent: Response[] = [];
    const hot = memoryCache(
      async (req, e, ctx) => {
        const res = await app.fetch(req, e, ctx);
        sent.push(res);
        return res;
      },
      () => scheduleAt(release.root, new Date()).edition,
    );
    const get = async (path: string) => {
      const ctx = createExecutionContext();
      const res = await hot(new Request(`https://blog.example${path}`), env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    for (const path of ['/', '/articles/essay', '/feed.xml', '/series/saga.epub']) {
      const miss = await get(path);
      expect(miss, path).toBe(sent.at(-1));
      const bytes = new Uint8Array(await miss.arrayBuffer());
      const hit = await get(path);
      expect(hit, path).not.toBe(sent.at(-1));
      expect(new Uint8Array(await hit.arrayBuffer()), path).toEqual(bytes);
      // The Cache API holds the same bytes, with the page's tag.
      const kept = await caches.default.match(pageKey(path));
      expect(new Uint8Array((await kept?.arrayBuffer()) ?? new ArrayBuffer(0)), path).toEqual(bytes);
      expect(kept?.headers.get('ETag'), path).toBe(miss.headers.get('ETag'));
    }
  });

  const damages: Record<string, string> = {
    'an object for a list': '{"damaged":true}',
    'a summary without its fields': '[{"slug":"essay"}]',
    'a date that is not text': '[{"slug":"a","title":"A","date":5,"summary":"","bodyKey":"k","words":1,"tags":[]}]',
  };
  for (const [what, value] of Object.entries(damages)) {
    it(`answers 503, not a crash, when KV gives ${what}`, async () => {
      const { release, app } = await useSite(featureSite(`lean shape ${what}`));
      const { root } = release;
      const chunks = [root.articles, root.series.table, root.tags.table].flatMap((t) => t.chunks.map((c) => c.key));
      const lists = new Set([...chunks, ...root.years.flatMap((y) => y.keys)]);
      const kv = damagedKV(lists, value);
      const year = root.years[0].year;
      for (const path of ['/', '/series', `/archive/${year}`, `/sitemaps/${year}.xml`, '/sitemaps/series-1.xml']) {
        // No last good copy to fall back on: the damaged value itself is what the app answers for.
        await caches.default.delete(pageKey(path));
        const res = await request(app, path, {}, kv);
        expect(res.status, `${path} with ${what}`).toBe(503);
        expect(res.headers.get('Retry-After')).toBe('30');
        expect(await res.text()).toContain('Temporarily unavailable');
      }
    });
  }
});
