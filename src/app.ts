import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { TrieRouter } from 'hono/router/trie-router';
import { scheduleClock } from './content/schedule';
import type { Root } from './content/stored';
import { canonicalPath } from './middleware/canonical-path';
import { edgeCache } from './middleware/edge-cache';
import { readOnly } from './middleware/methods';
import { security } from './middleware/security';
import { waitUntil } from './middleware/wait-until';
import { renderersOf } from './render/markdown';
import { renderErrorPage } from './render/pages';
import { archive } from './routes/archive';
import { articles, pagesAndAliases } from './routes/articles';
import { books } from './routes/books';
import { citations } from './routes/citations';
import { discovery } from './routes/discovery';
import type { AppEnv } from './routes/env';
import { feeds } from './routes/feeds';
import { lists } from './routes/lists';
import { cacheAddress } from './routes/parts/search-request';
import { bytesResponse } from './routes/parts/send';
import { searchRoutes } from './routes/search';
import { deepFreeze } from './store/parse';
import { publishedView } from './store/published';
import { releaseStore, StoreError } from './store/release-store';

const RETRY_AFTER_SECONDS = 30;

export interface AppOptions {
  /** The time pages are rendered for; tests set it to cross a scheduled article's date. */
  clock?: () => Date;
  /** How the app reads the release: the benchmark's naive baseline passes a store that keeps nothing. */
  store?: typeof releaseStore;
  /** The Cache API layer; the naive baseline runs without it. */
  edgeCache?: boolean;
}

/** The Quire worker for one release. The release travels with the deployment, so no KV read finds it. */
export function createApp(
  root: Root,
  { clock = () => new Date(), store = releaseStore, edgeCache: cached = true }: AppOptions = {},
) {
  // Shared by every request, and the key of what the render layer keeps per site (render/kept.ts): frozen.
  const site = deepFreeze(root.site);
  // A release names its renderers while a new renderer version is being rolled out (cli/prerender.ts).
  const renderers = renderersOf(root);
  const schedule = scheduleClock(root, () => clock().getTime());
  const errorPage = (status: 404 | 405 | 500 | 503, message: string) =>
    bytesResponse(renderErrorPage({ site, status, message }), {
      status,
      headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    });

  // The router Hono's default (SmartRouter) ends with for these routes, named: the default tries
  // RegExpRouter first, on the first request, and drops it; a TrieRouter is built as routes are added.
  const app = new Hono<AppEnv>({ router: new TrieRouter() })
    .use(etag())
    .use(security())
    .use(readOnly(() => errorPage(405, 'This site can only be read.')))
    .use(canonicalPath())
    .use(async function withRelease(c, next) {
      const releaseStore = store(c.env.CONTENT, root, { renderers, defer: (work) => waitUntil(c, work) });
      c.set('root', root);
      c.set('store', releaseStore);
      c.set('view', publishedView(releaseStore, schedule()));
      await next();
    })
    .use(
      cached
        ? edgeCache(
            (c) => c.var.view.edition,
            (c) => cacheAddress(c.req.url),
            // A new deployment may render differently with the same release: its version id names it.
            (c) => `${renderers.join('+')} ${c.env?.CF_VERSION_METADATA?.id ?? ''}`,
          )
        : (_, next) => next(),
    )
    .route('/', feeds)
    .route('/', books)
    .route('/', lists)
    .route('/', archive)
    .route('/', citations)
    .route('/', articles)
    .route('/', discovery)
    .route('/', searchRoutes)
    .route('/', pagesAndAliases);

  app.notFound(() => errorPage(404, 'There is no page at this address. It may have moved, or the link may be mistyped.'));
  app.onError((error) => {
    // The reader never sees internals; the log keeps them for the operator.
    console.error(error);
    if (error instanceof StoreError) {
      const res = errorPage(503, 'The site is having trouble reading its content. Please try again in a moment.');
      res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
      return res;
    }
    return errorPage(500, 'Something went wrong on our side.');
  });
  return app;
}
