import { z } from 'zod';

/**
 * One rule for every free-text field that crosses the bridge or the API (names, e-mail addresses, location names,
 * labels, notes, the Numo registration, CSV cells, plan tasks). Part of the contract: the console and the reference
 * server validate with the same schemas, so what one refuses the other refuses too.
 *
 * - Unicode NFC, so "é" typed on a Mac and "é" pasted from Windows are the same name;
 * - surrounding white space trimmed;
 * - no C0 or C1 control characters (NUL, BEL, ESC, TAB, CR, LF, DEL, U+0080–U+009F), no bidirectional marks,
 *   embeddings, overrides or isolates (a right-to-left override turns "gpj.exe" into "exe.jpg"), no zero-width or
 *   other invisible format characters, no lone surrogate halves: none of them belongs in a name, and each makes two
 *   names that look the same compare different (or one name look like another).
 */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x001f], // C0 controls: NUL, BEL, TAB, LF, CR, ESC…
  [0x007f, 0x009f], // DEL and the C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // arabic letter mark
  [0x115f, 0x1160], // hangul fillers
  [0x17b4, 0x17b5], // khmer invisible vowels
  [0x180b, 0x180f], // mongolian variation selectors and vowel separator
  [0x200b, 0x200f], // zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
  [0x2028, 0x202e], // line and paragraph separators; bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates, deprecated format characters
  [0x3164, 0x3164], // hangul filler
  [0xd800, 0xdfff], // a surrogate half on its own (a well-formed pair is one code point above 0xFFFF)
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space (byte order mark)
  [0xffa0, 0xffa0], // halfwidth hangul filler
  [0xfff0, 0xfffb], // interlinear annotation and other specials
  [0x1d173, 0x1d17a], // musical formatting
  [0xe0000, 0xe0fff], // tags and variation selectors supplement
];

/** The first forbidden character in `value` (its index and code point), or null when the text is clean. */
export function findInvisible(value: string): { readonly index: number; readonly codePoint: number } | null {
  let index = 0;
  for (const char of value) {
    const codePoint = char.codePointAt(0)!;
    if (INVISIBLE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to)) return { index, codePoint };
    index += char.length;
  }
  return null;
}

/** What every free text becomes before it is checked or stored: NFC, without surrounding white space. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim();
}

/** Clean after normalising: the test every field of the rule applies. */
export function isCleanText(value: string): boolean {
  return findInvisible(normalizeText(value)) === null;
}

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

export interface FreeTextOptions {
  /** The field as a Dutch sentence names it: "de achternaam", "de omschrijving". */
  readonly field: string;
  readonly max: number;
  /** When given, the field may not be empty, with this Dutch message ("Vul de achternaam in."). */
  readonly required?: string;
  /** What to type again, for the invisible-character message: "de naam" (default "het"). */
  readonly retype?: string;
}

/**
 * The zod schema of one free-text field: normalised (NFC, trimmed), then refused in Dutch, naming the field, when it
 * holds an invisible or control character, is empty while required, or is too long. No default: an absent value stays
 * absent (a patch of other fields never invents this one).
 */
export function freeText(options: FreeTextOptions) {
  let schema = cleanString(options.field, options.retype);
  if (options.required !== undefined) schema = schema.min(1, { message: options.required });
  return schema.max(options.max, { message: `${capital(options.field)} is te lang (meer dan ${options.max} tekens).` });
}

/** An e-mail address under the same rule, lower-cased (one address per colleague, whatever the capitals). */
export function emailText(options: { readonly field?: string; readonly max?: number } = {}) {
  const field = options.field ?? 'het e-mailadres';
  const max = options.max ?? 256;
  return cleanString(field, 'het adres')
    .toLowerCase()
    .max(max, { message: `${capital(field)} is te lang (meer dan ${max} tekens).` })
    .regex(z.regexes.email, { message: 'Vul een geldig e-mailadres in, bijvoorbeeld j.jansen@school.nl.' });
}

function cleanString(field: string, retype = 'het') {
  return z
    .string()
    .normalize('NFC')
    .trim()
    .refine((v) => findInvisible(v) === null, { message: `${capital(field)} bevat een onzichtbaar teken; typ ${retype} opnieuw.` });
}
