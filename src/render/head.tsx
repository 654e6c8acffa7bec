import { html } from 'hono/html';
import { absoluteUrl, machineDate } from './format';
import type { Site } from './layout';

/**
 * A `<link>` of the page's `<head>`, written with hono's `html` (its values escaped as JSX escapes
 * attributes). hono/jsx renders each `<link>` once more on its own and then finds it in the head
 * to hoist it there, where ours already are: about a tenth of a page's render.
 */
export const HeadLink = ({ rel, type, title, href }: { rel: string; type?: string; title?: string; href: string }) =>
  html`<link rel="${rel}"${type === undefined ? '' : html` type="${type}"`}${title === undefined ? '' : html` title="${title}"`} href="${href}"/>`;

/** What a page tells search engines and link previews about itself, beyond its title. */
export interface PageMeta {
  /** An absolute URL to credit instead of the page's own address (a republished article). */
  canonical?: string;
  /** Set on articles: Open Graph type `article` with these ISO dates. */
  article?: { published: string; modified?: string };
  /** schema.org data about the page, written as JSON-LD. */
  jsonLd?: Record<string, unknown>;
  /** `citation_*` name and content pairs, for reference managers and Google Scholar. */
  citation?: [string, string][];
}

/**
 * JSON for a `<script>` data block. Its text is not HTML-escaped, so `<` is written as `\u003c`
 * (the same string to a JSON parser): no value can close the element or open a comment.
 */
export const scriptJson = (data: unknown): string => JSON.stringify(data).replace(/</g, '\\u003c');

interface HeadMetaProps {
  site: Site;
  path: string;
  title?: string;
  description?: string;
  meta?: PageMeta;
}

/**
 * Canonical link, Open Graph (ogp.me) and Twitter card tags, and JSON-LD. og:url follows the
 * canonical, as Open Graph asks, so shares of a republished article count for the original too.
 * A data block (`type="application/ld+json"`) is never executed, so the CSP's script-src does not
 * apply to it.
 */
export function HeadMeta({ site, path, title, description, meta = {} }: HeadMetaProps) {
  const url = meta.canonical ?? absoluteUrl(site, path);
  const summary = description ?? site.description;
  const { article, jsonLd, citation = [] } = meta;
  return (
    <>
      <HeadLink rel="canonical" href={url} />
      <meta property="og:type" content={article ? 'article' : 'website'} />
      <meta property="og:site_name" content={site.title} />
      <meta property="og:title" content={title ?? site.title} />
      {summary && <meta property="og:description" content={summary} />}
      <meta property="og:url" content={url} />
      {article && <meta property="article:published_time" content={machineDate(article.published)} />}
      {article?.modified && <meta property="article:modified_time" content={machineDate(article.modified)} />}
      {/* Twitter reads title and description from Open Graph; only the card kind is its own. */}
      <meta name="twitter:card" content="summary" />
      {citation.map(([name, content]) => (
        <meta name={name} content={content} />
      ))}
      {jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(jsonLd) }} />}
    </>
  );
}
