import type { Token, Tokens } from 'marked';
import type { BodyLink } from '../content/links';
import { markedFor, renderMarkdown } from './markdown';

// A start tag's href or src, quoted or not (HTML § 13.1.2.3), in raw HTML the site allows.
const URL_ATTRIBUTE = /<([a-z][a-z0-9-]*)\b[^>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
const ID_ATTRIBUTE = /\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
const REFERENCE = /&(?:#(\d+)|#x([\da-f]+)|(amp|quot|apos|lt|gt));/gi;
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** Attribute values as the HTML parser reads them: the character references a URL or id may hold. */
const decodeReferences = (value: string): string =>
  value.replace(REFERENCE, (_, dec?: string, hex?: string, name?: string) =>
    name ? NAMED[name.toLowerCase()] : String.fromCodePoint(Number.parseInt(dec ?? hex ?? '', dec ? 10 : 16)),
  );

function attributeLinks(html: string, at: number, found: BodyLink[]): void {
  for (const m of html.matchAll(URL_ATTRIBUTE)) {
    const value = m[3] ?? m[4] ?? m[5] ?? '';
    const offset = at + (m.index ?? 0) + m[0].length - value.length - (m[5] === undefined ? 1 : 0);
    found.push({ href: decodeReferences(value), image: m[2].toLowerCase() === 'src', offset });
  }
}

/**
 * Every link and image in a body, read with the renderer's own configured marked (reference
 * links resolved, footnotes included, nothing inside code), and with raw HTML's `href` and `src`
 * where the site allows HTML: elsewhere raw HTML is shown as text, so it links nowhere.
 */
export function linksIn(markdown: string, options: { allowHtml: boolean }): BodyLink[] {
  const marked = markedFor(options);
  const found: BodyLink[] = [];
  const tokens = marked.lexer(markdown);
  // The extensions' own walk finishes what lexing began (marked-footnote resets its state there), as parse() does.
  const { walkTokens } = marked.defaults;
  if (walkTokens) marked.walkTokens(tokens, walkTokens);
  let block = 0;
  for (const top of tokens) {
    // marked-footnote puts a `footnotes` token first; its definitions stay where they were written.
    if (top.type === 'footnotes') continue;
    // Tokens carry no positions: each is found by its source text, searching forward from the
    // last one, and a code span moves past its text so a link written inside it is never matched.
    let cursor = block;
    marked.walkTokens([top], (token: Token) => {
      if (token.type === 'link' || token.type === 'image') {
        const { href, raw } = token as Tokens.Link;
        const at = markdown.indexOf(raw, cursor);
        // Not found as written (a quote marker or indent stripped inside a list or quote): the block's start.
        const start = at < 0 ? cursor : at;
        const inRaw = at < 0 ? -1 : raw.lastIndexOf(href);
        found.push({ href, image: token.type === 'image', offset: inRaw < 0 ? start : start + inRaw });
        cursor = start;
      } else if (token.type === 'codespan' || token.type === 'code' || token.type === 'html') {
        const at = markdown.indexOf(token.raw, cursor);
        if (at < 0) return;
        if (token.type === 'html' && options.allowHtml) attributeLinks(token.raw, at, found);
        cursor = at + token.raw.length;
      }
    });
    block += top.raw.length;
  }
  return found;
}

// A destination that marked takes exactly as written (no space, angle brackets, parentheses,
// escapes or character references), read just after `](` with an optional title, or after `]:`.
const INLINE_DESTINATION = /([^\s()<>\\&]*)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'))?[ \t]*\)/y;
const DEFINED_DESTINATION = /[ \t]*\n?[ \t]*([^\s()<>\\&]+)(?=\s|$)/y;

function destinationAt(pattern: RegExp, markdown: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(markdown)?.[1];
}

/**
 * The destinations of every link and image in a body, read without a markdown parser, when the
 * body is simple enough for that to miss none; otherwise undefined. Every inline link has `](`
 * and every reference link a definition `[label]: /path` (a footnote's `[^1]:` is none), so
 * reading after each of those finds them all, and some text in code too: a destination that
 * fails must be read again with `linksIn`. Lexing every body of a 10,000-article site takes
 * seconds; this takes a tenth of one.
 */
export function quickLinksIn(markdown: string, options: { allowHtml: boolean; host: string }): string[] | undefined {
  if (markdown.includes(options.host) || (options.allowHtml && /<[a-z]/i.test(markdown))) return;
  const found: string[] = [];
  for (let i = markdown.indexOf(']('); i >= 0; i = markdown.indexOf('](', i + 2)) {
    const href = destinationAt(INLINE_DESTINATION, markdown, i + 2);
    if (href === undefined) return;
    found.push(href);
  }
  for (let i = markdown.indexOf(']:'); i >= 0; i = markdown.indexOf(']:', i + 2)) {
    if (markdown[markdown.lastIndexOf('[', i) + 1] === '^') continue;
    const href = destinationAt(DEFINED_DESTINATION, markdown, i + 2);
    if (href === undefined) return;
    found.push(href);
  }
  return found;
}

/** The ids a rendered body holds (headings, notes, raw HTML's own), as a `#fragment` must name them. */
export function anchorsIn(markdown: string, options: { allowHtml: boolean }): Set<string> {
  const { html } = renderMarkdown(markdown, options);
  return new Set(Array.from(html.matchAll(ID_ATTRIBUTE), (m) => decodeReferences(m[1] ?? m[2] ?? m[3])));
}

/** Ids the page around a body always has (layout.tsx, article-page.tsx). */
export const PAGE_IDS: readonly string[] = [
  'site:main',
  'site:q',
  'site:corrections',
  'site:cite',
  'site:related',
  'series-box-title',
];
