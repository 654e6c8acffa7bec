import { expect } from 'vitest';
import { chapterCodec } from '../../src/ebook/chapter';

const images: { path: string; type: string }[] = [];
const encoded = (data: Uint8Array) =>
  chapterCodec.encode({ entry: { name: 'EPUB/part-1.xhtml', method: 8, data, crc: 7, size: 9 }, images }) as string;

/**
 * A kept chapter's bytes read back from base64 of every padding and every byte value, and from
 * nothing else: run in Node (the decoder written here) and in workerd (the runtime's own).
 */
export function expectStrictBase64() {
  for (const n of [0, 1, 2, 3, 4, 5, 256]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
    expect(chapterCodec.decode(encoded(data))?.entry.data).toEqual(data);
  }
  const text = encoded(new TextEncoder().encode('a chapter.'));
  const base64 = text.slice(text.indexOf('\n') + 1);
  expect(base64).toBe(btoa('a chapter.'));
  expect(base64.endsWith('==')).toBe(true);
  const head = text.slice(0, -base64.length);
  // Same length, so the frame holds: only the decoder can notice.
  for (const bad of ['*', '=', 'é', '-', '_', ' '])
    expect(chapterCodec.decode(`${head}${bad}${base64.slice(1)}`), `base64 starting with ${bad}`).toBeNull();
  // A pad bit set ('YQ==' is "a", 'YR==' is not base64) and a quantum of whitespace, the frame's length kept.
  const one = encoded(new TextEncoder().encode('a'));
  expect(one.endsWith('\nYQ==')).toBe(true);
  expect(chapterCodec.decode(`${one.slice(0, -4)}YR==`)).toBeNull();
  expect(chapterCodec.decode(`${head}${base64.slice(0, 4)}    ${base64.slice(8)}`)).toBeNull();
}
