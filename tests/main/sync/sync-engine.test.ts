import type Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncRegistry } from '../../../main/app/sync-resources';
import { DATABASE_FILE_NAME, openDatabase } from '../../../main/db/database';
import { ensureLocation } from '../../../main/locations/locations';
import { networkProblem } from '../../../shared/domain/network';
import type { Endpoint } from '../../../main/sync';
import { NO_ANSWER, SyncRegistry, enqueue, pendingEntries, pushLocation } from '../../../main/sync';
import type { OutboxEntry, ResourceHandler } from '../../../main/sync';
import { routes } from '../../../shared/api/routes';
import type { RouteId } from '../../../shared/api/routes';
import { ACCOUNT_A, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { transport } from '../../helpers/transport';

const A = ACCOUNT_A.brin6;
/** Nothing listens here: a request is refused at once (the console is offline). */
const DEAD = 'http://127.0.0.1:9';

describe('the sync engine knows no feature: routes from shared/api/routes.ts, handlers registered once', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(path.join(dir, DATABASE_FILE_NAME)).db;
    ensureLocation(db, A, 'Lyceum');
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('a queued entry takes its method and path from its route; a GET cannot be queued', () => {
    const changes = routes.filter((r) => r.method !== 'GET' && r.idempotent);
    db.transaction(() => {
      for (const r of changes) enqueue(db, A, { routeId: r.id, params: { id: 'u-1' } });
    })();
    const queued = pendingEntries(db, A, 100);
    expect(queued.map((e) => [e.routeId, e.method, e.path])).toEqual(changes.map((r) => [r.id, r.method, r.path.replace('{brin6}', A).replace('{id}', 'u-1')]));
    expect(() => db.transaction(() => enqueue(db, A, { routeId: 'listPupils' }))()).toThrow(/changes nothing/);
  });

  it('every route the features queue has exactly one handler; a second handler for a route is refused', () => {
    const queued: RouteId[] = ['createUser', 'patchUser', 'deleteUser', 'putRoles', 'inviteUser', 'putSchoolData', 'putNumo', 'putIpAllowlist'];
    for (const id of queued) expect(syncRegistry.handlerOf(id), id).toBeDefined();
    expect(routes.filter((r) => r.method !== 'GET' && r.idempotent).map((r) => r.id).sort()).toEqual([...queued].sort());
    expect(() => new SyncRegistry([{ routes: ['putNumo'] }, { routes: ['putNumo'] }], [])).toThrow(/Two sync handlers/);
  });

  it('a queued body is parsed against its route before it leaves: one that does not fit is kept as refused, with why, and never sent', async () => {
    const api = await startApi();
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      db.transaction(() => {
        enqueue(db, A, { routeId: 'createUser', body: { voornaam: 'Ria', initialen: '', voorvoegsel: '', achternaam: 'Smit', email: 'geen-adres' } });
        enqueue(db, A, { routeId: 'createUser', body: { voornaam: 'Jan', initialen: '', voorvoegsel: '', achternaam: 'Jansen', email: 'jan@school.example' } });
      })();
      const result = await pushLocation(db, A, { registry: syncRegistry, baseUrl: api.origin, transport, token });
      expect(result).toMatchObject({ delivered: 1, failed: 1, pending: 0 });
      const refused = db.prepare("SELECT state, last_error AS lastError FROM outbox WHERE state = 'failed'").all() as Array<{ lastError: string }>;
      expect(refused).toHaveLength(1);
      expect(refused[0]!.lastError).toMatch(/^Deze wijziging kan niet worden verstuurd: .*e-mailadres.*Voer haar opnieuw in\.$/);
      const feed = (await (await fetch(`${api.origin}/v1/locations/${A}/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: Array<{ user?: { email: string } }> };
      expect(feed.changes.map((c) => c.user?.email)).toEqual(['jan@school.example']);
    } finally {
      await api.stop();
    }
  });

  it('the pusher asks the registered handler (materialise at send time, record on delivery, order by its key)', async () => {
    const api = await startApi();
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      const delivered: string[] = [];
      const handler: ResourceHandler = {
        routes: ['createUser'],
        resourceKey: () => 'one-resource', // strictly one after the other
        materialize: (_db, entry: OutboxEntry) => ({ ...entry, body: { ...(entry.body as object), achternaam: `${(entry.body as { achternaam: string }).achternaam}-verstuurd` } }),
        delivered: (_db, _entry, body) => delivered.push((body as { achternaam: string }).achternaam),
      };
      db.transaction(() => {
        for (const n of [1, 2, 3]) enqueue(db, A, { routeId: 'createUser', body: { voornaam: 'Test', initialen: 'T.', voorvoegsel: '', achternaam: `Nr${n}`, email: `t${n}@school.example` } });
      })();
      const result = await pushLocation(db, A, { registry: new SyncRegistry([handler], []), transport, baseUrl: api.origin, token });
      expect(result).toMatchObject({ delivered: 3, pending: 0, error: null });
      expect(delivered).toEqual(['Nr1-verstuurd', 'Nr2-verstuurd', 'Nr3-verstuurd']);
    } finally {
      await api.stop();
    }
  }, 30_000);
});

describe('one request helper: offline, no answer in time and an expired session read the same for every caller', () => {
  let dir: string;
  let db: Database.Database;
  let slow: RunningApi;
  let token: string;
  beforeAll(async () => {
    slow = await startApi(['--latency', '1000']);
    token = await signIn(slow.origin, ACCOUNT_A);
  }, 30_000);
  afterAll(async () => {
    await slow.stop();
  });
  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(path.join(dir, DATABASE_FILE_NAME)).db;
    ensureLocation(db, A, 'Lyceum');
    db.transaction(() => enqueue(db, A, { routeId: 'createUser', body: { voornaam: 'Test', initialen: 'T.', voorvoegsel: '', achternaam: 'Nr1', email: 't1@school.example' } }))();
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  /** What each caller of a round says: every puller of the app, and the push. */
  const outcomes = async (endpoint: Endpoint & { token: string }) => {
    const said: Array<[string, { error: string | null; unreachable: boolean; needsSignIn: boolean }]> = [];
    for (const puller of syncRegistry.pullers) {
      const { error, unreachable, needsSignIn } = await puller.pull(db, A, endpoint, true);
      said.push([puller.name, { error, unreachable, needsSignIn }]);
    }
    const pushed = await pushLocation(db, A, { registry: syncRegistry, ...endpoint });
    said.push(['push', { error: pushed.error, unreachable: pushed.unreachable, needsSignIn: pushed.needsSignIn }]);
    return said;
  };
  const every = (outcome: { error: string; unreachable: boolean; needsSignIn: boolean }) =>
    ['documents', 'users-feed', 'roster', 'push'].map((name) => [name, outcome]);

  it('offline: unreachable, "Geen verbinding met de centrale dienst: … weigerde de verbinding."', async () => {
    expect(await outcomes({ transport, baseUrl: DEAD, token: 'x' })).toEqual(every({ error: networkProblem('offline', 'refused', 'ECONNREFUSED', { host: new URL(DEAD).host, proxy: null }).message, unreachable: true, needsSignIn: false }));
  });

  it('no answer in time: not offline, "De centrale dienst antwoordde niet op tijd."', async () => {
    // The service answers after 1,000 ms, the callers give up after 100 (a 10× margin on a loaded machine).
    expect(await outcomes({ transport, baseUrl: slow.origin, token, timeoutMs: 100 })).toEqual(every({ error: networkProblem('timeout', 'no-answer', '', { host: new URL(slow.origin).host, proxy: null }).message, unreachable: false, needsSignIn: false }));
  }, 30_000);

  it('a refused session (401): sign in again, "Je sessie is verlopen. Meld je opnieuw aan."', async () => {
    const said = await outcomes({ transport, baseUrl: slow.origin, token: 'verlopen' });
    expect(said.slice(0, 3)).toEqual(every({ error: NO_ANSWER['sign-in'], unreachable: false, needsSignIn: true }).slice(0, 3));
    // The push says why in the service's own words (its problem detail), and waits for the sign-in.
    expect(said[3]![1]).toMatchObject({ unreachable: false, needsSignIn: true });
    expect(pendingEntries(db, A, 10)).toHaveLength(1);
  }, 30_000);
});
