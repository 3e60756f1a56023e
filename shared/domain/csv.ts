/**
 * CSV as the console writes it (the log, and every later export): one rule, so no export can forget it.
 *
 * - RFC 4180: a field is quoted when it holds the separator, a quote or a line break; quotes are doubled.
 * - Safe to open in Excel (OWASP "CSV injection"): a field that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return would be read as a formula (`=HYPERLINK(…)` in a colleague's name). It gets a leading apostrophe, which
 *   spreadsheets show as text, and is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string, separator = ';'): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return safe !== value || safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Whole lines: CRLF line ends (what Excel expects), one header row, then the rows. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>, separator = ';'): string {
  const lines = [header, ...rows].map((r) => r.map((v) => csvField(v, separator)).join(separator));
  return `${lines.join('\r\n')}\r\n`;
}
