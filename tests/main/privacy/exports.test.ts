import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { AuditEntry } from '../../../shared/bridge';
import { bridgeCaller, reviewedImportId } from '../../helpers/bridge';
import { runCliHere } from '../../helpers/cli';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const TODAY = new Date('2026-10-01T12:00:00Z');
const A = '99ZX10';

/** Issue 34, point 4: every export of pupil or user data is in the log — what, how many, the file's name. */
describe('exports of pupil and user data are on record', () => {
  let dir: string;
  let services: Services;
  const { call } = bridgeCaller(() => createDispatcher(services.handlers));
  const exports = async () => (await call<AuditEntry[]>('audit:list', { brin6: A })).filter((e) => e.action === 'Gegevens geëxporteerd').map((e) => e.summary);
  const stage = async (xml: string, name: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(xml));
    if (!staged.ok) throw new Error(staged.error.message);
    await call('import:start', { brin6: A, uploadId: staged.value.uploadId });
  };

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('the users CSV, the diff CSV and the log CSV, each with its count and file name', async () => {
    await stage(generateEdexml({ pupils: 60, seed: 1, schooljaar: '2026-2027' }), 'a.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    await call('users:add', { brin6: A, user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email: 'ria@school.example' } });
    await stage(generateEdexml({ pupils: 65, seed: 1, schooljaar: '2026-2027' }), 'b.xml');

    const users = await call<{ fileName: string; csv: string }>('users:export-csv', { brin6: A });
    expect(users.fileName).toBe('gebruikers-99ZX10-2026-10-01.csv');
    expect(users.csv).toContain('Ria;R.;;Smit;ria@school.example');
    await call('import:export-diff', { brin6: A });
    await call('audit:export-csv', { brin6: A });
    expect(await exports()).toEqual([
      expect.stringMatching(/^Logboek \(CSV\): \d+ regels → logboek-99ZX10-2026-10-01\.csv$/),
      expect.stringMatching(/^Verschillen van het ingelezen bestand \(CSV, met leerlingnamen\): 5 regels → verschillen-99ZX10-.+\.csv$/),
      'Gebruikerslijst (CSV): 1 gebruiker → gebruikers-99ZX10-2026-10-01.csv',
    ]);
  });

  it('the command line\'s export of the confirmed data: the file name only, never its folder', async () => {
    await stage(generateEdexml({ pupils: 40, seed: 2, schooljaar: '2026-2027' }), 'a.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    services.close();
    const file = path.join(dir, 'uit', 'export.xml');
    fs.mkdirSync(path.dirname(file));
    expect((await runCliHere(['export', file, '--brin6', A, '--data-dir', dir])).status).toBe(0);
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    expect(await exports()).toEqual(['Bevestigde schoolgegevens (EDEXML 2.1): 40 leerlingen → export.xml']);
  });
});
