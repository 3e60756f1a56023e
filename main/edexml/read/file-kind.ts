/**
 * What a file that is no XML at all is, by its first bytes, so step 2 can say "dit is een afbeelding" instead of
 * advice about tekensets (a PNG renamed .xml got "exporteer opnieuw als UTF-8"). Only signatures no XML text can
 * start with; null for anything else (then the reader says what is wrong with it as XML).
 */
const SIGNATURES: ReadonlyArray<{ readonly bytes: readonly number[]; readonly label: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], label: 'een afbeelding (PNG)' },
  { bytes: [0xff, 0xd8, 0xff], label: 'een afbeelding (JPEG)' },
  { bytes: [0x47, 0x49, 0x46, 0x38], label: 'een afbeelding (GIF)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], label: 'een PDF-document' },
  // Office Open XML (xlsx, docx) and every other zip.
  { bytes: [0x50, 0x4b, 0x03, 0x04], label: 'een Excel- of Word-bestand (of een zip-archief)' },
  // The old binary Office formats (xls, doc).
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], label: 'een Excel- of Word-bestand (oude indeling)' },
];

export function foreignFileKind(head: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.bytes.length <= head.length && s.bytes.every((b, i) => head[i] === b))?.label ?? null;
}

export function notEdexmlMessage(label: string): string {
  return `Dit is geen EDEXML-bestand: het lijkt ${label}. Kies het EDEXML-bestand (.xml) dat je uit je leerlingadministratie exporteerde.`;
}
