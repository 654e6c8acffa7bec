import { xmlSafe } from '../content/escape';
import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';

/**
 * A rendered body as every feed format carries it. Pure, so that publish keeps the site feed's
 * window ready (cli/feed-window.ts) exactly as the worker would build it (routes/parts/kept.ts).
 */

const resolve = (url: string, page: string): string => {
  try {
    return new URL(url.trim(), page).href;
  } catch {
    return url;
  }
};

const URL_ATTRIBUTE = /(\s(?:href|src|poster))=(?:"([^"]*)"|'([^']*)')/gi;
const SRCSET = /(\ssrcset)=(?:"([^"]*)"|'([^']*)')/gi;

/**
 * Feed readers show items away from the site, so every link and image is resolved against the
 * article's own URL: root-relative, relative and in-page (footnote) links alike.
 */
export function absolutize(html: string, page: string): string {
  return html
    .replace(URL_ATTRIBUTE, (_, attr: string, dq?: string, sq?: string) => `${attr}="${resolve(dq ?? sq ?? '', page)}"`)
    .replace(SRCSET, (_, attr: string, dq?: string, sq?: string) => {
      const candidates = (dq ?? sq ?? '').split(',').map((c) => c.trim().replace(/^\S+/, (url) => resolve(url, page)));
      return `${attr}="${candidates.join(', ')}"`;
    });
}

export const articleUrl = (article: Pick<ArticleSummary, 'slug'>, site: { baseUrl: string }): string =>
  `${site.baseUrl}${paths.article(article.slug)}`;

/** A rendered body made ready for every feed format: links absolute, no character XML forbids. */
export const feedBody = (html: string, article: ArticleSummary, site: { baseUrl: string }): string =>
  xmlSafe(absolutize(html, articleUrl(article, site)));
