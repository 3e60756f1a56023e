import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { analyseBytes } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { receiveUpload } from '../../../main/uploads/receive';
import type { CsvImportResult, PickableClass, UserView } from '../../../shared/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { usersCsv } from '../../../shared/domain/users-export';
import { pickUserFields } from '../../../shared/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const trusted = { trusted: true };
const TODAY = new Date('2025-10-01T12:00:00Z');
const A = '99ZX10';

describe('users from a CSV file (users:import-csv)', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let classes: PickableClass[];
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input, trusted);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const importCsv = async (content: string | Uint8Array, mode: 'check' | 'all' | 'valid-only') => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const staged = receiveUpload(services.uploads, true, 'collega.csv', bytes);
    if (!staged.ok) throw new Error(staged.error.message);
    const result = await call<CsvImportResult>('users:import-csv', { brin6: A, uploadId: staged.value.uploadId, mode });
    expect(services.uploads.count()).toBe(0); // always removed
    return result;
  };
  const users = () => call<UserView[]>('users:list', { brin6: A });

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'A', username: '' });
    const a = analyseBytes(Buffer.from(generateEdexml({ pupils: 120, dependancecode: '10' })), { keepModel: true, today: TODAY });
    storePendingImport(services.database!.db, A, a.data!, { sourceName: 'a.xml', summary: {} });
    confirmPendingImport(services.database!.db, A);
    classes = await call<PickableClass[]>('users:list-classes', { brin6: A });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('reads a Dutch Excel file (";" and a BOM), header names in any case and spacing, roles with classes by name or key', async () => {
    const [c1, c2] = classes;
    const text = [
      ' VOORNAAM ;Initialen;Voorvoegsel;Achternaam;E-mail adres;Rol;Klassen;Toegang',
      `Ria;R.;van;Smit;Ria.Smit@School.example;Vakdocent Nederlands;${c1!.naam}, ${c2!.key};`,
      'Jan;;;Jansen;jan@school.example;;;',
      'Piet;P.;;Peters;piet@school.example;kwaliteitsmedewerker;;nee',
      '',
    ].join('\r\n');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(await importCsv(bytes, 'check')).toEqual({ rows: 3, valid: 3, problems: [], imported: 0 });
    expect(await users()).toEqual([]);
    expect(await importCsv(bytes, 'all')).toEqual({ rows: 3, valid: 3, problems: [], imported: 3 });
    const list = await users();
    expect(list.map((u) => [u.voornaam, u.email, u.access, u.roles])).toEqual([
      ['Jan', 'jan@school.example', false, []],
      ['Piet', 'piet@school.example', false, [{ role: 'kwaliteitsmedewerker' }]],
      ['Ria', 'ria.smit@school.example', true, [{ role: 'vakdocent', subject: 'nederlands', classes: [c1!.key, c2!.key].sort() }]],
    ]);
    expect(list.every((u) => u.sync === 'pending' && u.id.startsWith('local-'))).toBe(true);
  });

  it('reads a "," file with quoted values (a quoted line break counts as a line, and is no part of a name)', async () => {
    const text = 'Voornaam,Achternaam,E-mailadres\n"Anna, Maria",Bos,anna@school.example\n"Kees\nJan",Vos,kees@school.example\nLoes,,loes@school.example\n';
    const result = await importCsv(text, 'check');
    expect(result).toEqual({
      rows: 3,
      valid: 1,
      problems: [
        { line: 3, message: 'Kolom Voornaam: De voornaam bevat een onzichtbaar teken; typ de naam opnieuw.' },
        { line: 5, message: 'Kolom Achternaam is leeg. Vul de achternaam in.' },
      ],
      imported: 0,
    });
  });

  it('a cell with a control or invisible character is a bad row with its line and column; the rest is imported', async () => {
    const text = 'Voornaam;Achternaam;E-mailadres\nAnna;Bos;anna@school.example\nKees;Vos\u202e;kees@school.example\nLo\u0000es;Ven;loes@school.example\nPiet;de\u200bJong;piet@school.example\n';
    const result = await importCsv(text, 'valid-only');
    expect(result).toEqual({
      rows: 4,
      valid: 1,
      problems: [
        { line: 3, message: 'Kolom Achternaam: De achternaam bevat een onzichtbaar teken; typ de naam opnieuw.' },
        { line: 4, message: 'Kolom Voornaam: De voornaam bevat een onzichtbaar teken; typ de naam opnieuw.' },
        { line: 5, message: 'Kolom Achternaam: De achternaam bevat een onzichtbaar teken; typ de naam opnieuw.' },
      ],
      imported: 1,
    });
    expect((await users()).map((u) => u.achternaam)).toEqual(['Bos']);
  });

  it('reports every kind of bad row with its line and the column; the three modes', async () => {
    await call('users:add', { brin6: A, user: { voornaam: 'Al', initialen: '', voorvoegsel: '', achternaam: 'Bestaand', email: 'bestaand@school.example' } });
    const text = [
      'Voornaam;Achternaam;E-mailadres;Rol;Klassen;Toegang',
      'Goed;Een;goed1@school.example;;;', // 2
      ';Zonder;leeg@school.example;;;', // 3
      'Slecht;Adres;geen-adres;;;', // 4
      'Dubbel;Een;dubbel@school.example;;;', // 5
      'Dubbel;Twee;DUBBEL@school.example;;;', // 6
      'Al;Bestaand;bestaand@school.example;;;', // 7
      'Rol;Onbekend;rol@school.example;directeur;;', // 8
      `Klas;Onbekend;klas@school.example;leerlingbegeleider;${classes[0]!.naam} GEENKLAS;`, // 9
      'Toegang;Raar;toegang@school.example;;;misschien', // 10
      'Goed;Twee;goed2@school.example;leerlingbegeleider;;ja', // 11
    ].join('\n');
    const checked = await importCsv(text, 'check');
    expect(checked.problems).toEqual([
      { line: 3, message: 'Kolom Voornaam is leeg. Vul de voornaam in.' },
      { line: 4, message: 'Kolom E-mailadres: "geen-adres" is geen geldig e-mailadres. Vul een adres in zoals j.jansen@school.nl.' },
      { line: 6, message: 'Kolom E-mailadres: DUBBEL@school.example staat ook op regel 5, met een andere naam. Eén e-mailadres is één collega: maak de namen gelijk of gebruik een ander adres.' },
      { line: 7, message: 'Kolom E-mailadres: er is al een gebruiker met bestaand@school.example in deze locatie. Haal de regel weg, of pas die gebruiker aan in de lijst.' },
      { line: 8, message: 'Kolom Rol: "directeur" is geen bekende rol. Kies leerlingbegeleider, vakdocent nederlands, vakdocent engels, vakdocent wiskunde of kwaliteitsmedewerker.' },
      { line: 9, message: 'Kolom Klassen: klas "GEENKLAS" staat niet in het bevestigde bestand. Gebruik de naam of sleutel van een klas uit stap 4.' },
      { line: 10, message: 'Kolom Toegang: "misschien" is geen ja of nee. Vul ja of nee in.' },
    ]);
    expect(checked).toMatchObject({ rows: 10, valid: 3, imported: 0 });
    expect(await importCsv(text, 'all')).toMatchObject({ valid: 3, imported: 0 });
    expect(await users()).toHaveLength(1);
    expect(await importCsv(text, 'valid-only')).toMatchObject({ valid: 3, imported: 3 });
    expect((await users()).map((u) => u.email).sort()).toEqual(['bestaand@school.example', 'dubbel@school.example', 'goed1@school.example', 'goed2@school.example']);
    expect((await users()).find((u) => u.email === 'goed2@school.example')).toMatchObject({ access: true, roles: [{ role: 'leerlingbegeleider', classes: [] }] });
  });

  it("round-trips the console's own export: one row per user and role, with initialen and voorvoegsel, read back as the same users", async () => {
    const [c1, c2, c3] = classes;
    const first = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Johannes', initialen: 'J.', voorvoegsel: 'van der', achternaam: 'Berg', email: 'j.berg@school.example' } });
    await call('users:set-roles', {
      brin6: A,
      ids: [first.id],
      mode: 'replace',
      access: true,
      roles: [
        { role: 'leerlingbegeleider', classes: [c1!.key] },
        { role: 'vakdocent', subject: 'wiskunde', classes: [c2!.key, c3!.key] },
      ],
    });
    const second = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Sanne', initialen: '', voorvoegsel: '', achternaam: 'Boer', email: 'sanne@school.example' } });
    await call('users:set-roles', { brin6: A, ids: [second.id], mode: 'replace', access: true, roles: [{ role: 'kwaliteitsmedewerker' }] });
    await call('users:add', { brin6: A, user: { voornaam: 'Jan', initialen: '', voorvoegsel: '', achternaam: 'Zonderrol', email: 'jan@school.example' } });
    const before = await users();
    const names = new Map(classes.map((c) => [c.key, c.naam]));
    const exported = usersCsv(before, (key) => names.get(key) ?? key);
    // The mentor of one class and vakdocent of two others is two rows, each with its own classes.
    const rows = exported.split('\r\n').filter((l) => l.includes('j.berg@school.example'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain([c2!.naam, c3!.naam].sort((a, b) => a.localeCompare(b, 'nl')).join(', '));
    // Read back into a location without these users: the same people, access, roles and classes.
    await call('users:remove', { brin6: A, ids: before.map((u) => u.id) });
    expect(await importCsv(`\ufeff${exported}`, 'all')).toMatchObject({ rows: 4, valid: 3, problems: [], imported: 3 });
    const shape = (list: readonly UserView[]) =>
      list.map((u) => ({ ...pickUserFields(u), access: u.access, roles: u.roles.map((r) => ('classes' in r ? { ...r, classes: [...r.classes].sort() } : r)) })).sort((a, b) => a.email.localeCompare(b.email));
    expect(shape(await users())).toEqual(shape(before));
  });

  it('a missing or misnamed header column is one problem on line 1 that names the expected columns; no header, too many rows', async () => {
    const misnamed = await importCsv('Voornaam;Naam;Email adres\nRia;Smit;ria@school.example\n', 'all');
    expect(misnamed).toMatchObject({ rows: 1, valid: 0, imported: 0 });
    expect(misnamed.problems).toHaveLength(1);
    expect(misnamed.problems[0]!.line).toBe(1);
    expect(misnamed.problems[0]!.message).toContain('De kopregel mist de kolom Achternaam. Onbekende kolom "Naam".');
    expect(misnamed.problems[0]!.message).toContain('Verwacht: Voornaam, Initialen, Voorvoegsel, Achternaam, E-mailadres');
    expect((await importCsv('', 'check')).problems).toEqual([{ line: 1, message: expect.stringContaining('Het bestand heeft geen kopregel.') }]);
    const many = ['Voornaam;Achternaam;E-mailadres', ...Array.from({ length: 5001 }, (_, i) => `A;B;u${i}@school.example`)].join('\n');
    expect(await importCsv(many, 'all')).toEqual({ rows: 5001, valid: 0, imported: 0, problems: [{ line: 1, message: expect.stringContaining('hoogstens 5000') }] });
    expect(await users()).toEqual([]);
  });

  it('reads a Windows-1252 file (not UTF-8) without broken characters', async () => {
    const buf = new Uint8Array([...new TextEncoder().encode('Voornaam;Achternaam;E-mailadres\nZo'), 0xeb /* ë */, 0x3b, 0xd6 /* Ö */, ...new TextEncoder().encode('z;zoe@school.example\n')]);
    expect(await importCsv(buf, 'all')).toMatchObject({ imported: 1, problems: [] });
    expect((await users())[0]).toMatchObject({ voornaam: 'Zoë', achternaam: 'Öz' });
  });
});
