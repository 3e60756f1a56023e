import { SaxesParser } from 'saxes';
import type { Finding } from '../../../shared/edexml/findings';
import { detectEncoding, firstInvalidUtf8 } from './decode';
import type { Encoding } from './decode';
import { StrictUtf8Decoder } from './utf8';
import { FastScanner, Unsupported } from './fast-scanner';
import { NO_ATTRS } from './types';
import type { Attr, XmlHandler } from './types';

export type { Attr, XmlHandler } from './types';

export interface ReadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** Thrown inside the read to stop at the first fatal problem; carries the finding. */
export class ReadAbort extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

function fatal(code: string, line: number, column: number, message: string): ReadAbort {
  return new ReadAbort({ severity: 'error', code, line, column, message });
}

const NOT_XML =
  'Dit is geen EDEXML-bestand: het is geen XML. Kies het EDEXML-exportbestand (.xml) uit je leerlingadministratie, niet bijvoorbeeld een Excel- of PDF-bestand.';

/**
 * Streams EDEXML bytes through a conformant XML parser (saxes) into `handler`, chunk by chunk, so a 50 MB file never
 * sits in memory as one string. Stops at the first fatal problem with a Dutch finding (thrown as ReadAbort):
 * unknown or wrong encoding, a DOCTYPE (entity expansion is never allowed), not well-formed, truncated.
 */
export class EdexmlReader {
  private parser: SaxesParser<{ xmlns: true; position: true }>;
  private decoder: { decode(bytes: Uint8Array, options?: { stream?: boolean }): string } | null = null;
  private encoding: Encoding | null = null;
  private head: Uint8Array = new Uint8Array(0);
  private bytesSeen = 0;
  private sawElement = false;
  private sawNonWhitespace = false;
  private pendingError: ReadAbort | null = null;

  /** `fast`: the narrow scanner (throws Unsupported for anything unusual); `full`: saxes, for everything. */
  private readonly fast: FastScanner | null;

  constructor(
    private readonly handler: XmlHandler,
    mode: 'fast' | 'full' = 'full',
  ) {
    this.fast = mode === 'fast' ? new FastScanner(handler) : null;
    this.parser = new SaxesParser({ xmlns: true, position: true });
    const p = this.parser;
    p.on('doctype', () => {
      throw fatal('xml.doctype', p.line, p.column,
        `Regel ${p.line}: het bestand bevat een DOCTYPE-declaratie. EDEXML gebruikt die nooit en de console leest zulke bestanden niet (ze kunnen verborgen verwijzingen bevatten). Exporteer het bestand opnieuw uit je leerlingadministratie.`);
    });
    p.on('opentag', (tag) => {
      this.sawElement = true;
      let attrs: Attr[] = NO_ATTRS;
      for (const key in tag.attributes) {
        const a = tag.attributes[key]!;
        if (attrs === NO_ATTRS) attrs = [];
        attrs.push({ local: a.local, uri: a.uri, prefix: a.prefix, value: a.value });
      }
      this.handler.open(tag.local, tag.uri, attrs, p.line, p.column);
    });
    p.on('text', (text) => this.handler.text(text));
    p.on('cdata', (text) => this.handler.text(text));
    p.on('closetag', () => this.handler.close());
    p.on('error', (error) => {
      // libxml2 accepts xmlns:p="" (XML 1.1 style) with a non-fatal namespace warning; so do we, to agree with it.
      if (error.message.includes('undefine prefix')) return;
      throw this.describe(error.message);
    });
  }

  private describe(raw: string): ReadAbort {
    const line = this.parser.line;
    const column = this.parser.column;
    const message = raw.replace(/^[^:]*:\d+:\d+: /, '');
    if (!this.sawElement && !this.sawNonWhitespace) return fatal('xml.empty', line, column, 'Het bestand is leeg. Exporteer het EDEXML-bestand opnieuw uit je leerlingadministratie.');
    if (!this.sawElement && /text data outside of root node|non-whitespace/i.test(message)) return fatal('xml.not-xml', line, column, NOT_XML);
    if (/unclosed tag|unexpected end|document must contain a root/i.test(message)) {
      return fatal('xml.truncated', line, column,
        `Regel ${line}: het bestand houdt halverwege op (niet alle elementen zijn afgesloten). Het is waarschijnlijk niet volledig gedownload of gekopieerd. Exporteer of download het opnieuw.`);
    }
    if (/disallowed character|invalid character/i.test(message) && !this.sawElement) return fatal('xml.not-xml', line, column, NOT_XML);
    return fatal('xml.not-well-formed', line, column,
      `Regel ${line}, kolom ${column}: het bestand is geen geldige XML (${message}). Het is waarschijnlijk beschadigd of met de hand aangepast. Exporteer het opnieuw uit je leerlingadministratie.`);
  }

  /** Feed the next bytes. Throws ReadAbort on the first fatal problem. */
  write(chunk: Uint8Array): void {
    if (this.pendingError) throw this.pendingError;
    if (!this.decoder) {
      this.head = concat(this.head, chunk);
      if (this.head.length < 256 && chunk.length > 0) return; // wait for enough bytes to see the declaration
      this.start(this.head);
      return;
    }
    this.decodeAndParse(chunk, false);
  }

  private start(bytes: Uint8Array): void {
    const detected = detectEncoding(bytes);
    if (!detected.ok) {
      throw fatal('xml.encoding', 1, 1,
        `Het bestand zegt dat het in tekenset "${detected.declared}" staat; die kan de console niet lezen. Exporteer het als UTF-8.`);
    }
    this.encoding = detected.encoding;
    this.decoder =
      detected.encoding === 'utf-8' ? new StrictUtf8Decoder() : new TextDecoder(detected.encoding, { fatal: true, ignoreBOM: true });
    this.head = new Uint8Array(0);
    this.decodeAndParse(bytes.subarray(detected.bomLength), false);
  }

  private decodeAndParse(bytes: Uint8Array, last: boolean): void {
    if (this.fast) {
      if (this.encoding !== 'utf-8') throw new Unsupported('not UTF-8');
      if (!this.sawNonWhitespace && bytes.length > 0) {
        const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
        if (/[^\s]/.test(head)) {
          this.sawNonWhitespace = true;
          if (!/^\s*</.test(head)) throw new Unsupported('not XML');
        } else if (bytes.length > 64) throw new Unsupported('leading whitespace');
      }
      this.bytesSeen += bytes.length;
      if (bytes.length > 0) this.fast.write(bytes);
      return;
    }
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: !last });
    } catch {
      const offset = this.encoding === 'utf-8' ? firstInvalidUtf8(bytes) : -1;
      const line = this.parser.line + countNewlines(bytes, offset < 0 ? 0 : offset);
      throw fatal('xml.encoding', line, 0,
        `Regel ${line}${offset >= 0 ? ` (byte ${this.bytesSeen + offset})` : ''}: het bestand bevat tekens die geen geldige ${this.encoding === 'utf-8' ? 'UTF-8' : this.encoding} zijn. Vaak is het bestand in een andere tekenset opgeslagen dan erin staat. Exporteer het opnieuw als UTF-8.`);
    }
    this.bytesSeen += bytes.length;
    if (!this.sawNonWhitespace && /[^\s]/.test(text)) {
      this.sawNonWhitespace = true;
      if (!this.sawElement && !/^\s*</.test(text)) throw fatal('xml.not-xml', 1, 1, NOT_XML);
    }
    if (text.length > 0) this.parser.write(text);
  }

  /** End of input: finishes the parse (a missing end tag is reported here). */
  end(): void {
    if (!this.decoder) this.start(this.head);
    this.decodeAndParse(new Uint8Array(0), true);
    if (!this.sawNonWhitespace) throw fatal('xml.empty', 1, 1, 'Het bestand is leeg. Exporteer het EDEXML-bestand opnieuw uit je leerlingadministratie.');
    if (this.fast) this.fast.end();
    else this.parser.close();
  }

  get encodingUsed(): Encoding | null {
    return this.encoding;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}
