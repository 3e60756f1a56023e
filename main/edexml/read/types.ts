/** An attribute as the readers hand it on: namespace-resolved. */
export interface Attr {
  local: string;
  uri: string;
  prefix: string;
  value: string;
}

/** Shared by every element without attributes (most of them): no allocation. */
export const NO_ATTRS: Attr[] = [];

/** What a reader hands on, in document order. Line/column are where the start tag ends (as libxml2 counts). */
export interface XmlHandler {
  open(name: string, uri: string, attrs: readonly Attr[], line: number, column: number): void;
  text(text: string): void;
  close(): void;
  /** False when whitespace-only text here means nothing (between elements); lets the fast scanner skip it. */
  needsBlankText?(): boolean;
}
