const encoder = new TextEncoder();

/** Hex SHA-256 of a string, truncated to 128 bits: enough to name content, short enough for keys. */
export async function contentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return hex(new Uint8Array(digest, 0, 16));
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
