import { Marked, type MarkedExtension, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { getHeadingList, gfmHeadingId } from 'marked-gfm-heading-id';
import { escapeHtml } from '../content/escape';
import type { Rendered } from '../content/stored';
import { sidenotesOf } from './sidenotes';
import { fastSmartypants } from './smartypants';

/**
 * Bump when the output of `renderMarkdown` changes for the same input: rendered bodies are
 * cached in KV under this version, so a new version renders each body once more.
 */
export const RENDERER_VERSION = 'r5';

const UNSAFE_URL = /^(?:javascript|vbscript|data(?!:image\/(?:png|gif|jpe?g|webp);))[^:]*:/i;

// Text nodes need only `&`, `<` and `>` escaped; a character reference is left for the browser.
const TEXT_SPECIAL = /&(?!#\d{1,7};|#x[\da-f]{1,6};|[a-z][a-z\d]{1,31};)|[<>]/gi;
const escapeText = (s: string): string => s.replace(TEXT_SPECIAL, escapeHtml);

// Of the HTML named references, only these decode to characters a URL scheme can hold or the URL
// parser drops; every other one decodes to punctuation that ends a scheme, or to non-ASCII.
const SCHEME_REFERENCES: Record<string, string> = { Tab: '\t', NewLine: '\n', colon: ':', plus: '+', period: '.', fjlig: 'fj' };
const REFERENCE = /&(?:#(\d+);?|#[xX]([\da-fA-F]+);?|(Tab|NewLine|colon|plus|period|fjlig);)/g;

/**
 * The URL a browser follows for an href marked writes as is: character references decoded (the
 * HTML parser), then tabs and newlines removed and leading controls and spaces trimmed (WHATWG URL).
 * Non-ASCII code points stand in as U+FFFD: they cannot be part of a scheme either way.
 */
function followedUrl(href: string): string {
  const decoded = href.replace(REFERENCE, (_, dec?: string, hex?: string, name?: string) => {
    if (name) return SCHEME_REFERENCES[name];
    const code = Number.parseInt(dec ?? hex ?? '', dec ? 10 : 16);
    return code < 0x80 ? String.fromCharCode(code || 0xfffd) : '\ufffd';
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL parser trims C0 controls and space.
  return decoded.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
}

/** Links and images never carry script, whatever the raw-HTML setting, however the scheme is spelled. */
const safeUrls: MarkedExtension = {
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && UNSAFE_URL.test(followedUrl((token as Tokens.Link).href))) {
      (token as Tokens.Link).href = '#';
    }
  },
};

/**
 * marked-smartypants marks all inline text as escaped already, so that its quotes reach smartypants
 * unescaped; that also let through text a browser reads as a tag, such as `<svg/onload=…>` (not a
 * tag to CommonMark). Added after it, this escapes `&`, `<` and `>` and still leaves the quotes.
 * Text inside an author's raw `<script>` or `<pre>` stays as written only where raw HTML is allowed.
 */
const escapedText = (options: { allowHtml: boolean }): MarkedExtension => ({
  tokenizer: {
    inlineText(src) {
      const cap = this.rules.inline.text.exec(src);
      if (!cap) return false;
      const asWritten = options.allowHtml && this.lexer.state.inRawBlock;
      return { type: 'text', raw: cap[0], text: asWritten ? cap[0] : escapeText(cap[0]), escaped: true };
    },
  },
});

/** Raw HTML is shown as text, as Hugo does by default (`markup.goldmark.renderer.unsafe: false`). */
const noRawHtml: MarkedExtension = {
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
};

// A start tag, its quoted attribute values taken whole, and a quoted value.
const START_TAG = /<[a-z](?:"[^"]*"|'[^']*'|[^'">])*>/gi;
const QUOTED = /"[^"]*"|'[^']*'/g;

/**
 * Raw HTML as written, but with `<` and `>` inside attribute values written `&lt;` and `&gt;` (the
 * same values): smartypants finds tags by `<…>`, so `alt="a > b"` would end its tag early and have
 * its closing quote turned into ”, swallowing the markup after it.
 */
const wholeTags: MarkedExtension = {
  renderer: {
    html: ({ text }) => text.replace(START_TAG, (tag) => tag.replace(QUOTED, (value) => value.replace(/[<>]/g, escapeHtml))),
  },
};

// Footnote ids get a colon (`fn:1`, as kramdown does) so that no heading id can collide with them.
const extensions = (options: { allowHtml: boolean }): MarkedExtension[] => [
  gfmHeadingId(),
  markedFootnote({ description: 'Notes', prefixId: 'fn:' }),
  fastSmartypants(),
  escapedText(options),
  safeUrls,
];

// Configured once per isolate; the raw-HTML switch is a site setting, so both variants exist.
const trusted = new Marked({ gfm: true, async: false }, ...extensions({ allowHtml: true }), wholeTags);
const safe = new Marked({ gfm: true, async: false }, ...extensions({ allowHtml: false }), noRawHtml);

/** The configured instance, for code that reads markdown as the renderer does (the link check). */
export const markedFor = (options: { allowHtml: boolean }): Marked => (options.allowHtml ? trusted : safe);

/** Markdown → HTML with heading ids, footnotes and typographic punctuation, plus its outline and sidenotes. */
export function renderMarkdown(markdown: string, options: { allowHtml: boolean }): Rendered {
  const html = (options.allowHtml ? trusted : safe).parse(markdown, { async: false });
  const toc = getHeadingList()
    .filter((h) => h.level >= 2 && h.level <= 3)
    .map((h) => ({ id: h.id, text: h.raw, level: h.level }));
  // Where the article page's sidenotes go is a function of the body alone: worked out here, once.
  return { html, toc, sidenotes: sidenotesOf(html) };
}

/** The rendered-body cache key segment: renderer version and the raw-HTML mode both shape output. */
export const rendererId = (options: { allowHtml: boolean }): string => `${RENDERER_VERSION}${options.allowHtml ? 'h' : 's'}`;

/**
 * The renderer versions a release's bodies are rendered with, newest first: more than one only
 * while a new version is rolled out (cli/prerender.ts). Kept values the worker builds are named by all of them.
 */
export const renderersOf = (root: { renderers?: string[]; site: { allowHtml: boolean } }): string[] =>
  root.renderers ?? [rendererId(root.site)];
