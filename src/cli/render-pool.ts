import type { Rendered } from '../content/stored';
import { renderMarkdown } from '../render/markdown';
import { mapParallel, type PoolOptions } from './pool';

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
