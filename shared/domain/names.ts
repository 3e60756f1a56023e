/**
 * A colleague's name as the seed's forms write it: voornaam, voorvoegsel, achternaam ("Johan de Vries"). Shared:
 * main writes it into the audit log and messages, the screens show it; both must say the same.
 */
export function personName(u: { readonly voornaam: string; readonly voorvoegsel: string; readonly achternaam: string }): string {
  return [u.voornaam, u.voorvoegsel, u.achternaam].filter((p) => p.trim() !== '').join(' ');
}
