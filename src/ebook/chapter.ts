import * as v from 'valibot';
import { type Codec, frame, unframe } from '../content/framed';
import type { ArticleSummary } from '../content/stored';
import { placeBody } from '../render/place';
import { chapter, partFile } from './documents';
import { BOOK_VERSION, type Book, DEFLATE_LEVEL, IMAGE_TYPES, imagesUsed, linkPlacer, placeImages } from './epub';
import { toXhtml } from './xhtml';
import { deflatedEntry, type ZipEntry } from './zip';

/**
 * A part's chapter in a series' book, made once at publish (`quire publish` renders it with the
 * body): converting 5,000 words to XHTML and deflating them costs a few milliseconds, more than a
 * request may spend on a whole book. The worker puts the kept entries in a zip as they are.
 */
export interface KeptChapter {
  /** `part-<n>.xhtml`, deflated, with the CRC-32 and size of the XHTML. */
  entry: ZipEntry;
  /** The site images the chapter shows from the book (`src` inside it), to be packaged with it. */
  images: { path: string; type: string }[];
}

const TYPES: Record<string, string> = {
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

/** The image type of a site asset, by its extension; null for a file a book cannot carry. */
export function imageType(path: string): string | null {
  const type = TYPES[/\.([a-z]+)$/i.exec(path)?.[1].toLowerCase() ?? ''];
  return type && IMAGE_TYPES.has(type) ? type : null;
}

/**
 * What a chapter is made of besides its rendered body (named by the key's body hash and renderer):
 * hashed, it names the kept chapter, so the publish step and the worker find the same key.
 */
export function chapterName(site: Pick<Book['site'], 'baseUrl' | 'language'>, p: ArticleSummary): string {
  const origin = p.firstPublished && [p.firstPublished.outlet, p.firstPublished.url ?? null, p.firstPublished.date];
  const fields = [p.slug, p.title, p.date, p.modified ?? null, p.series?.part ?? null, origin ?? null, p.bodyKey];
  return JSON.stringify([BOOK_VERSION, site.baseUrl, site.language, ...fields]);
}

export interface ChapterSource {
  site: Book['site'];
  part: ArticleSummary & { series: NonNullable<ArticleSummary['series']> };
  /** The rendered body. */
  html: string;
  /** Every part of the series in the release, slug → part number: links to them stay in the book. */
  parts: Map<string, number>;
}

/** A part's chapter document, converted and deflated. Files are named by part number, so a chapter never depends on which other parts are due. */
export function buildChapter({ site, part, html, parts }: ChapterSource): KeptChapter {
  const n = part.series.part;
  // The link check has made sure every `/assets/` image a body shows is among the site's assets.
  const images = imagesUsed([html]).flatMap((path) => {
    const type = imageType(path);
    return type ? [{ path, type }] : [];
  });
  const packaged = new Set(images.map((i) => i.path));
  const body = toXhtml(placeBody(placeImages(html, packaged), { prefix: `p${n}-`, link: linkPlacer(site, parts) }));
  const bytes = new TextEncoder().encode(chapter(site, part, n, body));
  return { entry: deflatedEntry(`EPUB/${partFile(n)}`, bytes, DEFLATE_LEVEL), images };
}

const headSchema = v.object({
  name: v.string(),
  crc: v.pipe(v.number(), v.integer()),
  size: v.pipe(v.number(), v.integer()),
  images: v.array(v.object({ path: v.string(), type: v.string() })),
});

// KV values travel as text here (wrangler's bulk put, the release's entries): the deflated bytes go as base64.
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// Each base64 character's six bits (RFC 4648 §4); 64 marks a byte that is not one, UTF-8's bytes of any non-ASCII character included.
const SEXTETS = new Uint8Array(256).fill(64);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  SEXTETS[c.charCodeAt(0)] = i;
const encoder = new TextEncoder();

type NativeFromBase64 = (text: string, options: { lastChunkHandling: 'strict' }) => Uint8Array;
/** `Uint8Array.fromBase64` (ES2026): workerd has it, Node 20 (the CLI, the bench) does not. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: NativeFromBase64 }).fromBase64;

/**
 * Null for anything but padded base64. In workerd, the runtime's own decoder: the loop below is
 * interpreted in an isolate that has not run it yet, and the 50,000-word book's 280 KB of base64
 * made its first request cost workerd 42-46 ms of CPU against 35-36 with the native decoder (fresh
 * miniflare isolates, KV simulator included, median of 9; a first essay, the control, 15-16 in
 * both). Strict takes padding as the loop does; the length check refuses the ASCII whitespace the
 * native decoder would skip.
 */
function fromBase64(text: string): Uint8Array | null {
  if (nativeFromBase64) {
    if (text.length % 4 !== 0) return null;
    try {
      const bytes = nativeFromBase64(text, { lastChunkHandling: 'strict' });
      const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
      return bytes.length === (text.length / 4) * 3 - pad ? bytes : null;
    } catch {
      return null;
    }
  }
  return fromBase64InJs(text);
}

/**
 * Decoded straight into bytes: a book reads hundreds of KB of it per request, and `atob` makes a
 * binary string first that must then be copied a character at a time (in a fresh process, a
 * book's first request spent about twice the CPU that way: bench/cold.ts). The text is encoded
 * first, a native copy, as indexing bytes is faster than `charCodeAt` on the slice of a longer
 * string.
 */
function fromBase64InJs(text: string): Uint8Array | null {
  const chars = encoder.encode(text);
  const length = chars.length;
  if (length % 4 !== 0) return null;
  const pad = length === 0 || chars[length - 1] !== 61 ? 0 : chars[length - 2] !== 61 ? 1 : 2;
  const bytes = new Uint8Array((length / 4) * 3 - pad);
  // Every sextet is ORed in: one above 63 (not base64) shows at the end, and the loop has no branch.
  let seen = 0;
  let out = 0;
  const whole = pad === 0 ? length : length - 4;
  for (let i = 0; i < whole; i += 4) {
    const a = SEXTETS[chars[i]];
    const b = SEXTETS[chars[i + 1]];
    const c = SEXTETS[chars[i + 2]];
    const d = SEXTETS[chars[i + 3]];
    seen |= a | b | c | d;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = n >> 16;
    bytes[out++] = n >> 8;
    bytes[out++] = n;
  }
  if (pad > 0) {
    const a = SEXTETS[chars[whole]];
    const b = SEXTETS[chars[whole + 1]];
    const c = pad === 1 ? SEXTETS[chars[whole + 2]] : 0;
    seen |= a | b | c;
    // The bits past the last byte are zero in base64 (RFC 4648 §3.5), as the native decoder's strict mode asks.
    if ((pad === 2 ? b & 0x0f : c & 0x03) !== 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6);
    bytes[out++] = n >> 16;
    if (pad === 1) bytes[out] = n >> 8;
  }
  return seen < 64 ? bytes : null;
}

/** A kept chapter: one JSON line (name, CRC-32, size, images), then the deflated bytes in base64. */
export const chapterCodec: Codec<KeptChapter> = {
  type: 'text',
  encode: ({ entry, images }) => frame({ name: entry.name, crc: entry.crc, size: entry.size, images }, [toBase64(entry.data)]),
  decode(stored) {
    const framed = typeof stored === 'string' ? unframe(stored) : null;
    const head = framed?.parts.length === 1 ? v.safeParse(headSchema, framed.head) : null;
    const data = head?.success ? fromBase64(framed?.parts[0] ?? '') : null;
    if (!head?.success || !data) return null;
    const { name, crc, size, images } = head.output;
    return { entry: { name, method: 8, data, crc, size }, images };
  },
};
