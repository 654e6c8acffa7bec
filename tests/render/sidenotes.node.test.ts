import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown';
import { sidenoted, withSidenotes } from '../../src/render/sidenotes';

const render = (markdown: string) => renderMarkdown(markdown, { allowHtml: false }).html;

describe('withSidenotes', () => {
  it('puts a button and a popover copy of the note at its reference, and keeps the end list as it was', () => {
    const html = render('Text.[^a] More.\n\n[^a]: A *note* with [a link](/x).\n');
    const out = withSidenotes(html);
    expect(out).toContain(
      '<p>Text.<sup><button class="fn" id="fn:ref-a" popovertarget="sn:a" aria-describedby="fn:label">1</button></sup>' +
        '<span class="sn" id="sn:a" popover>A <em>note</em> with <a href="/x">a link</a>.</span> More.</p>',
    );
    const list = html.slice(html.indexOf('<section class="footnotes"'));
    expect(out.endsWith(list)).toBe(true);
    // The back-link from the list lands on the button, which kept the reference's id.
    expect(list).toContain('<a href="#fn:ref-a" data-fn:backref');
  });

  it('copies a note of several blocks as phrasing content: later paragraphs as spans, lists read on, no ids', () => {
    const out = withSidenotes(render('A.[^n]\n\n[^n]: First.\n\n    - one\n    - two\n\n    Last `code`.\n'));
    const copy = /<span class="sn" id="sn:n" popover>(.*?)<\/span><\/p>/.exec(out)?.[1];
    expect(copy).toBe('First. one two <span class="p">Last <code>code</code>.</span>');
  });

  it('places one copy per note: a second reference opens the same one', () => {
    const out = withSidenotes(render('B[^b], one[^1], b again[^b].\n\n[^1]: One.\n\n[^b]: Bee.\n'));
    expect([...out.matchAll(/popovertarget="([^"]+)"[^>]*>(\d)</g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'sn:b 1',
      'sn:1 2',
      'sn:b 1',
    ]);
    expect([...out.matchAll(/<span class="sn" id="([^"]+)"/g)].map((m) => m[1])).toEqual(['sn:b', 'sn:1']);
    expect(out).toContain('id="fn:ref-b-2" popovertarget="sn:b"');
  });

  it('leaves a body without notes untouched', () => {
    const html = render('Plain [link](#x) and text.\n');
    expect(withSidenotes(html)).toBe(html);
  });

  it('keeps every id of the page distinct, and every button pointing at a copy', () => {
    const out = withSidenotes(render('## Notes\n\nA[^1] b[^2] c[^1].\n\n[^1]: One.\n\n[^2]: Two.\n'));
    const ids = [...out.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const [, target] of out.matchAll(/popovertarget="([^"]+)"/g)) expect(ids).toContain(target);
  });

  it('is worked out at publish: a kept body places its notes as a view would, and an older render without them still gets them', () => {
    const body = renderMarkdown('B[^b], one[^1], b again[^b].\n\n[^1]: One.\n\n[^b]: Bee.\n', { allowHtml: false });
    expect(body.sidenotes?.marks).toHaveLength(3);
    const expected = withSidenotes(body.html);
    expect(expected).not.toBe(body.html);
    expect(sidenoted(body)).toBe(expected);
    expect(sidenoted({ html: body.html })).toBe(expected);
    expect(renderMarkdown('No notes.\n', { allowHtml: false }).sidenotes).toEqual({ cuts: [], marks: [] });
  });
});
