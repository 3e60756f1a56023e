import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { AuditEntry, ImportDiff, UserView } from '../../../shared/bridge';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { stillReadable } from '../../helpers/data-folder';

const TODAY = new Date('2026-10-01T12:00:00Z');
const A = '99ZX10';

const stillThere = stillReadable;

const eckids = (xml: string) => [...xml.matchAll(/eckid="([^"]+)"/g)].map((m) => m[1]!);

/**
 * Issue 34, point 1: deleted is gone — from the files, not only from the queries. Real SQLite files in a temp folder,
 * every file of the data folder read as bytes after each removal (what `strings` over the folder would show).
 */
describe('deleted pupil and colleague data is gone from the data folder', () => {
  let dir: string;
  let dataDir: string;
  let services: Services;
  const { call } = bridgeCaller(() => createDispatcher(services.handlers));
  const importAndConfirm = async (xml: string, name: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(xml));
    if (!staged.ok) throw new Error(staged.error.message);
    await call('import:start', { brin6: A, uploadId: staged.value.uploadId });
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    await call('import:confirm', { brin6: A, importId: diff.importId, ...(diff.guard.needed ? { acknowledge: diff.guard.confirmText! } : {}) });
  };

  beforeEach(async () => {
    dir = makeTempDir();
    dataDir = path.join(dir, 'data');
    // Unencrypted on purpose: with encryption on (the default) nothing is readable at all (encryption.test.ts); here
    // the bytes must show that what was deleted is gone even from a plain file.
    services = createServices({ dataDir, mode: 'browser', version: '1.0.0', today: () => TODAY, databaseKeys: null });
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('"Locatie verwijderd": none of its 200 pupils\' eck-ids, keys or names stay in the database, its WAL or the logs', async () => {
    const xml = generateEdexml({ pupils: 200, seed: 5, schooljaar: '2026-2027' });
    await importAndConfirm(xml, 'school.xml');
    const names = [...xml.matchAll(/<achternaam>([^<]{6,})<\/achternaam>/g)].map((m) => m[1]!).slice(0, 40);
    const traces = [...eckids(xml), ...names];
    expect(stillThere(dataDir, traces).length).toBeGreaterThan(150); // there, before
    await call('locations:remove', { brin6: A });
    expect(stillThere(dataDir, traces)).toEqual([]);
  });

  it('imports past their retention ("gegevens niet meer bewaard"): the pupils only they had are gone from the files', async () => {
    const first = generateEdexml({ pupils: 250, seed: 1, schooljaar: '2026-2027' });
    await importAndConfirm(first, 'eerste.xml');
    // Pupils 200–249 are only in the first file; five later files keep 200 each.
    const onlyFirst = eckids(first).slice(200);
    expect(onlyFirst).toHaveLength(50);
    for (let n = 2; n <= 6; n++) await importAndConfirm(generateEdexml({ pupils: 200, seed: n, schooljaar: '2026-2027' }), `import-${n}.xml`);
    const history = await call<Array<{ file: string; restorable: boolean; current: boolean }>>('import:list-history', { brin6: A });
    expect(history.find((h) => h.file === 'eerste.xml')).toMatchObject({ restorable: false });
    expect(stillThere(dataDir, onlyFirst)).toEqual([]);
  });

  it('a removed colleague: name and e-mail leave the database, the WAL and the log; the log keeps a pseudonym', async () => {
    const user = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Xandrijn', initialen: 'X.', voorvoegsel: '', achternaam: 'Zwartveldt', email: 'x.zwartveldt@lyceum.example' } });
    await call('users:set-roles', { brin6: A, ids: [user.id], access: true, roles: [{ role: 'kwaliteitsmedewerker' }], mode: 'replace' });
    const traces = ['Zwartveldt', 'x.zwartveldt@lyceum.example'];
    expect(stillThere(dataDir, traces)).toEqual(traces);
    await call('users:remove', { brin6: A, ids: [user.id] });
    expect(stillThere(dataDir, traces)).toEqual([]);
    const log = await call<AuditEntry[]>('audit:list', { brin6: A });
    expect(log.filter((e) => e.summary.includes(`gebruiker ${user.id.slice(0, 8)}`)).map((e) => e.action)).toEqual(['Gebruiker verwijderd', 'Rollen gewijzigd', 'Gebruiker toegevoegd']);
  });
});

describe('every connection zeroes what it frees; a database from before gives its free pages back', () => {
  it('secure_delete on; an older file without auto_vacuum is converted once (VACUUM) on open', async () => {
    const { openDatabase } = await import('../../../main/db/database');
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'beheerconsole.sqlite');
      const first = openDatabase(file);
      expect(first.db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(first.db.pragma('secure_delete', { simple: true })).toBe(1);
      // As a file made before issue 34: no auto_vacuum.
      first.db.pragma('auto_vacuum = NONE');
      first.db.exec('VACUUM');
      expect(first.db.pragma('auto_vacuum', { simple: true })).toBe(0);
      first.db.close();
      const again = openDatabase(file);
      expect(again.db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(again.db.pragma('secure_delete', { simple: true })).toBe(1);
      again.db.close();
    } finally {
      removeTempDir(dir);
    }
  });
});
