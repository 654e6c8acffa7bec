import { xml } from '../content/escape';
import { hex } from '../content/hash';
import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';
import { formatDate } from '../render/format';
import { placeId } from '../render/place';
import type { KeptChapter } from './chapter';
import { BOOK_STYLE, navDocument, partFile, partNumber, titlePage } from './documents';
import { storedEntry, zipEntries } from './zip';

/**
 * An EPUB 3 book of a series (EPUB 3.3, §4 OCF): the `mimetype` entry first and stored, so a
 * reader can sniff the type at a fixed offset; the chapters deflated at publish. Level 3: on a
 * 50,000-word book (bench/epub.ts) fflate's levels 3, 6 and 9 give sizes within 0.1% of one
 * another, and 3 costs the least CPU (fflate's level 1 was slower, and stored is 3x larger).
 */
export const DEFLATE_LEVEL = 3;

/** Bump when a chapter made from the same part changes: kept chapters are keyed by it. */
export const BOOK_VERSION = 'b2';

export interface Book {
  site: { title: string; baseUrl: string; author: string; language: string };
  series: { slug: string; title: string; summary: string; planned: string[] };
  /** The published parts, in part order. */
  parts: ArticleSummary[];
  /** `urn:uuid:…`, the same in every release (see bookIdentifier). */
  identifier: string;
}

// RFC 4122 §4.3: the URL namespace; a version-5 UUID names one thing for ever.
const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8';

/** A version-5 UUID of the series' address: the book stays the same book across releases. */
export async function bookIdentifier(baseUrl: string, slug: string): Promise<string> {
  const name = new TextEncoder().encode(`${baseUrl}${paths.series(slug)}`);
  const namespace = Uint8Array.from(URL_NAMESPACE.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  const input = new Uint8Array(namespace.length + name.length);
  input.set(namespace);
  input.set(name, namespace.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const uuid = hex(hash);
  return `urn:uuid:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`;
}

/** The latest publication or change among the parts: the book's edition, never "now". */
export function editionOf(parts: ArticleSummary[]): string {
  let newest = '';
  for (const p of parts) for (const d of [p.date, p.modified ?? '']) if (d > newest) newest = d;
  return newest;
}

/** A link in a part: to another part, inside the book; anything else on the site, absolute. */
export function linkPlacer(site: Book['site'], files: Map<string, number>) {
  return (href: string): string => {
    const [path, fragment] = href.split('#', 2);
    const part = /^\/articles\/([^/?#]+)$/.exec(path)?.[1];
    const n = part === undefined ? undefined : files.get(part);
    if (n !== undefined) return `${partFile(n)}${fragment ? `#${placeId(`p${n}-`, fragment)}` : ''}`;
    return path.startsWith('/') && !path.startsWith('//') ? `${site.baseUrl}${href}` : href;
  };
}

/** An image from the site's assets, packaged in the book. */
export interface BookImage {
  /** As the parts use it: `/assets/map.svg`. */
  path: string;
  type: string;
  bytes: Uint8Array;
}

/** Images a book can carry (EPUB 3.3 §3.2 core media types). */
export const IMAGE_TYPES = new Set(['image/gif', 'image/jpeg', 'image/png', 'image/svg+xml', 'image/webp']);

const IMAGE = /<img\b[^>]*?\ssrc="([^"]*)"[^>]*>/g;
const ALT = /\salt="([^"]*)"/;

/** The site images (`/assets/…`) the bodies show, each once. */
export const imagesUsed = (bodies: string[]): string[] => [
  ...new Set(bodies.flatMap((html) => [...html.matchAll(IMAGE)].map((m) => m[1]).filter((src) => src.startsWith('/assets/')))),
];

const imageFile = (path: string): string => path.slice(1);

/**
 * A packaged image points into the book. Any other image becomes a link to it, named by its alt
 * text: a book may not show a remote image (EPUB 3.3 §3.6).
 */
export function placeImages(html: string, packaged: Set<string>): string {
  return html.replace(IMAGE, (tag, src: string) =>
    packaged.has(src)
      ? tag.replace(` src="${src}"`, ` src="${imageFile(src)}"`)
      : `<a href="${src}">Image: ${ALT.exec(tag)?.[1] || 'untitled'}</a>`,
  );
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The whole book as a zip, deterministic for the same parts (dates come from the parts): the
 * chapters as kept at publish, the small documents made here and stored as they are. Deflating
 * them would save a few KB of a book of hundreds, and cost a request more CPU than everything
 * else it does (fflate sets up its tables for each one). Images a chapter shows but that could
 * not be read are left out; the chapter's `src` then points at nothing.
 */
export function assembleEpub(book: Book, chapters: KeptChapter[], images: BookImage[]): Uint8Array {
  const edition = editionOf(book.parts);
  const packaged = images.filter((i) => IMAGE_TYPES.has(i.type));
  const small = (name: string, text: string) => storedEntry(name, encode(text));
  const entries = [
    storedEntry('mimetype', encode('application/epub+zip')),
    small('META-INF/container.xml', CONTAINER),
    small('EPUB/package.opf', packageDocument(book, edition, packaged)),
    small('EPUB/nav.xhtml', navDocument(book)),
    small('EPUB/title.xhtml', titlePage(book, formatDate(edition, book.site.language))),
    small('EPUB/style.css', BOOK_STYLE),
    ...chapters.map((c) => c.entry),
    // Images are compressed already (SVG aside, and it is small): stored, they cost no CPU.
    ...packaged.map((image) => storedEntry(`EPUB/${imageFile(image.path)}`, image.bytes)),
  ];
  // DOS times start in 1980; the edition date keeps the archive byte-for-byte repeatable.
  return zipEntries(entries, new Date(Math.max(Date.parse(edition), Date.UTC(1980, 1, 1))));
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;

/** The OPF package document (EPUB 3.3 §5): metadata, every file, and the reading order. */
function packageDocument({ site, series, parts, identifier }: Book, edition: string, images: BookImage[]): string {
  const xhtml = 'application/xhtml+xml';
  const items = parts.map(
    (p, i) => `<item id="part-${partNumber(p, i)}" href="${partFile(partNumber(p, i))}" media-type="${xhtml}"/>`,
  );
  items.push(
    ...images.map((img, i) => `<item id="image-${i + 1}" href="${xml(imageFile(img.path))}" media-type="${img.type}"/>`),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${xml(site.language)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">${identifier}</dc:identifier>
<dc:title>${xml(series.title)}</dc:title>
<dc:creator>${xml(site.author)}</dc:creator>
<dc:language>${xml(site.language)}</dc:language>
<dc:publisher>${xml(site.title)}</dc:publisher>
<dc:description>${xml(series.summary)}</dc:description>
<dc:date>${parts[0].date.slice(0, 10)}</dc:date>
<dc:source>${xml(`${site.baseUrl}/series/${series.slug}`)}</dc:source>
<meta property="dcterms:modified">${edition.slice(0, 19)}Z</meta>
</metadata>
<manifest>
<item id="title" href="title.xhtml" media-type="${xhtml}"/>
<item id="nav" href="nav.xhtml" media-type="${xhtml}" properties="nav"/>
${items.join('\n')}
<item id="style" href="style.css" media-type="text/css"/>
</manifest>
<spine>
<itemref idref="title"/>
<itemref idref="nav"/>
${parts.map((p, i) => `<itemref idref="part-${partNumber(p, i)}"/>`).join('\n')}
</spine>
</package>
`;
}
