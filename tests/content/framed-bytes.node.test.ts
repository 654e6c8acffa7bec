import { describe, expect, it } from 'vitest';
import { encodeRendered } from '../../src/content/framed';
import { decodeBodyBytes } from '../../src/content/framed-bytes';
import { sidenoted } from '../../src/render/sidenotes';

// One-, two-, three- and four-byte characters (an astral one is two UTF-16 units), and newlines.
const html = '<p>“Quotes” — é, ß\nand 🏛️ twice 🏛️</p>\n<p>Then ASCII [^1] and 中文 [^2].</p>';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (rendered: Parameters<typeof encodeRendered>[0]) => encoder.encode(encodeRendered(rendered));
const textOf = (pieces: Uint8Array[]) => pieces.map((p) => decoder.decode(p)).join('');

describe('a kept body read as bytes', () => {
  it('gives the body with its sidenotes in place, as the text path does, cut at UTF-16 offsets', () => {
    const at = (s: string) => html.indexOf(s);
    const cuts = [at('[^1]'), at('[^1]') + 4, at('[^2]'), at('[^2]') + 4];
    // Cuts after astral and multi-byte characters, marks holding some too.
    const rendered = {
      html,
      toc: [{ id: 'a', text: '“A”', level: 2 }],
      sidenotes: { cuts, marks: ['<b>¹ 🏛️</b>', '<b>²\n</b>'] },
    };
    const body = decodeBodyBytes(bytesOf(rendered));
    expect(body?.toc).toEqual(rendered.toc);
    expect(body?.pieces).toHaveLength(5);
    expect(textOf(body?.pieces ?? [])).toBe(sidenoted(rendered));
  });

  it('gives a body with no sidenotes whole, as a view of the bytes read (no copy)', () => {
    const bytes = bytesOf({ html, toc: [], sidenotes: { cuts: [], marks: [] } });
    const body = decodeBodyBytes(bytes);
    expect(body?.pieces).toHaveLength(1);
    expect(body?.pieces[0].buffer).toBe(bytes.buffer);
    expect(textOf(body?.pieces ?? [])).toBe(html);
  });

  it('reads a body kept without byte offsets (read as text instead) or a damaged one as null', () => {
    const good = encodeRendered({ html, toc: [], sidenotes: { cuts: [3, 5], marks: ['<b>'] } });
    type Head = { toc: unknown; utf8?: { lengths: number[]; cuts: number[] } };
    const withHead = (change: (head: Head) => void) => {
      const newline = good.indexOf('\n');
      const head = JSON.parse(good.slice(0, newline));
      change(head);
      return JSON.stringify(head) + good.slice(newline);
    };
    const utf8 = (change: (u: { lengths: number[]; cuts: number[] }) => void) =>
      withHead((head) => head.utf8 && change(head.utf8));
    const multibyte = new TextEncoder().encode(html.slice(0, html.indexOf('“'))).length + 1;
    expect(decodeBodyBytes(encoder.encode(good))).not.toBeNull();
    const damaged = [
      encodeRendered({ html, toc: [] }), // before sidenotes were kept
      withHead((head) => delete head.utf8), // before byte offsets were kept
      utf8((u) => u.cuts.reverse()),
      utf8((u) => u.cuts.push(6, 7)),
      utf8((u) => {
        u.cuts[1] = u.lengths[0] + 1;
      }),
      utf8((u) => {
        u.cuts[1] = multibyte; // inside “
      }),
      utf8((u) => {
        u.lengths[0] -= 1;
      }),
      utf8((u) => {
        u.lengths[1] = -1;
      }),
      withHead((head) => {
        head.toc = [{ id: 1 }];
      }),
      good.slice(0, -1), // a byte short
      `${good}x`, // a byte over
      good.replace('\n', ' '), // no head
      `null${good.slice(good.indexOf('\n'))}`,
    ];
    for (const text of damaged) expect(decodeBodyBytes(encoder.encode(text)), text.slice(0, 90)).toBeNull();
  });
});
