import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash, contentHashes, useSha256 } from '../../src/content/hash';
import { shortHash } from '../../src/search/keys';

const texts = ['', 'a', 'Dès Noël, où un zéphyr haï — “quotes” 🚀', 'x'.repeat(100_000)];

describe('content hashes', () => {
  it('are the same from a SHA-256 handed in (the CLI gives Node’s) as from crypto.subtle', async () => {
    const subtle = await Promise.all(texts.map(async (t) => [await contentHash(t), await shortHash(t)]));
    expect(subtle[0]).toEqual(['e3b0c44298fc1c149afbf4c8996fb924', '47DEQpj8HBSa-_TI']);
    const many = subtle.map(([content]) => content);
    expect(await contentHashes(texts)).toEqual(many);
    let calls = 0;
    useSha256((text, encoding) => {
      calls++;
      return hash('sha256', text, encoding);
    });
    const direct = await Promise.all(texts.map(async (t) => [await contentHash(t), await shortHash(t)]));
    expect(calls).toBe(texts.length * 2);
    expect(direct).toEqual(subtle);
    // Many at once: one call each, in order.
    expect(await contentHashes(texts)).toEqual(many);
    expect(calls).toBe(texts.length * 3);
  });
});
