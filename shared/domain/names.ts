/**
 * A colleague's name as the seed's forms write it: voornaam, voorvoegsel, achternaam ("Johan de Vries"). Shared:
 * main writes it into the audit log and messages, the screens show it; both must say the same.
 */
export function personName(u: { readonly voornaam: string; readonly voorvoegsel: string; readonly achternaam: string }): string {
  return [u.voornaam, u.voorvoegsel, u.achternaam].filter((p) => p.trim() !== '').join(' ');
}

/** "1 klas", "3 klassen": a count with the Dutch singular or plural. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A count as Dutch writes it: "1.954" (thousands with a dot). One helper for main, the CLI and the screens. */
export function dutchNumber(n: number): string {
  return n.toLocaleString('nl-NL');
}
