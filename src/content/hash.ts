const encoder = new TextEncoder();

/** SHA-256 of a string's UTF-8, computed at once, the whole digest in an encoding. */
export type Sha256 = (text: string, encoding: 'hex' | 'base64url') => string;

let direct: Sha256 | undefined;

/**
 * Hand in a synchronous SHA-256 (the CLI gives Node's `crypto.hash`): the same digests, without
 * crypto.subtle's promise and copy per call, nor a loop to spell them, which cost a
 * 100,000-article build seconds over hundreds of thousands of calls.
 */
export function useSha256(sha256: Sha256): void {
  direct = sha256;
}

const subtle = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

/** Hex SHA-256 of a string, truncated to 128 bits: enough to name content, short enough for keys. */
export async function contentHash(text: string): Promise<string> {
  return direct ? direct(text, 'hex').slice(0, 32) : hex((await subtle(text)).subarray(0, 16));
}

/** `contentHash` of each string: with a synchronous SHA-256, in one loop rather than a promise each. */
export async function contentHashes(texts: readonly string[]): Promise<string[]> {
  const sha256 = direct;
  if (sha256) return texts.map((text) => sha256(text, 'hex').slice(0, 32));
  return Promise.all(texts.map(contentHash));
}

/** base64url of a string's SHA-256, truncated to 96 bits (16 characters, no padding). */
export async function shortDigest(text: string): Promise<string> {
  if (direct) return direct(text, 'base64url').slice(0, 16);
  let binary = '';
  for (const byte of (await subtle(text)).subarray(0, 12)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Bytes as lowercase hexadecimal. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** FNV-1a, 32-bit: a fast, stable spread of names over shards and chunk boundaries. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
