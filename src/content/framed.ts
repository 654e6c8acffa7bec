import * as v from 'valibot';
import { type FeedItems, feedItemsSchema, type Rendered, renderedSchema } from './layout';

/**
 * The values the worker keeps (rendered bodies, feed windows) are mostly HTML. Stored as JSON,
 * every quote in it is escaped, and reading 100 KB of it back costs about half a millisecond of
 * unescaping. So they are framed instead: one JSON line with everything else and the length of
 * each HTML part, then the parts as they are. JSON never holds a raw newline, so the first
 * newline ends the head.
 */
export function frame(head: Record<string, unknown>, parts: string[]): string {
  return `${JSON.stringify({ ...head, lengths: parts.map((p) => p.length) })}\n${parts.join('')}`;
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

export const encodeRendered = ({ html, toc }: Rendered): string => frame({ toc }, [html]);

/** A kept rendered body; null when missing or damaged (it is then simply rendered again). */
export function decodeRendered(text: string | null | undefined): Rendered | null {
  const framed = text == null ? null : unframe(text);
  if (framed?.parts.length !== 1) return null;
  const parsed = v.safeParse(renderedSchema, { html: framed.parts[0], toc: framed.head.toc });
  return parsed.success ? parsed.output : null;
}

export const encodeFeedItems = ({ articles, html }: FeedItems): string => frame({ articles }, html);

/** A kept feed window; null when missing or damaged (it is then built again). */
export function decodeFeedItems(text: string | null | undefined): FeedItems | null {
  const framed = text == null ? null : unframe(text);
  if (!framed) return null;
  const parsed = v.safeParse(feedItemsSchema, { articles: framed.head.articles, html: framed.parts });
  return parsed.success ? parsed.output : null;
}
