/**
 * Footnotes beside the text, for the article page and the reading view only: feeds and EPUB keep
 * the kept body exactly as marked-footnote wrote it, with its numbered list at the end.
 *
 * Each first reference becomes a `popovertarget` button followed by a copy of its note in a
 * `popover` span (phrasing content, so it stays valid inside the `<p>`). The stylesheet floats the
 * copies into the margin where there is room and hides the end list there; below that a copy is a
 * popover (Escape and a click outside dismiss it, no script). Closed popovers are not rendered, so
 * a screen reader meets each note once in either layout. The end list stays for print and for
 * readers without popover support, and its back-links lead to the buttons, which keep the ids.
 */

const SECTION = '<section class="footnotes" data-footnotes>';
const REFERENCE = /<sup><a id="fn:ref-([^"]+)" href="#fn:([^"]+)" data-fn:ref aria-describedby="fn:label">([^<]*)<\/a><\/sup>/g;
const NOTE_START = '<li id="fn:';
const BACK_LINK = / <a href="#fn:ref-[^"]*" data-fn:backref[^>]*>.*?<\/a>/g;
// What a `<span>` may not hold: a note's lists, quotes and code blocks read on as text in its copy.
const BLOCK_TAG =
  /<\/?(?:address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/g;

/**
 * A note's copy for the margin: no ids (they stay on the list), no back-link, and paragraphs after
 * the first as block spans (the first runs on from the note's number).
 */
function copyOf(note: string): string {
  return note
    .replace(BACK_LINK, '')
    .replace(/\sid="[^"]*"/g, '')
    .replace(/^\s*<p>([\s\S]*?)<\/p>/, '$1')
    .replace(/<p>/g, '<span class="p">')
    .replace(/<\/p>/g, '</span>')
    .replace(BLOCK_TAG, ' ')
    .replace(/\n/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Each note of the list by its label. A note ends at its item's last `</li>`, before the next
 * note's item (a list inside a note has items of its own, without ids); cut with `indexOf`, as a
 * lazy pattern with a lookahead costs several times more on a long essay.
 */
function notesOf(list: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const item of list.split(NOTE_START).slice(1)) {
    const label = item.slice(0, item.indexOf('"'));
    notes.set(label, copyOf(item.slice(label.length + 2, item.lastIndexOf('</li>'))));
  }
  return notes;
}

/** The id of a note's copy: the colon keeps it apart from every heading and footnote id. */
export const sidenoteId = (label: string): string => `sn:${label}`;

/**
 * Where a body's sidenotes go: each first or later reference's span `[cuts[2i], cuts[2i + 1])` of
 * the HTML is replaced by `marks[i]`. Worked out once, at publish (`renderMarkdown`), and kept
 * with the body, so a page view only splices (`spliced`): on a 10,000-word essay with 100 notes
 * the regular expressions below cost about half a millisecond a view.
 */
export interface Sidenotes {
  cuts: number[];
  marks: string[];
}

export function sidenotesOf(html: string): Sidenotes {
  const cuts: number[] = [];
  const marks: string[] = [];
  const start = html.lastIndexOf(SECTION);
  if (start < 0) return { cuts, marks };
  const notes = notesOf(html.slice(start));
  const placed = new Set<string>();
  for (const match of html.slice(0, start).matchAll(REFERENCE)) {
    const [reference, ref, label, number] = match;
    const note = notes.get(label);
    if (note === undefined) continue;
    const id = sidenoteId(label);
    const button = `<sup><button class="fn" id="fn:ref-${ref}" popovertarget="${id}" aria-describedby="fn:label">${number}</button></sup>`;
    cuts.push(match.index, match.index + reference.length);
    marks.push(placed.has(label) ? button : `${button}<span class="sn" id="${id}" popover>${note}</span>`);
    placed.add(label);
  }
  return { cuts, marks };
}

/** The body with its sidenotes in place, as pieces: slices of the body and the marks between them. */
export function splicedPieces(html: string, { cuts, marks }: Sidenotes): string[] {
  const pieces: string[] = [];
  let at = 0;
  for (let i = 0; i < marks.length; i++) {
    pieces.push(html.slice(at, cuts[2 * i]), marks[i]);
    at = cuts[2 * i + 1];
  }
  pieces.push(html.slice(at));
  return pieces;
}

/** The body with its sidenotes in place, no pass over the text. */
export const spliced = (html: string, sidenotes: Sidenotes): string => splicedPieces(html, sidenotes).join('');

/** A rendered body with a sidenote (or popover, by width) at the first reference to each note. */
export const withSidenotes = (html: string): string => spliced(html, sidenotesOf(html));

/** A kept body's HTML with its sidenotes, as pieces: those worked out at publish, or (an older render) now. */
export const sidenotedPieces = (body: { html: string; sidenotes?: Sidenotes }): string[] =>
  splicedPieces(body.html, body.sidenotes ?? sidenotesOf(body.html));

/** A kept body's HTML with its sidenotes. */
export const sidenoted = (body: { html: string; sidenotes?: Sidenotes }): string => sidenotedPieces(body).join('');
