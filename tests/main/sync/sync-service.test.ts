import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { enqueue } from '../../../main/sync/outbox';
import { ensureLocation } from '../../../main/locations/locations';
import { ACCOUNT_A, ACCOUNT_B, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const trusted = { trusted: true };

describe('sync through the bridge (services + real reference server)', () => {
  let dir: string;
  let services: Services;
  let api: RunningApi;
  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    api = await startApi();
  }, 30_000);
  afterEach(async () => {
    services.close();
    await api.stop();
    removeTempDir(dir);
  });

  it('signs in per location, sends the queue, and reports status per location; the password is kept nowhere', async () => {
    const dispatch = createDispatcher(services.handlers);
    const db = services.database!.db;
    db.transaction(() => {
      ensureLocation(db, '99ZX10', 'A');
      enqueue(db, '99ZX10', { routeId: 'createUser', body: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email: 'ria@school.example' } });
    })();
    expect(await dispatch('sync:get-status', undefined, trusted)).toMatchObject({ ok: true, value: { connection: 'not-configured', pendingChanges: 1 } });
    const noUrl = await dispatch('sync:sign-in', { ...ACCOUNT_A }, trusted);
    expect(noUrl).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('adres van de centrale dienst') } });

    await dispatch('settings:set-api-base-url', { apiBaseUrl: api.origin }, trusted);
    const wrong = await dispatch('sync:sign-in', { ...ACCOUNT_A, password: 'fout' }, trusted);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Gebruikersnaam of wachtwoord klopt niet') } });

    const signedIn = await dispatch('sync:sign-in', { ...ACCOUNT_A }, trusted);
    expect(signedIn).toMatchObject({
      ok: true,
      value: { connection: 'online', pendingChanges: 0, locations: [{ brin6: '99ZX10', pending: 0, signedIn: true, lastError: null }] },
    });
    const everything = JSON.stringify(db.prepare("SELECT * FROM sqlite_master WHERE type = 'table'").all().map((t) => db.prepare(`SELECT * FROM "${(t as { name: string }).name}"`).all()));
    expect(everything).not.toContain(ACCOUNT_A.password);
  }, 30_000);

  it('an idle round that reached the service counts as the last successful sync', async () => {
    const dispatch = createDispatcher(services.handlers);
    await dispatch('settings:set-api-base-url', { apiBaseUrl: api.origin }, trusted);
    ensureLocation(services.database!.db, '99ZX10', 'A');
    const before = Date.now();
    const status = await dispatch('sync:sign-in', { ...ACCOUNT_A }, trusted);
    expect(status).toMatchObject({ ok: true, value: { pendingChanges: 0, locations: [{ brin6: '99ZX10', lastError: null }] } });
    const lastSuccessAt = (status as { value: { locations: Array<{ lastSuccessAt: string | null }> } }).value.locations[0]!.lastSuccessAt;
    expect(Date.parse(lastSuccessAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
  }, 30_000);

  it('goes offline when the service cannot be reached, keeping every queued change', async () => {
    const dispatch = createDispatcher(services.handlers);
    await dispatch('settings:set-api-base-url', { apiBaseUrl: api.origin }, trusted);
    const db = services.database!.db;
    ensureLocation(db, '99ZX10', 'A');
    expect(await dispatch('sync:sign-in', { ...ACCOUNT_A }, trusted)).toMatchObject({ ok: true });
    db.transaction(() => {
      enqueue(db, '99ZX10', { routeId: 'createUser', body: { voornaam: 'Ria', initialen: '', voorvoegsel: '', achternaam: 'Smit', email: 'ria2@school.example' } });
    })();
    await api.stop();
    const status = await dispatch('sync:sync-now', { brin6: '99ZX10' }, trusted);
    // The status says why, in the shared model's words: the cause for every screen, the message with the next step.
    const refusedHere = expect.stringMatching(/^Geen verbinding met de centrale dienst: 127\.0\.0\.1:\d+ weigerde de verbinding\./);
    expect(status).toMatchObject({
      ok: true,
      value: { connection: 'offline', problem: { cause: 'offline', code: 'offline.refused', message: refusedHere }, pendingChanges: 1, locations: [{ lastError: refusedHere }] },
    });
    api = await startApi(); // a fresh server for afterEach to stop
  }, 30_000);

  it('a change made while a round runs is sent by one more round right after it — for this location or another — not half a minute later (an invitation waited in e2e)', async () => {
    // Every request takes a while: a round is surely still running when the second change is made.
    const slow = await startApi(['--latency', '150']);
    onTestFinished(() => slow.stop());
    const dispatch = createDispatcher(services.handlers);
    const db = services.database!.db;
    await dispatch('settings:set-api-base-url', { apiBaseUrl: slow.origin }, trusted);
    ensureLocation(db, '99ZX10', 'A');
    ensureLocation(db, '99ZX11', 'B');
    expect(await dispatch('sync:sign-in', { ...ACCOUNT_A }, trusted)).toMatchObject({ ok: true });
    expect(await dispatch('sync:sign-in', { ...ACCOUNT_B }, trusted)).toMatchObject({ ok: true });
    const sync = services.sync!;
    const queue = (brin6: string, email: string) =>
      db.transaction(() => enqueue(db, brin6, { routeId: 'createUser', body: { voornaam: 'Ria', initialen: '', voorvoegsel: '', achternaam: 'Smit', email } }))();
    // A background round for A starts; while it runs, a change for A and one for B are made and each asks for a round
    // (as every change does, ctx.mutation): neither may wait for the next interval — no interval runs in this test.
    queue('99ZX10', 'een@school.example');
    const first = sync.syncNow('99ZX10');
    queue('99ZX10', 'twee@school.example');
    const forA = sync.syncNow('99ZX10');
    queue('99ZX11', 'drie@school.example');
    const forB = sync.syncNow('99ZX11');
    await Promise.all([first, forA, forB]);
    expect(sync.status().locations.map((l) => [l.brin6, l.pending])).toEqual([
      ['99ZX10', 0],
      ['99ZX11', 0],
    ]);
  }, 30_000);
});
