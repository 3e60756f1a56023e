import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { analyseBytes } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { pushUntilIdle } from '../../../main/sync/pusher';
import { syncRegistry } from '../../../main/app/sync-resources';

import type { PickableClass, UserSuggestion, UserView } from '../../../shared/bridge';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { bridgeCaller } from '../../helpers/bridge';
import { until } from '../../helpers/poll';
import { fieldMessages } from '../../helpers/refusal';
import { transport } from '../../helpers/transport';

const TODAY = new Date('2025-10-01T12:00:00Z');
const A = ACCOUNT_A.brin6;
const B = ACCOUNT_B.brin6;
const ria = { voornaam: 'Ria', initialen: 'R.', voorvoegsel: 'van', achternaam: 'Smit', email: 'Ria.Smit@School.example' };

interface RemoteUserJson {
  id: string;
  version: number;
  email: string;
  achternaam: string;
  access: boolean;
  roles: unknown[];
  invitedAt: string | null;
  activatedAt: string | null;
}
interface Feed {
  changes: Array<{ kind: 'upsert'; user: RemoteUserJson } | { kind: 'delete'; id: string }>;
}

/** Users, roles and invitations through the bridge, against the real reference server where the service matters. */
describe('users through the bridge', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let api: RunningApi | null = null;
  const { call, refused } = bridgeCaller(() => dispatch);
  const outbox = () => services.database!.db.prepare('SELECT route_id AS routeId, state FROM outbox ORDER BY seq').all() as Array<{ routeId: string; state: string }>;
  const confirmImport = (brin6: string, dep: string) => {
    const a = analyseBytes(Buffer.from(generateEdexml({ pupils: 120, dependancecode: dep })), { keepModel: true, today: TODAY });
    if (!a.data) throw new Error(JSON.stringify(a.findings));
    const db = services.database!.db;
    storePendingImport(db, brin6, a.data, { sourceName: `${brin6}.xml`, summary: {} });
    confirmPendingImport(db, brin6);
  };
  const online = async (flags: string[] = []) => {
    api = await startApi(flags);
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    return api;
  };
  const feed = async (token: string, brin6 = A): Promise<Feed> =>
    (await (await fetch(`${api!.origin}/v1/locations/${brin6}/users?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as Feed;
  /** The users the service holds now (the feed folded). */
  const serverUsers = async (token: string, brin6 = A) => {
    const now = new Map<string, RemoteUserJson>();
    for (const c of (await feed(token, brin6)).changes) {
      if (c.kind === 'upsert') now.set(c.user.id, c.user);
      else now.delete(c.id);
    }
    return [...now.values()];
  };

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Locatie A', username: ACCOUNT_A.username });
    await call('locations:add', { brin6: B, name: 'Locatie B', username: '' });
  });
  afterEach(async () => {
    services.close();
    if (api) await api.stop();
    api = null;
    removeTempDir(dir);
  });

  it('adds, updates and removes a user offline; refuses a duplicate e-mail (any case) and invalid input in Dutch', async () => {
    const added = await call<UserView>('users:add', { brin6: A, user: ria });
    expect(added).toMatchObject({ id: expect.stringMatching(/^local-/), email: 'ria.smit@school.example', access: false, roles: [], invitation: 'not-invited', sync: 'pending', syncMessage: null });
    expect(await refused('users:add', { brin6: A, user: { ...ria, voornaam: 'Anders', email: 'RIA.SMIT@school.example' } })).toEqual({
      code: 'invalid-input',
      message: 'Er is al een gebruiker met e-mailadres ria.smit@school.example in deze locatie. Pas die gebruiker aan, of vul een ander e-mailadres in.',
      issues: [{ path: ['user', 'email'], message: 'Er is al een gebruiker met e-mailadres ria.smit@school.example in deze locatie. Pas die gebruiker aan, of vul een ander e-mailadres in.' }],
    });
    expect(fieldMessages(await refused('users:add', { brin6: A, user: { ...ria, voornaam: ' ', email: 'x@school.example' } }))['user.voornaam']).toContain('Vul de voornaam in.');
    expect(fieldMessages(await refused('users:add', { brin6: A, user: { ...ria, email: 'geen-adres' } }))['user.email']).toContain('Vul een geldig e-mailadres in');
    expect((await refused('users:add', { brin6: '99ZX12', user: ria })).message).toContain('Locatie 99ZX12 staat niet in deze console');

    // Never sent: the queued creation carries the new data (still one entry).
    const updated = await call<UserView>('users:update', { brin6: A, id: added.id, user: { ...ria, achternaam: 'Smit-Bakker' } });
    expect(updated).toMatchObject({ id: added.id, achternaam: 'Smit-Bakker', sync: 'pending' });
    expect(outbox()).toEqual([{ routeId: 'createUser', state: 'pending' }]);
    const other = await call<UserView>('users:add', { brin6: A, user: { ...ria, email: 'jan@school.example', voornaam: 'Jan' } });
    expect((await refused('users:update', { brin6: A, id: other.id, user: { ...ria, email: 'ria.smit@school.example' } })).message).toContain('Er is al een gebruiker met e-mailadres');
    expect((await refused('users:update', { brin6: A, id: 'local-bestaat-niet', user: ria })).message).toContain('bestaat niet (meer)');

    // Removing a user the service never saw drops it with its queue.
    expect(await call<UserView[]>('users:remove', { brin6: A, ids: [added.id] })).toEqual([expect.objectContaining({ id: other.id })]);
    expect(outbox()).toEqual([{ routeId: 'createUser', state: 'pending' }]);
    // The address is free again.
    expect(await call<UserView>('users:add', { brin6: A, user: ria })).toMatchObject({ email: 'ria.smit@school.example' });
  });

  it('offline: add, set roles, invite; after sign-in the service holds the user with those roles and invitedAt, created exactly once; activation shows', async () => {
    confirmImport(A, '10');
    const classes = await call<PickableClass[]>('users:list-classes', { brin6: A });
    expect(classes.length).toBeGreaterThan(2);
    const [c1, c2] = classes;
    const user = await call<UserView>('users:add', { brin6: A, user: ria });
    const roles = [{ role: 'vakdocent', subject: 'nederlands', classes: [c2!.key, c1!.key] }, { role: 'kwaliteitsmedewerker' }];
    const [withRoles] = await call<UserView[]>('users:set-roles', { brin6: A, ids: [user.id], access: true, roles, mode: 'replace' });
    expect(withRoles).toMatchObject({ access: true, roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [c1!.key, c2!.key].sort() }, { role: 'kwaliteitsmedewerker' }], sync: 'pending' });
    const [invited] = await call<UserView[]>('users:invite', { brin6: A, ids: [user.id] });
    expect(invited).toMatchObject({ invitation: 'queued', invitedAt: null });
    expect(outbox().map((e) => e.routeId)).toEqual(['putSchoolData', 'createUser', 'putRoles', 'inviteUser']);

    await online(['--activate-after', '300']);
    await call('sync:sign-in', { ...ACCOUNT_A });
    const [synced] = await call<UserView[]>('users:list', { brin6: A });
    expect(synced).toMatchObject({ id: user.id, access: true, invitation: 'invited', invitedAt: expect.any(String), sync: 'synced', syncMessage: null });
    expect(outbox()).toEqual([]);
    const token = await signIn(api!.origin, ACCOUNT_A);
    const atServer = await serverUsers(token);
    expect(atServer).toHaveLength(1);
    expect(atServer[0]).toMatchObject({ email: 'ria.smit@school.example', access: true, roles: synced!.roles, invitedAt: synced!.invitedAt });
    const creations = (await feed(token)).changes.filter((c) => c.kind === 'upsert' && c.user.version === 1);
    expect(creations).toHaveLength(1);

    await until(async () => {
      await call('sync:sync-now', { brin6: A });
      return (await call<UserView[]>('users:list', { brin6: A }))[0]?.invitation === 'activated';
    }, 'the activation to arrive');
    expect((await call<UserView[]>('users:list', { brin6: A }))[0]).toMatchObject({ invitation: 'activated', activatedAt: expect.any(String), sync: 'synced' });
  }, 30_000);

  it('a concurrent edit of the same field at the service ends as a conflict with a Dutch message; the local value stays; a new edit resolves it', async () => {
    await online();
    await call('sync:sign-in', { ...ACCOUNT_A });
    const user = await call<UserView>('users:add', { brin6: A, user: ria });
    await call('sync:sync-now', { brin6: A });
    const token = await signIn(api!.origin, ACCOUNT_A);
    const [remote] = await serverUsers(token);
    const patched = await fetch(`${api!.origin}/v1/locations/${A}/users/${remote!.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'other-console-1', 'if-match': `"${remote!.version}"` },
      body: JSON.stringify({ achternaam: 'Visser' }),
    });
    expect(patched.status).toBe(200);

    await call('users:update', { brin6: A, id: user.id, user: { ...ria, achternaam: 'Bakker' } });
    await call('sync:sync-now', { brin6: A });
    const [conflict] = await call<UserView[]>('users:list', { brin6: A });
    expect(conflict).toMatchObject({ achternaam: 'Bakker', sync: 'conflict', syncMessage: expect.stringContaining('Iemand anders heeft dezelfde gegevens intussen ook gewijzigd') });
    // The feed does not overwrite what the admin sees while the conflict stands.
    await call('sync:sync-now', { brin6: A });
    expect((await call<UserView[]>('users:list', { brin6: A }))[0]).toMatchObject({ achternaam: 'Bakker', sync: 'conflict' });
    expect((await serverUsers(token))[0]).toMatchObject({ achternaam: 'Visser' });

    // The admin decides: a new edit sends what the screen shows against the service's current version.
    await call('users:update', { brin6: A, id: user.id, user: { ...ria, achternaam: 'Bakker', initialen: 'R.M.' } });
    await call('sync:sync-now', { brin6: A });
    expect((await call<UserView[]>('users:list', { brin6: A }))[0]).toMatchObject({ achternaam: 'Bakker', initialen: 'R.M.', sync: 'synced' });
    expect((await serverUsers(token))[0]).toMatchObject({ achternaam: 'Bakker' });
  }, 30_000);

  it('a delete after sync deletes at the service; users from the feed (another console) appear; a different-field edit merges', async () => {
    await online();
    await call('sync:sign-in', { ...ACCOUNT_A });
    const token = await signIn(api!.origin, ACCOUNT_A);
    const created = await fetch(`${api!.origin}/v1/locations/${A}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'other-console-2' },
      body: JSON.stringify({ voornaam: 'Piet', initialen: 'P.', voorvoegsel: '', achternaam: 'Peters', email: 'piet@school.example' }),
    });
    expect(created.status).toBe(201);
    const piet = (await created.json()) as RemoteUserJson;
    const user = await call<UserView>('users:add', { brin6: A, user: ria });
    await call('sync:sync-now', { brin6: A });
    expect((await call<UserView[]>('users:list', { brin6: A })).map((u) => [u.email, u.sync])).toEqual([
      ['piet@school.example', 'synced'],
      ['ria.smit@school.example', 'synced'],
    ]);
    expect((await call<UserView[]>('users:list', { brin6: A }))[0]!.id).toBe(piet.id);

    // Someone else changes Piet's e-mail; we change his name: merged.
    await fetch(`${api!.origin}/v1/locations/${A}/users/${piet.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'other-console-3', 'if-match': '"1"' },
      body: JSON.stringify({ email: 'p.peters@school.example' }),
    });
    await call('users:update', { brin6: A, id: piet.id, user: { voornaam: 'Pieter', initialen: 'P.', voorvoegsel: '', achternaam: 'Peters', email: 'piet@school.example' } });
    await call('sync:sync-now', { brin6: A });
    expect((await serverUsers(token)).find((u) => u.id === piet.id)).toMatchObject({ email: 'p.peters@school.example' });
    expect((await call<UserView[]>('users:list', { brin6: A })).find((u) => u.id === piet.id)).toMatchObject({ voornaam: 'Pieter', email: 'p.peters@school.example', sync: 'synced' });

    const remaining = await call<UserView[]>('users:remove', { brin6: A, ids: [user.id] });
    expect(remaining.map((u) => u.id)).toEqual([piet.id]);
    expect(outbox()).toEqual([{ routeId: 'deleteUser', state: 'pending' }]);
    await call('sync:sync-now', { brin6: A });
    expect(outbox()).toEqual([]);
    expect((await serverUsers(token)).map((u) => u.email)).toEqual(['p.peters@school.example']);
    expect((await call<UserView[]>('users:list', { brin6: A })).map((u) => u.id)).toEqual([piet.id]);
  }, 30_000);

  it('the same colleague made offline here and by another console at the service: linked by address, our later changes go to that user', async () => {
    await online();
    await call('sync:sign-in', { ...ACCOUNT_A });
    const token = await signIn(api!.origin, ACCOUNT_A);
    await call('sync:sign-out', { brin6: A });
    await fetch(`${api!.origin}/v1/locations/${A}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'other-console-4' },
      body: JSON.stringify({ voornaam: 'Ria', initialen: '', voorvoegsel: '', achternaam: 'Smit', email: 'ria@school.example' }),
    });
    const user = await call<UserView>('users:add', { brin6: A, user: { ...ria, email: 'ria@school.example' } });
    await call('users:invite', { brin6: A, ids: [user.id] });
    await call('sync:sign-in', { ...ACCOUNT_A });
    await call('sync:sync-now', { brin6: A });
    expect(await call<UserView[]>('users:list', { brin6: A })).toEqual([expect.objectContaining({ id: user.id, invitation: 'invited', sync: 'synced' })]);
    expect(outbox()).toEqual([]);
    const atServer = await serverUsers(token);
    expect(atServer).toEqual([expect.objectContaining({ email: 'ria@school.example', invitedAt: expect.any(String) })]);
  }, 30_000);

  it('a change the service refuses shows as failed with its Dutch reason and holds back the later changes of that user; the feed’s deletion clears it', async () => {
    await online();
    await call('sync:sign-in', { ...ACCOUNT_A });
    const user = await call<UserView>('users:add', { brin6: A, user: ria });
    await call('sync:sync-now', { brin6: A });
    const token = await signIn(api!.origin, ACCOUNT_A);
    const [remote] = await serverUsers(token);
    await call('sync:sign-out', { brin6: A });
    const deleted = await fetch(`${api!.origin}/v1/locations/${A}/users/${remote!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'other-console-5', 'if-match': `"${remote!.version}"` },
    });
    expect(deleted.status).toBe(204);
    await call('users:set-roles', { brin6: A, ids: [user.id], access: true, roles: [{ role: 'kwaliteitsmedewerker' }], mode: 'replace' });
    await call('users:invite', { brin6: A, ids: [user.id] });
    const pushed = await pushUntilIdle(services.database!.db, A, { registry: syncRegistry, transport, baseUrl: api!.origin, token, maxMs: 5000 });
    expect(pushed).toMatchObject({ delivered: 0, failed: 1 });
    expect(outbox()).toEqual([{ routeId: 'putRoles', state: 'failed' }, { routeId: 'inviteUser', state: 'pending' }]);
    expect((await call<UserView[]>('users:list', { brin6: A }))[0]).toMatchObject({ sync: 'failed', syncMessage: 'Deze gebruiker bestaat niet (meer) bij deze locatie.', invitation: 'queued' });
    await call('sync:sign-in', { ...ACCOUNT_A });
    expect(await call<UserView[]>('users:list', { brin6: A })).toEqual([]);
    expect(outbox()).toEqual([]);
  }, 30_000);

  it('location B never sees the users of A', async () => {
    const a = await call<UserView>('users:add', { brin6: A, user: ria });
    expect(await call<UserView[]>('users:list', { brin6: B })).toEqual([]);
    expect(await call<UserView>('users:add', { brin6: B, user: ria })).toMatchObject({ email: 'ria.smit@school.example' }); // same address, other location
    expect((await refused('users:set-roles', { brin6: B, ids: [a.id], access: true, roles: [], mode: 'replace' })).message).toContain('bestaat niet (meer)');
    expect((await refused('users:remove', { brin6: B, ids: [a.id] })).message).toContain('bestaat niet (meer)');
    expect(await call<UserView[]>('users:list', { brin6: A })).toEqual([expect.objectContaining({ id: a.id })]);
  });

  it('suggests the teachers of the confirmed import and adds them with the chosen role over their classes', async () => {
    expect(await call<UserSuggestion[]>('users:list-suggestions', { brin6: A })).toEqual([]);
    confirmImport(A, '10');
    const suggestions = await call<UserSuggestion[]>('users:list-suggestions', { brin6: A });
    expect(suggestions.length).toBeGreaterThan(3);
    expect(suggestions[0]).toMatchObject({ leerkrachtKey: expect.stringMatching(/^LK/), email: expect.stringMatching(/^docent\d+@school\.example$/), alreadyUser: false });
    expect(suggestions[0]!.classes.length).toBeGreaterThan(0);
    const [s1, s2] = suggestions;
    await call('users:add', { brin6: A, user: { ...ria, email: s2!.email } });
    expect((await call<UserSuggestion[]>('users:list-suggestions', { brin6: A })).find((s) => s.leerkrachtKey === s2!.leerkrachtKey)?.alreadyUser).toBe(true);
    expect((await refused('users:add-suggested', { brin6: A, leerkrachtKeys: [s1!.leerkrachtKey, s2!.leerkrachtKey], role: { role: 'leerlingbegeleider' } })).message).toContain('is al gebruiker in deze locatie');
    expect(await call<UserView[]>('users:list', { brin6: A })).toHaveLength(1); // all or nothing

    const added = await call<UserView[]>('users:add-suggested', { brin6: A, leerkrachtKeys: [s1!.leerkrachtKey], role: { role: 'vakdocent', subject: 'engels' } });
    expect(added).toEqual([
      expect.objectContaining({ email: s1!.email, leerkrachtKey: s1!.leerkrachtKey, access: true, roles: [{ role: 'vakdocent', subject: 'engels', classes: [...s1!.classes].sort() }], sync: 'pending' }),
    ]);
    expect((await call<UserSuggestion[]>('users:list-suggestions', { brin6: A })).find((s) => s.leerkrachtKey === s1!.leerkrachtKey)?.alreadyUser).toBe(true);
    // A teacher without e-mail is refused, named.
    services.database!.db.prepare("UPDATE import_leerkrachten SET emailadres = NULL WHERE key = ?").run(suggestions[2]!.leerkrachtKey);
    expect((await refused('users:add-suggested', { brin6: A, leerkrachtKeys: [suggestions[2]!.leerkrachtKey], role: { role: 'leerlingbegeleider' } })).message).toContain(
      'heeft geen e-mailadres in het bestand',
    );
  });

  it('bulk roles: add merges into each user’s roles, replace sets them; unknown classes are refused', async () => {
    confirmImport(A, '10');
    const [c1, c2, c3] = await call<PickableClass[]>('users:list-classes', { brin6: A });
    const u1 = await call<UserView>('users:add', { brin6: A, user: ria });
    const u2 = await call<UserView>('users:add', { brin6: A, user: { ...ria, email: 'jan@school.example', voornaam: 'Jan' } });
    await call('users:set-roles', { brin6: A, ids: [u1.id], access: true, roles: [{ role: 'leerlingbegeleider', classes: [c1!.key] }], mode: 'replace' });
    const added = await call<UserView[]>('users:set-roles', {
      brin6: A, ids: [u1.id, u2.id], access: false, mode: 'add',
      roles: [{ role: 'leerlingbegeleider', classes: [c2!.key] }, { role: 'vakdocent', subject: 'wiskunde', classes: [c3!.key] }],
    });
    expect(added[0]).toMatchObject({ access: true, roles: [{ role: 'leerlingbegeleider', classes: [c1!.key, c2!.key].sort() }, { role: 'vakdocent', subject: 'wiskunde', classes: [c3!.key] }] });
    expect(added[1]).toMatchObject({ access: false, roles: [{ role: 'leerlingbegeleider', classes: [c2!.key] }, { role: 'vakdocent', subject: 'wiskunde', classes: [c3!.key] }] });
    const replaced = await call<UserView[]>('users:set-roles', { brin6: A, ids: [u1.id, u2.id], access: true, roles: [{ role: 'kwaliteitsmedewerker' }], mode: 'replace' });
    expect(replaced.map((u) => [u.access, u.roles])).toEqual([[true, [{ role: 'kwaliteitsmedewerker' }]], [true, [{ role: 'kwaliteitsmedewerker' }]]]);
    expect((await refused('users:set-roles', { brin6: A, ids: [u1.id], access: true, roles: [{ role: 'leerlingbegeleider', classes: ['GEEN-KLAS'] }], mode: 'add' })).message).toContain(
      'Klas GEEN-KLAS staat niet in het bevestigde bestand',
    );
  });
});
