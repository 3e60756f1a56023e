/**
 * The user list a coordinator hands to a colleague or files (issue 15, exports): who, which roles and classes,
 * access, and where the invitation stands. One pure function for the CSV (safe-CSV via csvDocument) and the printed
 * page, so both always say the same. Only what the console holds about colleagues; nothing about pupils.
 */
import { roleLabel } from './access';
import type { Role } from './access';
import { csvDocument } from './csv';

export interface ExportUser {
  readonly voornaam: string;
  readonly initialen: string;
  readonly voorvoegsel: string;
  readonly achternaam: string;
  readonly email: string;
  readonly access: boolean;
  readonly roles: readonly Role[];
  readonly invitation: 'not-invited' | 'queued' | 'invited' | 'activated';
  readonly invitedAt: string | null;
  readonly activatedAt: string | null;
}

/**
 * The columns, named as the CSV import of step 6 reads them (main/users/csv.ts), so an exported list goes back in as
 * it is: one row per user and role, with that role's own classes (a colleague who is mentor of 3BA and vakdocent
 * wiskunde of 4HA is two rows, never "mentor of 3BA, 4HA"). Uitnodiging is for people; the import passes it by.
 */
export const USERS_EXPORT_HEADER = ['Voornaam', 'Initialen', 'Voorvoegsel', 'Achternaam', 'E-mailadres', 'Toegang', 'Rol', 'Klassen', 'Uitnodiging'] as const;

const INVITATION: Record<ExportUser['invitation'], string> = {
  'not-invited': 'niet uitgenodigd',
  queued: 'uitnodiging in wachtrij',
  invited: 'uitgenodigd',
  activated: 'geactiveerd',
};

/**
 * One row per user and role (a user without a role: one row, Rol empty), in the header's order; the classes of that
 * role by name, sorted (a kwaliteitsmedewerker's empty: the role sees the whole location); dates as YYYY-MM-DD.
 * `className` turns a class key into its name.
 */
export function userExportRows(users: readonly ExportUser[], className: (key: string) => string): string[][] {
  return users.flatMap((u) => {
    const when = u.invitation === 'activated' ? u.activatedAt : u.invitation === 'invited' ? u.invitedAt : null;
    const person = [u.voornaam, u.initialen, u.voorvoegsel, u.achternaam, u.email, u.access ? 'ja' : 'nee'];
    const invitation = when ? `${INVITATION[u.invitation]} op ${when.slice(0, 10)}` : INVITATION[u.invitation];
    if (u.roles.length === 0) return [[...person, '', '', invitation]];
    return u.roles.map((r) => {
      const classes = r.role === 'kwaliteitsmedewerker' ? [] : [...new Set(r.classes)].map(className).sort((a, b) => a.localeCompare(b, 'nl'));
      return [...person, roleLabel(r), classes.join(', '), invitation];
    });
  });
}

export function usersCsv(users: readonly ExportUser[], className: (key: string) => string): string {
  return csvDocument(USERS_EXPORT_HEADER, userExportRows(users, className));
}

/** gebruikers-99ZX10-2026-12-02.csv */
export function usersCsvFileName(brin6: string, today: string): string {
  return `gebruikers-${brin6}-${today}.csv`;
}
