import { Buffer, isUtf8 } from 'node:buffer';
import { NO_ATTRS } from './types';
import type { Attr, XmlHandler } from './types';
import { completeEnd } from './utf8';

/**
 * A fast, deliberately narrow XML scanner for UTF-8 EDEXML as it is found in practice: ASCII element and attribute
 * names, the five predefined entities and character references, comments and processing instructions, no DOCTYPE,
 * no CDATA, no namespace prefixes other than xmlns:/xsi:. It checks well-formedness for everything it accepts; for
 * anything else it throws `Unsupported` and the caller reads the file again with the full parser (saxes), which then
 * also words any error. So correctness never depends on this scanner knowing all of XML.
 *
 * How it is fast: it scans the bytes as a one-byte (latin1) string, where every character is one byte, so offsets
 * match the buffer; only values are decoded as UTF-8, straight from the bytes, as fresh strings (no slices that
 * keep a megabyte chunk alive in memory).
 *
 * Why it exists: EDEXML validation must run in a fraction of xmllint's time on a 100,000-pupil file; a general
 * parser spends most of that budget on generality this format never uses.
 */
export class Unsupported extends Error {
  constructor(readonly reason: string) {
    super(`fast scanner: ${reason}`);
  }
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** C0 controls XML forbids, and U+FFFE/U+FFFF as UTF-8 bytes; a CR that is not part of CRLF. */
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const LONE_CR = /\r(?!\n)/;
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const QNAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?$/;
const ATTR = /[ \t\r\n]+([^\s=/>]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/y;

export function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(/&([^;&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Unsupported('bare &');
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Unsupported(`entity ${ref}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
    const valid = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!valid) throw new Unsupported('invalid character reference');
    return String.fromCodePoint(cp);
  });
}

/** The body of an XML declaration (what stands between `<?xml` and `?>`) as this scanner accepts it. */
export const XML_DECL = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;

/**
 * The window's complete UTF-8 (all of it at the end; else up to an unfinished character, which waits for the next
 * chunk) as one-byte text, after the checks that hold for every chunk: valid UTF-8 (from `checked` on: bytes before
 * it were checked with the previous chunk), no character XML forbids, no CR that is not part of CRLF, no ']]>'
 * (legal outside text, but too rare in EDEXML to be worth telling apart). `end` is where the text stops. Shared
 * with the one pass.
 */
export function checkedText(w: Buffer, checked: number, final: boolean): { s: string; end: number } {
  const end = final ? w.length : completeEnd(w);
  if (end > checked && !isUtf8(w.subarray(checked, end))) throw new Unsupported('invalid UTF-8');
  const s = w.toString('latin1', 0, end);
  if (CONTROL.test(s) || s.indexOf('\xEF\xBF\xBE') !== -1 || s.indexOf('\xEF\xBF\xBF') !== -1) throw new Unsupported('forbidden character');
  if (s.indexOf('\r') !== -1 && LONE_CR.test(final || !s.endsWith('\r') ? s : s.slice(0, -1))) throw new Unsupported('lone CR');
  if (s.indexOf(']]>') !== -1) throw new Unsupported(']]>');
  return { s, end };
}

/**
 * The bytes a scanner works on — what it left of the previous chunk, then the new chunk — in one buffer kept for the
 * whole file. (A new 1 MB buffer per chunk left 20–40 MB of garbage outside the heap by the end of a 100,000-pupil
 * file before V8 collected it: peak memory, measured in the note of issue 17.)
 */
export class ChunkWindow {
  private scratch = Buffer.alloc(0);

  /** `tail` (a view into the buffer this returned before, or other bytes), then `bytes`; valid until the next call. */
  join(tail: Uint8Array, bytes: Uint8Array): Buffer {
    const size = tail.length + bytes.byteLength;
    if (this.scratch.length < size) {
      const grown = Buffer.allocUnsafe(Math.max(size, 2 * this.scratch.length));
      grown.set(tail, 0);
      this.scratch = grown;
    } else {
      // A view into the same buffer: `set` copies as if through a copy, so the overlap is safe.
      this.scratch.set(tail, 0);
    }
    this.scratch.set(bytes, tail.length);
    return this.scratch.subarray(0, size);
  }
}

export class FastScanner {
  /** Unconsumed bytes (a partial tag or text at the end of the previous chunk) plus the new chunk. */
  private window: Buffer = Buffer.alloc(0);
  /** Bytes already checked as valid UTF-8 (from the start of `window`). */
  private checked = 0;
  private readonly open: string[] = [];
  private readonly scopes: Array<Map<string, string> | null> = [];
  private line = 1;
  /** Absolute offset of the current line's first byte, and of `window[0]`. */
  private lineStart = 0;
  private base = 0;
  private started = false;
  private sawRoot = false;
  private rootClosed = false;
  /** Element names already checked (a file uses a few dozen, a million times). */
  private readonly names = new Map<string, string>();
  private readonly attrNames = new Set<string>();

  constructor(private readonly handler: XmlHandler) {}

  private readonly chunks = new ChunkWindow();

  write(bytes: Uint8Array): void {
    this.window = this.chunks.join(this.window, bytes);
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.open.length > 0 || !this.sawRoot || this.window.length > 0) throw new Unsupported('incomplete document');
  }

  private scan(final: boolean): void {
    const w = this.window;
    const { s, end } = checkedText(w, this.checked, final);
    this.checked = Math.max(this.checked, end);
    let pos = 0;
    if (!this.started) {
      if (end < 6 && !final) return;
      this.started = true;
      if (s.startsWith('<?xml')) {
        const close = s.indexOf('?>');
        if (close === -1) throw new Unsupported('xml declaration');
        if (!XML_DECL.test(s.slice(5, close))) throw new Unsupported('xml declaration');
        this.lines(s, 0, close);
        pos = close + 2;
      }
    }
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const close = s.indexOf('-->', lt + 4);
          if (close === -1) break;
          if (lt > pos) this.text(w, s, pos, lt);
          const body = s.slice(lt + 4, close);
          if (body.includes('--') || body.endsWith('-')) throw new Unsupported('comment with --');
          this.lines(s, lt, close);
          pos = close + 3;
          continue;
        }
        if (lt + 9 > end && !final) break;
        throw new Unsupported(s.startsWith('<!DOCTYPE', lt) ? 'doctype' : 'cdata or declaration');
      }
      if (c === 0x3f /* ? */) {
        const close = s.indexOf('?>', lt + 2);
        if (close === -1) break;
        if (lt > pos) this.text(w, s, pos, lt);
        const target = /^[A-Za-z_][A-Za-z0-9._-]*/.exec(s.slice(lt + 2, close))?.[0];
        if (!target || target.toLowerCase() === 'xml') throw new Unsupported('processing instruction');
        this.lines(s, lt, close);
        pos = close + 2;
        continue;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt === -1) break;
      if (lt > pos) this.text(w, s, pos, lt);
      this.lines(s, lt, gt);
      if (c === 0x2f /* / */) this.endTag(s, lt + 2, gt);
      else this.startTag(w, s, lt + 1, gt);
      pos = gt + 1;
    }
    if (final) {
      if (pos < end) this.text(w, s, pos, end);
      pos = end;
    }
    if (pos > 0) {
      this.window = this.window.subarray(pos);
      this.base += pos;
      this.checked -= pos;
    }
  }

  /** Counts the newlines in s[from, to) so every element knows its line. */
  private lines(s: string, from: number, to: number): void {
    let i = s.indexOf('\n', from);
    while (i !== -1 && i < to) {
      this.line++;
      this.lineStart = this.base + i + 1;
      i = s.indexOf('\n', i + 1);
    }
  }

  private text(w: Buffer, s: string, from: number, to: number): void {
    this.lines(s, from, to);
    if (this.open.length === 0) {
      if (s.slice(from, to).trim().length > 0) throw new Unsupported('text outside the root element');
      return;
    }
    // Whitespace between elements needs no decoding (the common case).
    let blank = true;
    let cr = false;
    for (let k = from; k < to; k++) {
      const ch = s.charCodeAt(k);
      if (ch === 0x0d) cr = true;
      else if (ch !== 0x20 && ch !== 0x0a && ch !== 0x09) {
        blank = false;
        break;
      }
    }
    if (blank) {
      if (this.handler.needsBlankText && !this.handler.needsBlankText()) return;
      const raw = s.slice(from, to);
      this.handler.text(cr ? raw.replace(/\r\n/g, '\n') : raw);
      return;
    }
    let value = w.toString('utf8', from, to);
    if (value.indexOf('\r') !== -1) value = value.replace(/\r\n/g, '\n');
    this.handler.text(decodeEntities(value));
  }

  private resolve(prefix: string): string | undefined {
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return prefix === '' ? '' : undefined;
  }

  private startTag(w: Buffer, s: string, from: number, gt: number): void {
    const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
    const end = selfClosing ? gt - 1 : gt;
    let i = from;
    while (i < end) {
      const ch = s.charCodeAt(i);
      if (ch === 0x20 || ch === 0x0a || ch === 0x09 || ch === 0x0d) break;
      i++;
    }
    const sliced = s.slice(from, i);
    // One string instance per distinct name: later Map/Set lookups on it reuse its cached hash.
    let name = this.names.get(sliced);
    if (name === undefined) {
      if (!NAME.test(sliced)) throw new Unsupported('element name');
      name = sliced;
      this.names.set(name, name);
    }
    if (this.rootClosed || (this.open.length === 0 && this.sawRoot)) throw new Unsupported('second root');
    this.sawRoot = true;

    // Attributes in one pass; prefixed names (xmlns:, xsi:) are resolved after all declarations are known.
    let attrs: Attr[] = NO_ATTRS;
    let prefixed = false;
    ATTR.lastIndex = i;
    while (i < end) {
      let k = ATTR.lastIndex;
      for (; k < end; k++) {
        const ch = s.charCodeAt(k);
        if (ch !== 0x20 && ch !== 0x0a && ch !== 0x09 && ch !== 0x0d) break;
      }
      if (k === end) break;
      const m = ATTR.exec(s);
      if (!m || ATTR.lastIndex > end) throw new Unsupported('attribute syntax');
      const attrName = m[1]!;
      if (!this.attrNames.has(attrName)) {
        if (!QNAME.test(attrName)) throw new Unsupported('attribute name');
        this.attrNames.add(attrName);
      }
      const raw = m[2] ?? m[3]!;
      const quoteStart = ATTR.lastIndex - 1 - raw.length;
      // Values are copied out of the bytes as fresh strings: a slice of the scanned text would keep the whole
      // megabyte chunk alive for as long as the value lives (a pupil key in the model: the whole file).
      let value = w.toString(/^[\x20-\x7e]*$/.test(raw) ? 'latin1' : 'utf8', quoteStart, ATTR.lastIndex - 1);
      if (value.indexOf('\t') !== -1 || value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
      if (value.indexOf('&') !== -1) value = decodeEntities(value);
      if (attrs === NO_ATTRS) attrs = [];
      for (let a = 0; a < attrs.length; a++) if (attrs[a]!.prefix + ':' + attrs[a]!.local === attrName || attrs[a]!.local === attrName) throw new Unsupported('duplicate attribute');
      const colon = attrName.indexOf(':');
      if (colon === -1) {
        if (attrName === 'xmlns') throw new Unsupported('default namespace declaration');
        attrs.push({ local: attrName, uri: '', prefix: '', value });
      } else {
        prefixed = true;
        attrs.push({ local: attrName.slice(colon + 1), uri: '', prefix: attrName.slice(0, colon), value });
      }
    }

    let scope: Map<string, string> | null = null;
    if (prefixed) {
      for (const a of attrs) {
        if (a.prefix !== 'xmlns') continue;
        if (a.value === '') throw new Unsupported('undeclared prefix');
        (scope ??= new Map()).set(a.local, a.value);
        a.uri = 'http://www.w3.org/2000/xmlns/';
      }
    }
    this.scopes.push(scope);
    if (prefixed) {
      for (const a of attrs) {
        if (a.prefix === '' || a.prefix === 'xmlns') continue;
        const uri = this.resolve(a.prefix);
        if (uri === undefined) throw new Unsupported('unbound prefix');
        if (uri !== XSI) throw new Unsupported('foreign namespace attribute');
        for (const other of attrs) if (other !== a && other.uri === uri && other.local === a.local) throw new Unsupported('duplicate expanded attribute');
        a.uri = uri;
      }
    }
    this.open.push(name);
    this.handler.open(name, '', attrs, this.line, this.base + gt + 1 - this.lineStart);
    if (selfClosing) this.close();
  }

  /** `</name>` with optional whitespace before `>`; s[from, gt) is what stands between `</` and `>`. */
  private endTag(s: string, from: number, gt: number): void {
    const expected = this.open[this.open.length - 1];
    if (expected === undefined || !s.startsWith(expected, from)) throw new Unsupported('end tag');
    for (let k = from + expected.length; k < gt; k++) {
      const ch = s.charCodeAt(k);
      if (ch !== 0x20 && ch !== 0x0a && ch !== 0x09 && ch !== 0x0d) throw new Unsupported('end tag');
    }
    this.close();
  }

  private close(): void {
    this.open.pop();
    this.scopes.pop();
    this.handler.close();
    if (this.open.length === 0) this.rootClosed = true;
  }
}
