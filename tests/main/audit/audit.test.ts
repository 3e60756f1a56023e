import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { csvField } from '../../../shared/domain/csv';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import type { AuditEntry, UserView } from '../../../shared/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { bridgeCaller, reviewedImportId } from '../../helpers/bridge';
import { analyseBytes } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { generateEdexml } from '../../helpers/generate-edexml';

const trusted = { trusted: true };
const TODAY = new Date('2026-03-04T10:00:00Z');

describe('audit log (audit:list, audit:export-csv)', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call } = bridgeCaller(() => dispatch);
  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: 'beheerder.99zx10' });
    await call('locations:add', { brin6: '99ZX11', name: 'B', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('writes an entry per change, newest first, with the actor; scoped per location; a refused change writes nothing', async () => {
    const user = await call<UserView>('users:add', { brin6: '99ZX10', user: { voornaam: 'Ria', initialen: '', voorvoegsel: 'van', achternaam: 'Smit', email: 'ria@school.example' } });
    await call('users:set-roles', { brin6: '99ZX10', ids: [user.id], access: true, roles: [{ role: 'kwaliteitsmedewerker' }], mode: 'replace' });
    await call('users:invite', { brin6: '99ZX10', ids: [user.id] });
    await call('users:update', { brin6: '99ZX10', id: user.id, user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: 'van', achternaam: 'Smit', email: 'ria@school.example' } });
    await call('users:remove', { brin6: '99ZX10', ids: [user.id] });
    expect((await dispatch('users:add', { brin6: '99ZX10', user: { voornaam: '', initialen: '', voorvoegsel: '', achternaam: 'X', email: 'x@school.example' } }, trusted)).ok).toBe(false);
    await call('users:add', { brin6: '99ZX11', user: { voornaam: 'Bo', initialen: '', voorvoegsel: '', achternaam: 'B', email: 'bo@school.example' } });

    const a = await call<AuditEntry[]>('audit:list', { brin6: '99ZX10' });
    // Who did what when stays; the removed colleague's name and e-mail do not (issue 34): one pseudonym throughout.
    const p = `gebruiker ${user.id.slice(0, 8)}`;
    expect(a.map((e) => [e.actor, e.action, e.summary])).toEqual([
      ['beheerder.99zx10', 'Gebruiker verwijderd', p],
      ['beheerder.99zx10', 'Gebruiker gewijzigd', `${p}: initialen`],
      ['beheerder.99zx10', 'Uitnodiging verstuurd', p],
      ['beheerder.99zx10', 'Rollen gewijzigd', `${p}: Kwaliteitsmedewerker; toegang aan`],
      ['beheerder.99zx10', 'Gebruiker toegevoegd', p],
      ['beheerder.99zx10', 'Locatie toegevoegd', 'A (99ZX10)'],
    ]);
    expect(Date.parse(a[0]!.at)).not.toBeNaN();
    expect((await call<AuditEntry[]>('audit:list', { brin6: '99ZX11' })).map((e) => [e.actor, e.action])).toEqual([
      ['offline', 'Gebruiker toegevoegd'],
      ['offline', 'Locatie toegevoegd'],
    ]);
    expect((await dispatch('audit:list', { brin6: '99ZX12' }, trusted)).ok).toBe(false);
  });

  it('exports ";"-separated CSV with the Dutch header, RFC 4180 quoting, and the file name with BRIN6 and date', async () => {
    await call('users:add', { brin6: '99ZX10', user: { voornaam: 'Jan "Sjaak"', initialen: '', voorvoegsel: '', achternaam: 'Smit; de Wit', email: 'jan@school.example' } });
    const { fileName, csv } = await call<{ fileName: string; csv: string }>('audit:export-csv', { brin6: '99ZX10' });
    expect(fileName).toBe('logboek-99ZX10-2026-03-04.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Tijdstip;Wie;Actie;Omschrijving');
    // Local time with its offset, as on the screen (not UTC's "…T…Z").
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d;beheerder\.99zx10;Gebruiker toegevoegd;"Jan ""Sjaak"" Smit; de Wit \(jan@school\.example\)"$/);
    expect(lines[2]).toMatch(/;beheerder\.99zx10;Locatie toegevoegd;A \(99ZX10\)$/);
    expect(lines).toHaveLength(4);
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('gewoon')).toBe('gewoon');
    // A colleague whose name is a formula: the cell starts with an apostrophe, so Excel shows it as text.
    await call('users:add', { brin6: '99ZX10', user: { voornaam: '=HYPERLINK("http://evil.example","klik")', initialen: '', voorvoegsel: '', achternaam: 'X', email: 'x@school.example' } });
    const withFormula = (await call<{ csv: string }>('audit:export-csv', { brin6: '99ZX10' })).csv.split('\r\n')[1]!;
    expect(withFormula).toMatch(/;Gebruiker toegevoegd;"'=HYPERLINK\(""http:\/\/evil\.example"",""klik""\) X \(x@school\.example\)"$/);
    expect(withFormula.split(';').some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
    expect((await call<{ csv: string }>('audit:export-csv', { brin6: '99ZX11' })).csv).toMatch(/^Tijdstip;Wie;Actie;Omschrijving\r\n[^\r\n]+;offline;Locatie toegevoegd;B \(99ZX11\)\r\n$/);
  });

  it('logs confirming and discarding an import, and changes to the school-year plan', async () => {
    const db = services.database!.db;
    const data = analyseBytes(Buffer.from(generateEdexml({ pupils: 30, schooljaar: '2025-2026' })), { keepModel: true, today: TODAY }).data!;
    storePendingImport(db, '99ZX10', data, { sourceName: 'school.xml', summary: { counts: { groepen: 2, samengestelde_groepen: 0, leerlingen: 30, leerkrachten: 0 } } });
    await call('import:confirm', { brin6: '99ZX10', importId: await reviewedImportId(call, '99ZX10') });
    storePendingImport(db, '99ZX10', data, { sourceName: 'tweede.xml' });
    await call('import:discard', { brin6: '99ZX10' });
    await call('plan:save-task', { brin6: '99ZX10', schooljaar: '2025-2026', task: { title: 'Toetsweek plannen', ownerRole: 'coordinator', due: null, done: false, note: '' } });
    const actions = (await call<AuditEntry[]>('audit:list', { brin6: '99ZX10' })).map((e) => [e.action, e.summary]);
    expect(actions.slice(0, 3)).toEqual([
      ['Taak toegevoegd aan jaarplan', '2025-2026: Toetsweek plannen'],
      ['Ingelezen bestand verworpen', 'tweede.xml'],
      ['Schoolgegevens bevestigd', 'school.xml: schooljaar 2025-2026, 30 leerlingen, 1 klas; eerste import'],
    ]);
  });
});
