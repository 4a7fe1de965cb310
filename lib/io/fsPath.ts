/**
 * File names that are not valid UTF-8 (common in old archives: Latin-1 or CP-850 names copied
 * from DOS/Windows disks). Node decodes such names lossily (invalid bytes become U+FFFD), so the
 * file can no longer be opened. tounum-lab keeps them exact with Python's "surrogateescape"
 * scheme (PEP 383): each byte 0x80–0xFF that is not part of a valid UTF-8 sequence is carried in
 * the string as the lone surrogate U+DC80–U+DCFF. {@link toFsPath} turns such a string back into
 * the original bytes for the `fs` calls, and {@link displayPath} shows it escaped (`caf\xe9.jpg`).
 */

/** A lone surrogate U+DC80–U+DCFF (with the `u` flag a valid surrogate pair is one code point, so it never matches). */
const ESCAPED_BYTE = /[\uDC80-\uDCFF]/u;
const ESCAPED_BYTES = /[\uDC80-\uDCFF]/gu;

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if the byte there does not start one. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < b.length && ((b[i + k] as number) & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // UTF-16 surrogates are not valid UTF-8
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

/**
 * Decodes a file name (or whole path) given as bytes: valid UTF-8 as usual, every other byte as
 * the lone surrogate U+DC00 + byte (PEP 383), so that `toFsPath(decodeFsName(b))` equals `b`.
 */
export function decodeFsName(bytes: Uint8Array): string {
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += Buffer.from(bytes.subarray(start, i)).toString('utf8') + String.fromCharCode(0xdc00 + (bytes[i] as number));
    i++;
    start = i;
  }
  return out + Buffer.from(bytes.subarray(start)).toString('utf8');
}

/** Whether `p` carries escaped bytes (a name that is not valid UTF-8). */
export function hasEscapedBytes(p: string): boolean {
  return ESCAPED_BYTE.test(p);
}

/**
 * What to hand to Node's `fs` for a path from {@link decodeFsName}: the string itself when it is
 * plain Unicode, otherwise a Buffer with the original bytes.
 */
export function toFsPath(p: string): string | Buffer {
  if (!hasEscapedBytes(p)) return p;
  const parts: Buffer[] = [];
  let start = 0;
  for (const m of p.matchAll(ESCAPED_BYTES)) {
    const at = m.index as number;
    parts.push(Buffer.from(p.slice(start, at), 'utf8'), Buffer.from([(m[0].charCodeAt(0) - 0xdc00) & 0xff]));
    start = at + m[0].length;
  }
  parts.push(Buffer.from(p.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * A path for messages: escaped bytes as `\xNN`, control characters (newline, tab…) as `\n`, `\t`
 * or `\xNN`, so that every name prints on one line and can be told apart.
 */
export function displayPath(p: string): string {
  return p.replace(/[\uDC80-\uDCFF]|[\u0000-\u001f\u007f]/gu, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    const code = ch.charCodeAt(0);
    return `\\x${(code >= 0xdc00 ? code - 0xdc00 : code).toString(16).padStart(2, '0')}`;
  });
}
