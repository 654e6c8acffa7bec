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

function fromBase64(text: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
