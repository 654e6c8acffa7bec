import * as v from 'valibot';
import { type FeedItems, feedItemsSchema, inOrderWithin, type Rendered } from './stored';

/**
 * The values the worker keeps (rendered bodies, feed windows) are mostly HTML. Stored as JSON,
 * every quote in it is escaped, and reading 100 KB of it back costs about half a millisecond of
 * unescaping. So they are framed instead: one JSON line with everything else and the length of
 * each HTML part, then the parts as they are. JSON never holds a raw newline, so the first
 * newline ends the head.
 */
export function frame(head: Record<string, unknown>, parts: string[]): string {
  // Built with `+`, not joined: a rope, so the parts are copied once, when KV encodes the value.
  let framed = `${JSON.stringify({ ...head, lengths: parts.map((p) => p.length) })}\n`;
  for (const part of parts) framed += part;
  return framed;
}

/** The head and the parts of a framed value; null when it is not one, or is damaged. */
export function unframe(text: string): { head: Record<string, unknown>; parts: string[] } | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  let head: unknown;
  try {
    head = JSON.parse(text.slice(0, newline));
  } catch {
    return null;
  }
  if (typeof head !== 'object' || head === null || !('lengths' in head) || !Array.isArray(head.lengths)) return null;
  const parts: string[] = [];
  let at = newline + 1;
  for (const length of head.lengths) {
    if (!Number.isSafeInteger(length) || length < 0 || at + length > text.length) return null;
    parts.push(text.slice(at, at + length));
    at += length;
  }
  return at === text.length ? { head: head as Record<string, unknown>, parts } : null;
}

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;

/** The UTF-8 length of `text` up to each cut (ascending), the text encoded once in all. */
function utf8Cuts(text: string, cuts: number[]): number[] {
  let bytes = 0;
  let from = 0;
  return cuts.map((cut) => {
    bytes += utf8Length(text.slice(from, cut));
    from = cut;
    return bytes;
  });
}

/**
 * The sidenotes' marks are HTML too: parts after the body, their spans in the head. With them,
 * `utf8` gives the same lengths and cuts in UTF-8 bytes, so that a page can send the body as the
 * bytes KV holds without decoding it (`content/framed-bytes.ts`); a body kept before has none.
 */
export function encodeRendered({ html, toc, sidenotes }: Rendered): string {
  if (!sidenotes) return frame({ toc }, [html]);
  const parts = [html, ...sidenotes.marks];
  const utf8 = {
    lengths: parts.map(utf8Length),
    cuts: utf8Cuts(html, sidenotes.cuts),
  };
  return frame({ toc, cuts: sidenotes.cuts, utf8 }, parts);
}

type TocEntry = Rendered['toc'][number];
export const isTocEntry = (e: unknown): e is TocEntry =>
  typeof e === 'object' &&
  e !== null &&
  'id' in e &&
  typeof e.id === 'string' &&
  'text' in e &&
  typeof e.text === 'string' &&
  'level' in e &&
  typeof e.level === 'number';
export const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const isCuts = (cuts: unknown, marks: string[], length: number): cuts is number[] =>
  Array.isArray(cuts) && cuts.length === 2 * marks.length && cuts.every(isCount) && inOrderWithin(cuts, length);

/**
 * A kept rendered body; null when missing or damaged (it is then simply rendered again). Checked
 * by hand against `renderedSchema`, as store/shapes.ts checks lists: its key is the hash of what
 * publish rendered it from, and valibot's generic walk over the contents and cuts of a feed's 20
 * bodies was a visible part of a first feed's CPU (bench/cold.ts).
 */
export function decodeRendered(text: string | null | undefined): Rendered | null {
  const framed = text == null ? null : unframe(text);
  if (!framed || framed.parts.length === 0) return null;
  const [html, ...marks] = framed.parts;
  const { toc, cuts } = framed.head;
  if (!Array.isArray(toc) || !toc.every(isTocEntry)) return null;
  if (cuts === undefined) return marks.length > 0 ? null : { html, toc };
  return isCuts(cuts, marks, html.length) ? { html, toc, sidenotes: { cuts, marks } } : null;
}

export const encodeFeedItems = ({ articles, html }: FeedItems): string => frame({ articles }, html);

/** A kept feed window; null when missing or damaged (it is then built again). */
export function decodeFeedItems(text: string | null | undefined): FeedItems | null {
  const framed = text == null ? null : unframe(text);
  if (!framed) return null;
  const parsed = v.safeParse(feedItemsSchema, { articles: framed.head.articles, html: framed.parts });
  return parsed.success ? parsed.output : null;
}

/** How a kept value is stored in KV and read back; `decode` gives null for a damaged value. */
export interface Codec<T> {
  type: 'text' | 'arrayBuffer';
  encode(value: T): string | Uint8Array;
  decode(stored: string | ArrayBuffer): T | null;
}

const textCodec = <T>(encode: (value: T) => string, decode: (text: string) => T | null): Codec<T> => ({
  type: 'text',
  encode,
  decode: (stored) => (typeof stored === 'string' ? decode(stored) : null),
});

export const renderedCodec: Codec<Rendered> = textCodec(encodeRendered, decodeRendered);
export const feedItemsCodec: Codec<FeedItems> = textCodec(encodeFeedItems, decodeFeedItems);

/** An EPUB: a zip whose first entry is `mimetype`; anything else kept under its key is built again. */
export const epubCodec: Codec<Uint8Array> = {
  type: 'arrayBuffer',
  encode: (zip) => zip,
  decode(stored) {
    if (typeof stored === 'string') return null;
    const zip = new Uint8Array(stored);
    const ok = zip.length > 38 && zip[0] === 0x50 && zip[1] === 0x4b && zip[2] === 3 && zip[3] === 4;
    return ok && new TextDecoder().decode(zip.subarray(30, 38)) === 'mimetype' ? zip : null;
  },
};
