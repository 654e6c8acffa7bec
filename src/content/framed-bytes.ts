import { isCount, isTocEntry } from './framed';
import { inOrderWithin, type Rendered } from './stored';

/**
 * A kept body read as the bytes KV holds, for a page that only sends it: its HTML with the
 * sidenotes in place, as views of those bytes and of the marks after them. No text is decoded
 * from it or encoded again: on a 10,000-word essay's miss, encoding the body back to UTF-8 alone
 * was about a fifth of the isolate's CPU in workerd, after KV had decoded it into a string.
 */
export interface BodyBytes {
  toc: Rendered['toc'];
  pieces: Uint8Array[];
}

const NEWLINE = 0x0a;
const counts = (value: unknown): value is number[] => Array.isArray(value) && value.every(isCount);
// A UTF-8 continuation byte (10xxxxxx): an offset there would cut a character in two.
const insideCharacter = (bytes: Uint8Array, at: number): boolean => at < bytes.length && (bytes[at] & 0xc0) === 0x80;

/**
 * A kept body (`encodeRendered`) as `BodyBytes`, by the byte lengths and cuts in its head; null
 * when it has none (a body kept before they were written: it is read as text instead) or is damaged.
 */
export function decodeBodyBytes(bytes: Uint8Array): BodyBytes | null {
  const newline = bytes.indexOf(NEWLINE);
  if (newline < 0) return null;
  let head: { toc?: unknown; utf8?: { lengths?: unknown; cuts?: unknown } } | null;
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
  } catch {
    return null;
  }
  const { toc, utf8 } = head ?? {};
  if (!Array.isArray(toc) || !toc.every(isTocEntry)) return null;
  const { lengths, cuts } = utf8 ?? {};
  if (!counts(lengths) || lengths.length === 0 || !counts(cuts) || cuts.length !== 2 * (lengths.length - 1)) return null;
  const start = newline + 1;
  // Where each part ends, from the first byte after the head; the last ends the value.
  const ends: number[] = [];
  for (const length of lengths) ends.push((ends.at(-1) ?? start) + length);
  if (ends[ends.length - 1] !== bytes.length || !inOrderWithin(cuts, lengths[0])) return null;
  if ([...ends, ...cuts.map((cut) => start + cut)].some((at) => insideCharacter(bytes, at))) return null;
  const pieces: Uint8Array[] = [];
  let from = start;
  for (let mark = 1; mark < lengths.length; mark++) {
    pieces.push(bytes.subarray(from, start + cuts[2 * mark - 2]), bytes.subarray(ends[mark - 1], ends[mark]));
    from = start + cuts[2 * mark - 1];
  }
  pieces.push(bytes.subarray(from, ends[0]));
  return { toc, pieces };
}
