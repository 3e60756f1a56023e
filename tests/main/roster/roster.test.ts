import { rosterFetchedAt } from '../../../main/roster/store';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { ImportOutcome, LocationOverview, Roster, RosterPupil, SyncStatus } from '../../../shared/bridge';
import { ACCOUNT_A, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { bridgeCaller, reviewedImportId } from '../../helpers/bridge';

const trusted = { trusted: true };
const EXAMPLE = path.resolve(import.meta.dirname, '../../../../shared/edexml/examples/EDEXML.Voorbeeld.2.1.xml');
const ACCOUNT_Z = { brin6: '99ZZ00', username: 'beheerder.99zz00', password: 'demo-wachtwoord-00' };
/** The official example is of school year 2014-2015. */
const TODAY = new Date('2014-10-01T12:00:00Z');

/**
 * Steps 4 and 5 against the real reference server: sign in, import, confirm, sync; the service's classes and pupils
 * come back and are compared per class. Location A (the official example, 99ZZ00) and B (generated, 99ZX10) never
 * see each other's rows.
 */
describe('roster: the service’s classes and pupils against the confirmed import', () => {
  let dir: string;
  let accountsDir: string;
  let api: RunningApi;
  let services: Services;
  let dispatch: Dispatch;
  const { call } = bridgeCaller(() => dispatch);
  const importText = async (brin6: string, text: string) => {
    const staged = receiveUpload(services.uploads, true, `${brin6}.xml`, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call<ImportOutcome>('import:start', { brin6, uploadId: staged.value.uploadId });
  };
  const fetchedAt = (brin6: string) => rosterFetchedAt(services.database!.db, brin6);
  const serverDb = () => new Database(path.join(api.dataDir, 'reference-api.sqlite'));

  beforeAll(async () => {
    accountsDir = makeTempDir();
    const accounts = path.join(accountsDir, 'accounts.json');
    fs.writeFileSync(accounts, JSON.stringify([{ ...ACCOUNT_Z, brin6: [ACCOUNT_Z.brin6] }, { ...ACCOUNT_A, brin6: [ACCOUNT_A.brin6] }]));
    api = await startApi(['--accounts', accounts]);
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
  }, 30_000);
  afterAll(async () => {
    services.close();
    await api.stop();
    removeTempDir(dir);
    removeTempDir(accountsDir);
  });

  it('fetches the roster once the confirmed import is delivered: every class complete, all steps done', async () => {
    await call('locations:add', { brin6: ACCOUNT_Z.brin6, name: 'Voorbeeldschool', username: '' });
    expect((await call<Roster>('roster:get-classes', { brin6: '99ZZ00' })).classes).toEqual([]);
    await call('sync:sign-in', ACCOUNT_Z);
    expect(await call('locations:list-all')).toEqual([{ brin6: '99ZZ00', name: 'Voorbeeldschool', username: ACCOUNT_Z.username }]);
    let progress = await call<LocationOverview>('locations:get-progress', { brin6: '99ZZ00' });
    expect(progress.steps[0]).toMatchObject({ state: 'done' });

    expect(await importText('99ZZ00', fs.readFileSync(EXAMPLE, 'utf8'))).toMatchObject({ kind: 'stored' });
    await call('import:confirm', { brin6: '99ZZ00', importId: await reviewedImportId(call, '99ZZ00') });
    await call<SyncStatus>('sync:sync-now', { brin6: '99ZZ00' });

    const roster = await call<Roster>('roster:get-classes', { brin6: '99ZZ00' });
    expect(roster).toMatchObject({ brin6: '99ZZ00', hasConfirmedImport: true, fetchedAt: expect.any(String) });
    expect(roster.classes.length).toBeGreaterThanOrEqual(5);
    expect(roster.classes.every((c) => c.status === 'ok' && c.missing === 0 && c.extra === 0)).toBe(true);
    expect(roster.classes.find((c) => c.key === 'GRP4B')).toMatchObject({ inImport: 1, atService: 1, samengesteld: false });
    expect(roster.classes.find((c) => c.key === 'sg1')).toMatchObject({ samengesteld: true, inImport: expect.any(Number) });
    expect(roster.totals).toMatchObject({ mismatched: 0, pupilsInImport: 3, pupilsAtService: 3 });

    progress = await call<LocationOverview>('locations:get-progress', { brin6: '99ZZ00' });
    expect(progress.steps.slice(0, 5).map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(progress.warnings).toEqual([]);

    // A background round (not asked for, nothing delivered since) does not download the roster again; an explicit one does.
    const first = fetchedAt('99ZZ00');
    await services.sync!.syncNow();
    expect(fetchedAt('99ZZ00')).toBe(first);
    await call('sync:sync-now', { brin6: '99ZZ00' });
    expect(fetchedAt('99ZZ00')! > first!).toBe(true);
  }, 60_000);

  it('shows missing and extra pupils per class, and lists and searches them', async () => {
    const db = services.database!.db;
    db.prepare("DELETE FROM remote_pupils WHERE brin6 = '99ZZ00' AND key = '00001'").run();
    let roster = await call<Roster>('roster:get-classes', { brin6: '99ZZ00' });
    expect(roster.classes.find((c) => c.key === 'GRP4B')).toMatchObject({ inImport: 1, atService: 1, missing: 1, extra: 0, status: 'mismatch' });
    expect(roster.totals.mismatched).toBe(1);
    expect(await call<RosterPupil[]>('roster:get-class-pupils', { brin6: '99ZZ00', classKey: 'GRP4B' })).toEqual([
      { key: '00001', name: 'Wimpie', groep: 'GRP4B', groepNaam: expect.any(String), status: 'missing' },
    ]);
    expect((await call<LocationOverview>('locations:get-progress', { brin6: '99ZZ00' })).steps[4]).toMatchObject({ state: 'attention', note: '1 klas wijkt af van het bevestigde bestand.' });

    // The service moves the pupil to another class: after an explicit sync the old class misses it, the new one has one extra.
    const server = serverDb();
    server.prepare("UPDATE pupils SET groep = 'GRP4A' WHERE brin6 = '99ZZ00' AND key = '00001'").run();
    server.prepare("UPDATE classes SET leerlingen = leerlingen + 1 WHERE brin6 = '99ZZ00' AND key = 'GRP4A'").run();
    server.prepare("UPDATE classes SET leerlingen = leerlingen - 1 WHERE brin6 = '99ZZ00' AND key = 'GRP4B'").run();
    server.close();
    await call('sync:sync-now', { brin6: '99ZZ00' });
    roster = await call<Roster>('roster:get-classes', { brin6: '99ZZ00' });
    expect(roster.classes.find((c) => c.key === 'GRP4B')).toMatchObject({ inImport: 1, atService: 0, missing: 1, extra: 0, status: 'mismatch' });
    expect(roster.classes.find((c) => c.key === 'GRP4A')).toMatchObject({ extra: 1, status: 'mismatch' });
    expect(await call<RosterPupil[]>('roster:get-class-pupils', { brin6: '99ZZ00', classKey: 'GRP4A' })).toContainEqual(
      expect.objectContaining({ key: '00001', status: 'extra', groep: 'GRP4A' }),
    );

    expect(await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZZ00', query: 'wimp' })).toEqual([
      expect.objectContaining({ key: '00001', name: 'Wimpie', status: 'missing' }),
    ]);
    expect(await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZZ00', query: "VAN 't hof" })).toEqual([
      expect.objectContaining({ key: '12345', name: "Gradje van 't Hof" }),
    ]);
    expect(await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZZ00', query: '%' })).toEqual([]);
    expect(await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZZ00', query: '0000' })).toHaveLength(2);
    expect(await dispatch('roster:search-pupils', { brin6: '99ZZ00', query: '  ' }, trusted)).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['query'], message: expect.stringContaining('Typ een naam of leerlingsleutel.') }] },
    });
  }, 60_000);

  it('keeps each location to its own data, and the old roster when the service cannot be reached', async () => {
    await call('locations:add', { brin6: ACCOUNT_A.brin6, name: 'Het Lyceum', username: '' });
    await call('sync:sign-in', ACCOUNT_A);
    expect(await importText('99ZX10', generateEdexml({ pupils: 400, schooljaar: '2014-2015' }))).toMatchObject({ kind: 'stored' });
    await call('import:confirm', { brin6: '99ZX10', importId: await reviewedImportId(call, '99ZX10') });
    await call('sync:sync-now', { brin6: '99ZX10' });
    const b = await call<Roster>('roster:get-classes', { brin6: '99ZX10' });
    expect(b.totals).toMatchObject({ mismatched: 0, pupilsInImport: 400, pupilsAtService: 400 });
    expect(b.classes.every((c) => c.status === 'ok')).toBe(true);
    expect(b.classes.some((c) => c.samengesteld)).toBe(true);

    const a = await call<Roster>('roster:get-classes', { brin6: '99ZZ00' });
    expect(a.classes.some((c) => c.key.startsWith('K0'))).toBe(false);
    expect(b.classes.some((c) => c.key === 'GRP4B')).toBe(false);
    expect(await call('roster:get-class-pupils', { brin6: '99ZZ00', classKey: 'K0001' })).toEqual([]);
    expect(await call('roster:get-class-pupils', { brin6: '99ZX10', classKey: 'GRP4B' })).toEqual([]);
    expect(await call('roster:search-pupils', { brin6: '99ZZ00', query: '00100001' })).toEqual([]);
    expect(await call('roster:search-pupils', { brin6: '99ZX10', query: 'Wimpie' })).toEqual([]);
    expect(await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZX10', query: '00100001' })).toEqual([expect.objectContaining({ status: 'ok' })]);
    expect((await call<RosterPupil[]>('roster:search-pupils', { brin6: '99ZX10', query: 'a' })).length).toBe(200);

    const before = await call<Roster>('roster:get-classes', { brin6: '99ZX10' });
    await api.stop();
    const status = await call<SyncStatus>('sync:sync-now', { brin6: '99ZX10' });
    expect(status.connection).toBe('offline');
    expect(await call<Roster>('roster:get-classes', { brin6: '99ZX10' })).toEqual(before);
    api = await startApi(); // a fresh server for afterAll to stop
  }, 60_000);
});
