/**
 * The one gate every log line passes (main/log/logger.ts): what a coordinator sends to support may say what the
 * console did, never about whom. Removed, each with its own placeholder so support still sees that something was
 * there:
 * - e-mail addresses → [e-mail]
 * - tokens: `Bearer …`, JWTs, long opaque strings (session tokens, ECK iDs, hashes) → [token]
 * - passwords and other secrets written as `key=value` / `key: value` → key=[verborgen]
 * - BSN-like numbers (8 or 9 digits, also 123.45.678 or 1234 56 789) and other long digit runs → [nummer]
 * - quoted text (our Dutch messages quote what a person typed: names, file names) → "[tekst]"
 * - personal names: two or more capitalised words, with tussenvoegsels (Jan de Vries, N. van der Berg) → [naam]
 * - the user's folder in paths (C:\Users\jan.devries\…, /home/jan/…) → [gebruiker]
 * Over-redaction is accepted: a log line that loses a word is better than one that names a pupil.
 */
const TUSSENVOEGSEL = "(?:van|de|der|den|ten|ter|te|het|in|op|['’]t|la|le|du|da|di|von|zu|el|al)";
const NAME_WORD = "\\p{Lu}[\\p{Ll}\\p{Lu}'’.-]*";

const rules: ReadonlyArray<readonly [RegExp, string]> = [
  // Folders named after the Windows/macOS/Linux account (often the person's name).
  [/([A-Za-z]:[\\/](?:Users|Documents and Settings)[\\/])[^\\/\s"']+/gi, '$1[gebruiker]'],
  [/(\/(?:home|Users)\/)[^/\s"']+/g, '$1[gebruiker]'],
  // Not across a slash: `node_modules/@scope/pkg/index.js` in a stack is a path, not an address.
  [/[^\s@"'<>()[\]{},;:/\\]+@[^\s@"'<>()[\]{},;:/\\]+\.[A-Za-z]{2,}/g, '[e-mail]'],
  [/\b(Bearer|Basic)\s+[^\s"']+/gi, '$1 [token]'],
  [/\b(password|passwd|wachtwoord|secret|geheim|token|authorization|cookie|api[-_]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi, '$1$2[verborgen]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[token]'],
  // Long opaque strings with letters and digits mixed (tokens, hashes, ECK iDs); plain words and paths keep.
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g, '[token]'],
  [/\b\d{4}[.\s-]\d{2}[.\s-]\d{3}\b/g, '[nummer]'],
  [/\b\d{3}[.\s-]\d{3}[.\s-]\d{3}\b/g, '[nummer]'],
  [/\b\d{8,}\b/g, '[nummer]'],
  [/"[^"\n]*"|“[^”\n]*”|„[^”“\n]*[”“]|«[^»\n]*»|‘[^’\n]*’/g, '"[tekst]"'],
  [/(^|[\s(=:])'[^'\n]*'/g, '$1"[tekst]"'],
  [new RegExp(`${NAME_WORD}(?:\\s+(?:${TUSSENVOEGSEL}\\s+)*${NAME_WORD})+`, 'gu'), '[naam]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}
