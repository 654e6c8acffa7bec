/**
 * The contender a miss is measured against (issue 14): the simplest edge blog, rendering on every
 * request. It reads markdown from KV and renders it with plain marked: no extensions, no cache,
 * nothing kept between requests.
 *   GET /                the newest ten articles' titles and summaries, from one KV value (`home`)
 *   GET /articles/:slug  the article's title and markdown (`article/<slug>`), rendered
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { marked } from 'marked';

export interface Listed {
  slug: string;
  title: string;
  date: string;
  summary: string;
}

export interface Stored {
  title: string;
  markdown: string;
}

const page = (title: string, main: unknown) =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${main}</main></body></html>`;

export default new Hono<{ Bindings: { MARKDOWN: KVNamespace } }>()
  .get('/', async (c) => {
    const list = await c.env.MARKDOWN.get<Listed[]>('home', 'json');
    if (!list) return c.notFound();
    const items = list.map(
      (a) =>
        html`<article><h2><a href="/articles/${a.slug}">${a.title}</a></h2><time>${a.date}</time><p>${a.summary}</p></article>`,
    );
    return c.html(page('Home', items));
  })
  .get('/articles/:slug', async (c) => {
    const article = await c.env.MARKDOWN.get<Stored>(`article/${c.req.param('slug')}`, 'json');
    if (!article) return c.notFound();
    // The author's own markdown, trusted as such a blog trusts it: marked's HTML goes in as is.
    const body = raw(marked.parse(article.markdown, { async: false }));
    return c.html(page(article.title, html`<h1>${article.title}</h1>${body}`));
  });
