/**
 * Deciding how EDEXML bytes are encoded: BOM first (UTF-8, UTF-16 LE/BE), else the XML declaration's `encoding=`,
 * else UTF-8. ISO-8859-1 is read as windows-1252, which is what Dutch files written on Windows really contain
 * (and what WHATWG TextDecoder does for that label anyway).
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type EncodingResult =
  | { readonly ok: true; readonly encoding: Encoding; readonly bomLength: number }
  | { readonly ok: false; readonly declared: string };

const DECLARED: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-15': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function detectEncoding(head: Uint8Array): EncodingResult {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { ok: true, encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { ok: true, encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { ok: true, encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without BOM still starts with "<?" in two-byte units.
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { ok: true, encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { ok: true, encoding: 'utf-16be', bomLength: 0 };
  const start = String.fromCharCode(...head.subarray(0, Math.min(head.length, 200)));
  const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start);
  if (!declaration) return { ok: true, encoding: 'utf-8', bomLength: 0 };
  const declared = declaration[1]!.toLowerCase();
  const encoding = DECLARED[declared];
  if (!encoding) return { ok: false, declared: declaration[1]! };
  // A declaration read as single bytes cannot be UTF-16: that would have been caught above.
  return { ok: true, encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, bomLength: 0 };
}

/** Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1. Used only to explain a decoding failure. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
