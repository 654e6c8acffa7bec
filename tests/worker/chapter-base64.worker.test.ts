import { describe, expect, it } from 'vitest';
import { expectStrictBase64 } from '../support/chapter-base64';

describe('a chapter kept at publish, read in workerd', () => {
  it("reads its bytes back with the runtime's base64 decoder, as strictly as the one written in JS", () => {
    expect(typeof (Uint8Array as { fromBase64?: unknown }).fromBase64).toBe('function');
    expectStrictBase64();
  });
});
