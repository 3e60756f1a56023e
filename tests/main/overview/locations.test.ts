import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { analyseBytes } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { replaceRoster } from '../../../main/roster/store';
import { enqueue, markFailed } from '../../../main/sync/outbox';
import { memoryVault } from '../../../main/sync/service';
import type { TokenVault } from '../../../main/sync/service';
import type { LocationOverview } from '../../../shared/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const trusted = { trusted: true };
const TODAY = new Date('2025-10-01T12:00:00Z');

function dataOf(text: string) {
  const a = analyseBytes(Buffer.from(text), { keepModel: true, today: TODAY });
  if (!a.data) throw new Error(JSON.stringify(a.findings));
  return a.data;
}

describe('locations through the bridge', () => {
  let dir: string;
  let services: Services;
  let vault: TokenVault;
  let dispatch: Dispatch;
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input, trusted);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  beforeEach(() => {
    dir = makeTempDir();
    vault = memoryVault();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', vault, today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('adds a location (BRIN6 normalised, name trimmed), lists it with its username, refuses invalid input and duplicates', async () => {
    expect(await call('locations:add', { brin6: ' 99zx 10 ', name: '  Het Lyceum ', username: 'beheerder.99zx10' })).toEqual({
      brin6: '99ZX10', name: 'Het Lyceum', username: 'beheerder.99zx10',
    });
    await call('locations:add', { brin6: '99ZX11', name: 'Dependance', username: '' });
    expect(await call('locations:list-all')).toEqual([
      { brin6: '99ZX10', name: 'Het Lyceum', username: 'beheerder.99zx10' },
      { brin6: '99ZX11', name: 'Dependance', username: '' },
    ]);
    const duplicate = await dispatch('locations:add', { brin6: '99zx10', name: 'Ander', username: '' }, trusted);
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Locatie 99ZX10 staat al in deze console.') } });
    expect(await dispatch('locations:add', { brin6: '99ZX1', name: 'X', username: '' }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('locations:add', { brin6: '99ZX12', name: '   ', username: '' }, trusted)).toMatchObject({
      ok: false,
      error: { message: 'Vul het gemarkeerde veld goed in.', issues: [{ path: ['name'], message: expect.stringContaining('Vul de naam van de school of locatie in.') }] },
    });
    expect(await call('locations:list-all')).toHaveLength(2);
  });

  it('removes a location with everything of it, in one go, and leaves the other location intact', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: 'a' });
    await call('locations:add', { brin6: '99ZX11', name: 'B', username: 'b' });
    const db = services.database!.db;
    for (const [brin6, dep] of [['99ZX10', '10'], ['99ZX11', '11']] as const) {
      storePendingImport(db, brin6, dataOf(generateEdexml({ pupils: 60, dependancecode: dep })), { sourceName: `${brin6}.xml`, summary: {} });
      confirmPendingImport(db, brin6);
      storePendingImport(db, brin6, dataOf(generateEdexml({ pupils: 50, dependancecode: dep, seed: 2 })), { sourceName: `${brin6}-b.xml`, summary: {} });
      db.transaction(() => enqueue(db, brin6, { routeId: 'createUser',
      body: {} }))();
      db.prepare("INSERT INTO users (brin6, id, voornaam, achternaam, email) VALUES (?, 'u1', 'A', 'B', 'a@b.example')").run(brin6);
      db.prepare("INSERT INTO audit_log (brin6, at, actor, action, summary) VALUES (?, 'x', 'offline', 'a', 's')").run(brin6);
      replaceRoster(db, brin6, [{ key: 'K0001', naam: '1A', jaargroep: '11', samengesteld: false, leerlingen: 1 }], [
        { key: '00100000', achternaam: 'Jansen', voorvoegsel: null, roepnaam: 'Emma', groep: 'K0001' },
      ]);
      db.prepare("INSERT INTO sync_state (brin6, last_error) VALUES (?, 'Geen verbinding')").run(brin6); // the engine's own row
      vault.save(brin6, `token-${brin6}`);
    }
    await call('settings:set-last-location', { brin6: '99ZX10' });
    const tables = ['imports', 'outbox', 'users', 'audit_log', 'sync_state', 'sync_marks', 'remote_classes', 'remote_pupils'];
    const rows = (brin6: string) => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t} WHERE brin6 = ?`).pluck().get(brin6) as number]));
    const childRows = () => db.prepare('SELECT COUNT(*) FROM import_leerlingen').pluck().get() as number;
    const before = rows('99ZX11');
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    expect(childRows()).toBe(220);

    expect(await call('locations:remove', { brin6: '99ZX10' })).toEqual([{ brin6: '99ZX11', name: 'B', username: 'b' }]);
    expect(Object.values(rows('99ZX10')).every((n) => n === 0)).toBe(true);
    expect(rows('99ZX11')).toEqual(before);
    expect(childRows()).toBe(110);
    expect(vault.load('99ZX10')).toBeNull();
    expect(vault.load('99ZX11')).toBe('token-99ZX11');
    expect((await call<{ lastLocation: string | null }>('settings:get-all')).lastLocation).toBeNull();

    // Removing B while A is the last location keeps that setting.
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: '' });
    await call('settings:set-last-location', { brin6: '99ZX10' });
    await call('locations:remove', { brin6: '99ZX11' });
    expect((await call<{ lastLocation: string | null }>('settings:get-all')).lastLocation).toBe('99ZX10');
    expect(await dispatch('locations:remove', { brin6: '99ZX11' }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('derives the steps from the data: new, imported, confirmed; warnings for refusals and another school year', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: '' });
    const db = services.database!.db;
    const progress = () => call<LocationOverview>('locations:get-progress', { brin6: '99ZX10' });
    const states = (o: LocationOverview) => o.steps.slice(0, 5).map((s) => s.state);

    let o = await progress();
    expect(states(o)).toEqual(['todo', 'todo', 'todo', 'todo', 'todo']);
    expect(o.steps[0]!.note).toContain('Offline');
    expect(o).toMatchObject({ signedIn: false, pending: 0, failed: 0, conflicts: 0, lastSuccessAt: null, warnings: [] });

    storePendingImport(db, '99ZX10', dataOf(generateEdexml({ pupils: 60, schooljaar: '2024-2025' })), { sourceName: 'a.xml', summary: {} });
    o = await progress();
    expect(states(o).slice(1, 3)).toEqual(['done', 'todo']);
    expect(o.steps[1]!.note).toContain('2024-2025');

    confirmPendingImport(db, '99ZX10');
    o = await progress();
    expect(states(o)).toEqual(['todo', 'done', 'done', 'todo', 'todo']);
    expect(o.steps[3]!.note).toContain('zodra je bent aangemeld');
    expect(o.pending).toBe(1);
    // Another school year is a point of the one readiness rule (not a second, separate warning).
    expect(o.warnings).toEqual([]);
    expect(o.readiness.ready).toBe(false);
    expect(o.readiness.gaps).toContainEqual(expect.objectContaining({ kind: 'other-year', step: 'confirm-school', severity: 'attention', text: expect.stringContaining('schooljaar 2024-2025, niet van 2025-2026') }));

    const seq = db.prepare("SELECT seq FROM outbox WHERE brin6 = '99ZX10'").pluck().get() as number;
    markFailed(db, seq, 'De dienst weigert dit.');
    o = await progress();
    expect(o.steps[3]).toMatchObject({ state: 'attention' });
    expect(o.failed).toBe(1);
    expect(o.warnings).toContainEqual('1 wijziging is geweigerd door de centrale dienst. Bekijk de melding en pas de gegevens aan.');

    // The overview carries one such row per location, each computed from its own data only.
    await call('locations:add', { brin6: '99ZX11', name: 'B', username: '' });
    const overview = await call<LocationOverview[]>('locations:get-overview');
    expect(overview.map((l) => l.brin6)).toEqual(['99ZX10', '99ZX11']);
    expect(overview[1]).toMatchObject({ failed: 0, warnings: [] });
    expect(states(overview[1]!)).toEqual(['todo', 'todo', 'todo', 'todo', 'todo']);
    expect(overview[1]!.steps.map((s) => s.id)).toEqual(['sign-in', 'import', 'confirm-school', 'load-planner', 'check-availability', 'add-users', 'assign-roles', 'invite']);
    expect(await dispatch('locations:get-progress', { brin6: '99ZX12' }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('readiness (issue 33): a colleague with access and only "Vakdocent Engels" without classes is named; steps 6–8 follow the rule', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: '' });
    const db = services.database!.db;
    storePendingImport(db, '99ZX10', dataOf(generateEdexml({ pupils: 60, schooljaar: '2025-2026' })), { sourceName: 'a.xml', summary: {} });
    confirmPendingImport(db, '99ZX10');
    const [klass] = await call<Array<{ key: string; naam: string }>>('users:list-classes', { brin6: '99ZX10' });
    const add = (voornaam: string, email: string) => call<{ id: string }>('users:add', { brin6: '99ZX10', user: { voornaam, initialen: '', voorvoegsel: '', achternaam: 'Test', email } });
    const eva = await add('Eva', 'eva@school.example');
    const kim = await add('Kim', 'kim@school.example');
    await call('users:set-roles', { brin6: '99ZX10', ids: [eva.id], access: true, roles: [{ role: 'vakdocent', subject: 'engels', classes: [] }], mode: 'replace' });
    await call('users:set-roles', { brin6: '99ZX10', ids: [kim.id], access: true, roles: [{ role: 'kwaliteitsmedewerker' }, { role: 'leerlingbegeleider', classes: [klass!.key] }], mode: 'replace' });
    const o = await call<LocationOverview>('locations:get-progress', { brin6: '99ZX10' });
    const userGaps = o.readiness.gaps.filter((g) => g.kind !== 'step');
    expect(userGaps.map((g) => g.text)).toEqual([
      'Ziet niets (toegang, maar geen rol met klassen): Eva Test.',
      'Rol zonder klassen: Eva Test (Vakdocent Engels).',
      '2 gebruikers met toegang nog niet uitgenodigd: Eva Test (niet uitgenodigd) en Kim Test (niet uitgenodigd).',
    ]);
    expect(o.steps.slice(5).map((s) => [s.id, s.state])).toEqual([['add-users', 'done'], ['assign-roles', 'attention'], ['invite', 'todo']]);
  });

  it('signs out of one location, keeping its queue; sign-in needs the location to be in the console', async () => {
    await call('settings:set-api-base-url', { apiBaseUrl: 'http://127.0.0.1:9' });
    const refused = await dispatch('sync:sign-in', { brin6: '99ZX10', username: 'x', password: 'y' }, trusted);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Voeg de locatie eerst toe') } });
    await call('locations:add', { brin6: '99ZX10', name: 'A', username: '' });
    const db = services.database!.db;
    db.transaction(() => enqueue(db, '99ZX10', { routeId: 'createUser', body: {} }))();
    vault.save('99ZX10', 'token');
    const status = await call<{ locations: Array<{ signedIn: boolean; pending: number }> }>('sync:sign-out', { brin6: '99ZX10' });
    expect(status.locations).toEqual([expect.objectContaining({ brin6: '99ZX10', signedIn: false, pending: 1 })]);
    expect(vault.load('99ZX10')).toBeNull();
  });
});
