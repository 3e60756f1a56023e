/**
 * The user list a coordinator hands to a colleague or files (issue 15, exports): who, which roles and classes,
 * access, and where the invitation stands. One pure function for the CSV (safe-CSV via csvDocument) and the printed
 * page, so both always say the same. Only what the console holds about colleagues; nothing about pupils.
 */
import { roleLabel } from './access';
import type { Role } from './access';
import { csvDocument } from './csv';
import { personName } from './names';

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

export const USERS_EXPORT_HEADER = ['Naam', 'E-mailadres', 'Toegang tot applicatie', 'Rollen', 'Klassen', 'Uitnodiging'] as const;

const INVITATION: Record<ExportUser['invitation'], string> = {
  'not-invited': 'niet uitgenodigd',
  queued: 'uitnodiging in wachtrij',
  invited: 'uitgenodigd',
  activated: 'geactiveerd',
};

/** One row per user, in the header's order; dates as YYYY-MM-DD. `className` turns a class key into its name. */
export function userExportRows(users: readonly ExportUser[], className: (key: string) => string): string[][] {
  return users.map((u) => {
    const classes = [...new Set(u.roles.flatMap((r) => (r.role === 'kwaliteitsmedewerker' ? [] : r.classes)))].map(className).sort((a, b) => a.localeCompare(b, 'nl'));
    const hasLocation = u.roles.some((r) => r.role === 'kwaliteitsmedewerker');
    const when = u.invitation === 'activated' ? u.activatedAt : u.invitation === 'invited' ? u.invitedAt : null;
    return [
      personName(u),
      u.email,
      u.access ? 'ja' : 'nee',
      u.roles.map(roleLabel).join(', '),
      [hasLocation ? 'hele locatie' : '', ...classes].filter(Boolean).join(', '),
      when ? `${INVITATION[u.invitation]} op ${when.slice(0, 10)}` : INVITATION[u.invitation],
    ];
  });
}

export function usersCsv(users: readonly ExportUser[], className: (key: string) => string): string {
  return csvDocument(USERS_EXPORT_HEADER, userExportRows(users, className));
}

/** gebruikers-99ZX10-2026-12-02.csv */
export function usersCsvFileName(brin6: string, today: string): string {
  return `gebruikers-${brin6}-${today}.csv`;
}
