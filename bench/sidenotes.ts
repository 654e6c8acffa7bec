/**
 * What footnotes beside the text cost: the stylesheet's share, the markup added per note, and the
 * time `withSidenotes` takes on a 10,000-word essay with a note on every paragraph (100 notes),
 * next to rendering that essay's markdown. Run by hand: `npx tsx bench/sidenotes.ts`.
 */
import { renderMarkdown } from '../src/render/markdown';
import { withSidenotes } from '../src/render/sidenotes';
import { STYLE } from '../src/render/style';
import { essay } from './site';

// The fastest of many runs: on a shared machine the slower ones measure the neighbours.
const fastest = (f: () => unknown, runs = 200): number => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return Math.min(...times);
};

const css = /\.fn\{.*@media print\{\.sn\{display:none\}\}/.exec(STYLE)?.[0] ?? '';
const markdown = essay(10_000, 7);
const html = renderMarkdown(markdown, { allowHtml: false }).html;
const notes = (html.match(/data-fn:ref/g) ?? []).length;
const page = withSidenotes(html);
// The copies repeat each note's text; the fixed part is the markup around them.
// (The essay's notes are one short paragraph each, so a copy is plain text.)
const copied = [...page.matchAll(/<span class="sn" id="[^"]*" popover>([^<]*)<\/span>/g)];
const textOfCopies = copied.reduce((n, m) => n + m[1].length, 0);
const added = page.length - html.length;

console.log(`stylesheet share: ${css.length} bytes (whole stylesheet ${STYLE.length})`);
console.log(`essay: ${markdown.split(/\s+/).length} words, ${notes} notes, body ${html.length} bytes → ${page.length}`);
console.log(
  `added per note: ${(added / notes).toFixed(1)} bytes, of which ${((added - textOfCopies) / notes).toFixed(1)} markup and ${(textOfCopies / notes).toFixed(1)} the note's text`,
);
console.log(`renderMarkdown: ${fastest(() => renderMarkdown(markdown, { allowHtml: false }), 30).toFixed(2)} ms`);
console.log(`withSidenotes:  ${fastest(() => withSidenotes(html), 1000).toFixed(3)} ms`);
// The floor for any pass over the body: one search through it that finds nothing.
console.log(`one regex pass over the body: ${fastest(() => html.replace(/<q /g, ''), 1000).toFixed(3)} ms`);
