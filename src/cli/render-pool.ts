import type { Rendered, Root } from '../content/stored';
import { renderMarkdown } from '../render/markdown';
import { mapParallel, type PoolOptions, threadsFor } from './pool';
import { type BodyToRender, renderBodies } from './prerender';

export interface RenderJob {
  markdown: string;
  allowHtml: boolean;
}

/** One body, as a pool thread renders it. */
export const renderJob = ({ markdown, allowHtml }: RenderJob): Rendered => renderMarkdown(markdown, { allowHtml });

/** Every body rendered as `renderMarkdown` renders it, on every core: the publish-time render. */
export const renderAll = (bodies: readonly string[], options: { allowHtml: boolean }, pool?: PoolOptions): Promise<Rendered[]> =>
  mapParallel<RenderJob, Rendered>(
    bodies.map((markdown) => ({ markdown, allowHtml: options.allowHtml })),
    new URL('./render-pool.ts', import.meta.url),
    'renderJob',
    pool,
  );

export interface BodyJob {
  body: BodyToRender;
  site: Root['site'];
}

/** One body's values (HTML, chapter), as a pool thread makes them. */
export const bodyJob = ({ body, site }: BodyJob): [string, string][] => renderBodies([body], site);

// Bodies a thread must have to be worth its start.
const BODIES_PER_THREAD = 500;

/** Whether `count` bodies are rendered on threads, leaving this thread free (to upload, say). */
export const rendersOnThreads = (count: number): boolean => threadsFor(count, { minPerThread: BODIES_PER_THREAD }) > 1;

/**
 * `renderBodies` on every core: a first publish renders every body of the site. A few bodies (the
 * usual publish) are rendered in this thread, as a thread's start would cost more than they do.
 * `onValues` is given the values as each batch of bodies is rendered (an upload can start on them).
 */
export async function renderBodiesOnCores(
  list: BodyToRender[],
  site: Root['site'],
  { onValues, ...pool }: PoolOptions & { onValues?: (values: [string, string][]) => void } = {},
): Promise<[string, string][]> {
  const values = await mapParallel<BodyJob, [string, string][]>(
    list.map((body) => ({ body, site })),
    new URL('./render-pool.ts', import.meta.url),
    'bodyJob',
    { minPerThread: BODIES_PER_THREAD, ...pool, onResults: onValues && ((results) => onValues(results.flat())) },
  );
  return values.flat();
}
