import { describe, expect, it } from 'vitest';
import { USERS_EXPORT_HEADER, userExportRows, usersCsv, usersCsvFileName } from '../../shared/domain/users-export';
import type { ExportUser } from '../../shared/domain/users-export';

const base: ExportUser = {
  voornaam: 'Sanne',
  initialen: 'S.',
  voorvoegsel: 'de',
  achternaam: 'Boer',
  email: 'sanne@school.example',
  access: true,
  roles: [{ role: 'leerlingbegeleider', classes: ['k2', 'k1'] }, { role: 'vakdocent', subject: 'wiskunde', classes: ['k1'] }],
  invitation: 'invited',
  invitedAt: '2026-11-20T09:00:00.000Z',
  activatedAt: null,
};
const names = (key: string) => ({ k1: '1HA', k2: '1HB' })[key] ?? key;

describe('the user list as CSV and on paper', () => {
  it('one row per user and role: the name fields, e-mail, access, the role, its own classes by name (once each), invitation with its date', () => {
    expect(userExportRows([base], names)).toEqual([
      ['Sanne', 'S.', 'de', 'Boer', 'sanne@school.example', 'ja', 'Leerlingbegeleider', '1HA, 1HB', 'uitgenodigd op 2026-11-20'],
      ['Sanne', 'S.', 'de', 'Boer', 'sanne@school.example', 'ja', 'Vakdocent wiskunde', '1HA', 'uitgenodigd op 2026-11-20'],
    ]);
    const kwaliteit = userExportRows([{ ...base, roles: [{ role: 'kwaliteitsmedewerker' }], access: false, invitation: 'not-invited', invitedAt: null }], names);
    // A kwaliteitsmedewerker sees the whole location: no classes in the cell (the CSV import refuses them there).
    expect(kwaliteit).toEqual([['Sanne', 'S.', 'de', 'Boer', 'sanne@school.example', 'nee', 'Kwaliteitsmedewerker', '', 'niet uitgenodigd']]);
    // Without a role: one row, Rol empty.
    expect(userExportRows([{ ...base, roles: [] }], names)).toHaveLength(1);
  });

  it('is safe to open in Excel: a name that starts like a formula stays text; the header is Dutch', () => {
    const csv = usersCsv([{ ...base, voornaam: '=HYPERLINK("x")' }], names);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(USERS_EXPORT_HEADER.join(';'));
    expect(row!.startsWith(`"'=HYPERLINK(""x"")`)).toBe(true);
    expect(usersCsvFileName('99ZX10', '2026-12-02')).toBe('gebruikers-99ZX10-2026-12-02.csv');
  });
});
