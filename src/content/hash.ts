const encoder = new TextEncoder();

/** SHA-256 of a string's UTF-8, computed at once. */
export type Sha256 = (text: string) => Uint8Array;

let direct: Sha256 | undefined;

/**
 * Hand in a synchronous SHA-256 (the CLI gives Node's): the same digests, without crypto.subtle's
 * promise and copy per call, which cost a 100,000-article build seconds over 200,000 calls.
 */
export function useSha256(sha256: Sha256): void {
  direct = sha256;
}

/** SHA-256 of a string: crypto.subtle, which Node and workerd both have, unless one was handed in. */
export async function sha256(text: string): Promise<Uint8Array> {
  return direct ? direct(text) : new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Hex SHA-256 of a string, truncated to 128 bits: enough to name content, short enough for keys. */
export async function contentHash(text: string): Promise<string> {
  return hex((await sha256(text)).subarray(0, 16));
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
