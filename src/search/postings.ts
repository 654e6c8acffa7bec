/**
 * The postings format, one line per term: `term\t` then one entry per doc, `;`-separated, each
 * `ordinalDelta,tfw,positionDeltas` in base 36 with positions `.`-separated. A trailing empty
 * field is left out, and an empty tfw means "the number of positions" (a body-only word, the
 * common case). Filters are bare ordinals. Plain text, so a lookup is an `indexOf`, not a parse.
 * A line too long for a shard (segments.ts, `fitLines`) is `!df!` then entries without positions,
 * or, for a filter, `*` then a bitmap of ordinals, six to a character.
 */
import type { TermStats } from './analyze';

const SEMICOLON = 59;
const COMMA = 44;
const DOT = 46;
const BANG = 33;
const STAR = 42;

/** One doc's entry for a term. */
export interface Posting extends TermStats {
  ordinal: number;
}

// Postings are ASCII (base-36 digits and separators): written as bytes into one buffer that
// grows as needed, and read out once, which costs far less than a string built a piece at a time.
// Made at the first write: the worker imports this module to read postings, never to write them.
let bytes = new Uint8Array(0);
let latin1: TextDecoder | undefined;
const DIGITS = new TextEncoder().encode('0123456789abcdefghijklmnopqrstuvwxyz');
function decoded(length: number): string {
  latin1 ??= new TextDecoder('latin1');
  return latin1.decode(bytes.subarray(0, length));
}

/** Writes `postings` into `bytes`; the length written, or -1 as soon as it passes `limit`. */
function writePostings(postings: readonly Posting[], limit: number): number {
  let at = 0;
  let previous = 0;
  // Each number makes room for itself and the two separators that may follow it.
  const number = (value: number) => {
    let v = value;
    let digits = 1;
    for (let rest = Math.floor(v / 36); rest > 0; rest = Math.floor(rest / 36)) digits++;
    if (at + digits + 2 > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + digits + 2, 1 << 16));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    for (let i = at + digits - 1; i >= at; i--) {
      bytes[i] = DIGITS[v % 36];
      v = Math.floor(v / 36);
    }
    at += digits;
  };
  for (let p = 0; p < postings.length; p++) {
    const { ordinal, tfw, positions } = postings[p];
    if (p > 0) bytes[at++] = SEMICOLON;
    number(ordinal - previous);
    previous = ordinal;
    if (positions.length > 0) {
      bytes[at++] = COMMA;
      if (tfw !== positions.length) number(tfw);
      bytes[at++] = COMMA;
      let last = 0;
      for (let i = 0; i < positions.length; i++) {
        if (i > 0) bytes[at++] = DOT;
        number(positions[i] - last);
        last = positions[i];
      }
    } else if (tfw > 0) {
      bytes[at++] = COMMA;
      number(tfw);
    }
    if (at > limit) return -1;
  }
  return at;
}

/** The length of `encodePostings(postings)`, nothing kept. */
export const encodedLength = (postings: readonly Posting[]): number => writePostings(postings, Number.POSITIVE_INFINITY);

/** The postings of a term, in ordinal order, encoded. */
export function encodePostings(postings: readonly Posting[]): string {
  // Written first: the buffer may be replaced by a larger one as it is written.
  const length = writePostings(postings, Number.POSITIVE_INFINITY);
  return decoded(length);
}

/** `encodePostings`, or null when the text would be longer than `limit` (not written out, then). */
export function encodePostingsWithin(postings: readonly Posting[], limit: number): string | null {
  const length = writePostings(postings, limit);
  return length < 0 ? null : decoded(length);
}

const BITMAP_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A filter's docs as a bitmap of `size` ordinals: `*` then six bits a character. */
export function encodeBitmap(postings: readonly Posting[], size: number): string {
  const bits = new Uint8Array(Math.ceil(size / 6));
  for (const { ordinal } of postings) bits[Math.floor(ordinal / 6)] |= 1 << (ordinal % 6);
  let out = '*';
  for (const value of bits) out += BITMAP_DIGITS[value];
  return out;
}

function decodeBitmap(text: string, from: number, to: number): Postings {
  const ordinals: number[] = [];
  for (let i = from; i < to; i++) {
    const value = BITMAP_DIGITS.indexOf(text[i]);
    for (let bit = 0; bit < 6; bit++) if (value & (1 << bit)) ordinals.push((i - from) * 6 + bit);
  }
  const count = ordinals.length;
  const none = new Int32Array(count);
  return {
    count,
    df: count,
    positional: false,
    ordinals: Int32Array.from(ordinals),
    tfws: none,
    positionsFrom: none,
    positionsTo: none,
    text,
  };
}

/** Decoded postings; positions stay in the text until a phrase needs them. */
export interface Postings {
  count: number;
  /** Docs the term is in: more than `count` when the line was cut to its best docs. */
  df: number;
  /** False when the line was cut: it has no positions (a phrase cannot be checked on this term). */
  positional: boolean;
  ordinals: Int32Array;
  tfws: Int32Array;
  /** Where each entry's positions are in `text` (start = end when there are none). */
  positionsFrom: Int32Array;
  positionsTo: Int32Array;
  text: string;
}

const digit = (code: number): number => (code <= 57 ? code - 48 : code - 87);

// Entries in [from, to): one pass over char codes, no split, no parseInt.
export function decodePostings(text: string, start: number, to: number): Postings {
  let from = start;
  let df = -1;
  if (text.charCodeAt(from) === STAR) return decodeBitmap(text, from + 1, to);
  if (text.charCodeAt(from) === BANG) {
    const end = text.indexOf('!', from + 1);
    df = Number.parseInt(text.slice(from + 1, end), 36);
    from = end + 1;
  }
  let count = from < to ? 1 : 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === SEMICOLON) count++;
  const postings: Postings = {
    count,
    df: df < 0 ? count : df,
    positional: df < 0,
    ordinals: new Int32Array(count),
    tfws: new Int32Array(count),
    positionsFrom: new Int32Array(count),
    positionsTo: new Int32Array(count),
    text,
  };
  let entry = 0;
  let ordinal = 0;
  let i = from;
  while (entry < count) {
    let delta = 0;
    let code = text.charCodeAt(i);
    while (i < to && code !== COMMA && code !== SEMICOLON) {
      delta = delta * 36 + digit(code);
      code = text.charCodeAt(++i);
    }
    ordinal += delta;
    postings.ordinals[entry] = ordinal;
    let tfw = 0;
    let explicitTfw = false;
    if (i < to && code === COMMA) {
      code = text.charCodeAt(++i);
      while (i < to && code !== COMMA && code !== SEMICOLON) {
        tfw = tfw * 36 + digit(code);
        explicitTfw = true;
        code = text.charCodeAt(++i);
      }
    }
    let positions = 0;
    postings.positionsFrom[entry] = i + 1;
    if (i < to && code === COMMA) {
      positions = 1;
      code = text.charCodeAt(++i);
      while (i < to && code !== SEMICOLON) {
        if (code === DOT) positions++;
        code = text.charCodeAt(++i);
      }
      postings.positionsTo[entry] = i;
    } else postings.positionsTo[entry] = i + 1;
    postings.tfws[entry] = explicitTfw ? tfw : positions;
    entry++;
    i++;
  }
  return postings;
}

/** The positions of entry `n`, ascending. */
export function positionsOf(postings: Postings, n: number): number[] {
  const { text } = postings;
  const to = postings.positionsTo[n];
  const out: number[] = [];
  let position = 0;
  let delta = 0;
  for (let i = postings.positionsFrom[n]; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      position += delta;
      out.push(position);
      delta = 0;
    } else delta = delta * 36 + digit(code);
  }
  if (to > postings.positionsFrom[n]) out.push(position + delta);
  return out;
}

/** The postings of `term` in a shard (`\n`-led lines `term\tpostings`), or null when the shard has none. */
export function findPostings(shard: string, term: string): Postings | null {
  const at = shard.indexOf(`\n${term}\t`);
  if (at < 0) return null;
  const from = at + term.length + 2;
  const end = shard.indexOf('\n', from);
  return decodePostings(shard, from, end < 0 ? shard.length : end);
}
