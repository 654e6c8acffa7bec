import { Marked, type Token, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';

/** A markdown body as search sees it: the running text, and the headings kept apart (they weigh more). */
export interface PlainText {
  text: string;
  headings: string[];
}

// The footnote extension turns `[^1]` into tokens, so the markers vanish and the notes' text stays.
const lexer = new Marked(markedFootnote());

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  shy: '',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  ccedil: 'ç',
  szlig: 'ß',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g;

/** Character references decoded; a reference we do not know stays as written (it is only searched, never rendered). */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

const TAG = /<[^>]*>/g;

// Inline text of a token tree, markers and markup dropped.
function inline(tokens: Token[] | undefined, out: string[]): void {
  for (const token of tokens ?? []) {
    if (token.type === 'footnoteRef') continue;
    if (token.type === 'br') out.push(' ');
    else if (token.type === 'html') out.push(token.text.replace(TAG, ' '));
    else if ('tokens' in token && Array.isArray(token.tokens)) inline(token.tokens, out);
    else if ('text' in token && typeof token.text === 'string') out.push(token.text);
  }
}

interface Collected {
  text: string[];
  notes: string[];
  headings: string[];
}

// Blocks become lines of text; headings go to their own list.
function blocks(tokens: Token[], into: Collected, text = into.text): void {
  const { headings } = into;
  for (const token of tokens) {
    const t = token as Token & Record<string, unknown>;
    if (token.type === 'space' || token.type === 'hr' || token.type === 'def') continue;
    if (token.type === 'heading') {
      const out: string[] = [];
      inline(token.tokens, out);
      headings.push(decodeEntities(out.join('')).trim());
    } else if (token.type === 'code') text.push(token.text);
    else if (token.type === 'html') text.push(decodeEntities(token.text.replace(TAG, ' ')));
    else if (token.type === 'list') for (const item of token.items) blocks(item.tokens, into, text);
    else if (token.type === 'table') {
      for (const row of [token.header, ...token.rows]) {
        const cells = row.map((cell: Tokens.TableCell) => {
          const out: string[] = [];
          inline(cell.tokens, out);
          return out.join('');
        });
        text.push(decodeEntities(cells.join(' ')));
      }
    } else if (token.type === 'footnotes' && Array.isArray(t.items)) {
      // The extension puts the notes first; they read best, and excerpt best, at the end.
      for (const note of t.items) if (Array.isArray(note?.content)) blocks(note.content, into, into.notes);
    } else if (token.type === 'blockquote') {
      blocks(token.tokens ?? [], into, text);
    } else {
      const out: string[] = [];
      if (Array.isArray(t.tokens)) inline(t.tokens as Token[], out);
      else if (typeof t.text === 'string') out.push(t.text);
      text.push(decodeEntities(out.join('')));
    }
  }
}

/** The plain text of a markdown body, for indexing and excerpts: code kept, footnote markers dropped, entities decoded. */
export function plainText(markdown: string): PlainText {
  const into: Collected = { text: [], notes: [], headings: [] };
  const tokens = lexer.lexer(markdown);
  // marked-footnote resets its per-document state in walkTokens, which only parse() runs: without
  // this the next document's footnote references would look up this one's notes (and throw).
  const reset = lexer.defaults.walkTokens;
  if (reset) lexer.walkTokens(tokens, reset);
  blocks(tokens, into);
  const lines = [...into.text, ...into.notes].filter((line) => line.trim().length > 0);
  return { text: lines.join('\n'), headings: into.headings.filter((h) => h.length > 0) };
}
