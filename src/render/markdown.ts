import { Marked, type MarkedExtension, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { getHeadingList, gfmHeadingId } from 'marked-gfm-heading-id';
import { markedSmartypants } from 'marked-smartypants';
import type { Rendered } from '../content/layout';

/**
 * Bump when the output of `renderMarkdown` changes for the same input: rendered bodies are
 * cached in KV under this version, so a new version renders each body once more.
 */
export const RENDERER_VERSION = 'r1';

const UNSAFE_URL = /^\s*(?:javascript|vbscript|data(?!:image\/(?:png|gif|jpe?g|webp);))[^:]*:/i;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Links and images never carry script, whatever the raw-HTML setting. */
const safeUrls: MarkedExtension = {
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && UNSAFE_URL.test((token as Tokens.Link).href)) {
      (token as Tokens.Link).href = '#';
    }
  },
};

/** Raw HTML is shown as text, as Hugo does by default (`markup.goldmark.renderer.unsafe: false`). */
const noRawHtml: MarkedExtension = {
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
};

// Footnote ids get a colon (`fn:1`, as kramdown does) so that no heading id can collide with them.
const extensions = (): MarkedExtension[] => [
  gfmHeadingId(),
  markedFootnote({ description: 'Notes', prefixId: 'fn:' }),
  markedSmartypants(),
  safeUrls,
];

// Configured once per isolate; the raw-HTML switch is a site setting, so both variants exist.
const trusted = new Marked({ gfm: true, async: false }, ...extensions());
const safe = new Marked({ gfm: true, async: false }, ...extensions(), noRawHtml);

/** Markdown → HTML with heading ids, footnotes and typographic punctuation, plus its outline. */
export function renderMarkdown(markdown: string, options: { allowHtml: boolean }): Rendered {
  const html = (options.allowHtml ? trusted : safe).parse(markdown, { async: false });
  const toc = getHeadingList()
    .filter((h) => h.level >= 2 && h.level <= 3)
    .map((h) => ({ id: h.id, text: h.raw, level: h.level }));
  return { html, toc };
}

/** The rendered-body cache key segment: renderer version and the raw-HTML mode both shape output. */
export const rendererId = (options: { allowHtml: boolean }): string => `${RENDERER_VERSION}${options.allowHtml ? 'h' : 's'}`;
