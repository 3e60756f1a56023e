import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { analyseBytes } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import type { AuditEntry, PickableClass, Role, UserView } from '../../../shared/bridge';
import { ACCOUNT_A, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { bridgeCaller } from '../../helpers/bridge';
import { fieldMessages } from '../../helpers/refusal';

const TODAY = new Date('2025-10-01T12:00:00Z');
const A = ACCOUNT_A.brin6;
const ria = { voornaam: 'Ria', initialen: 'R.', voorvoegsel: 'van', achternaam: 'Smit', email: 'ria.smit@school.example' };

interface RemoteUserJson {
  id: string;
  version: number;
  voornaam: string;
  achternaam: string;
  email: string;
  access: boolean;
  roles: Role[];
}

/**
 * Issue 31, point 2: a colleague's change at the service and the admin's change here, settled field by field through
 * the real reference server. What only the colleague changed is never overwritten.
 */
describe('conflicts settled field by field', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let api: RunningApi;
  let token: string;
  const { call, refused } = bridgeCaller(() => dispatch);

  /** The colleague, at the service: changes the user directly with the version they saw. */
  const colleague = async (_id: string, method: 'PATCH' | 'PUT', path: string, body: unknown): Promise<RemoteUserJson> => {
    const current = await remote();
    const answer = await fetch(`${api.origin}/v1/locations/${A}/users/${current.id}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `colleague-${Math.random()}`, 'if-match': `"${current.version}"` },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as RemoteUserJson;
  };
  /** Ria as the service has her now (the only user: the feed's last upsert). */
  const remote = async (_id?: string): Promise<RemoteUserJson> => {
    const feed = (await (await fetch(`${api.origin}/v1/locations/${A}/users?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      changes: Array<{ kind: string; user?: RemoteUserJson }>;
    };
    return feed.changes.filter((c) => c.user).at(-1)!.user!;
  };
  const only = async () => (await call<UserView[]>('users:list', { brin6: A }))[0]!;
  /** Ria, added here and synced: her id at the service. */
  const synced = async (roles?: { access: boolean; roles: Role[] }) => {
    const user = await call<UserView>('users:add', { brin6: A, user: ria });
    if (roles) await call('users:set-roles', { brin6: A, ids: [user.id], ...roles, mode: 'replace' });
    await call('sync:sync-now', { brin6: A });
    const view = await only();
    expect(view.sync).toBe('synced');
    return view.id;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Locatie A', username: ACCOUNT_A.username });
    api = await startApi([]);
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', { ...ACCOUNT_A });
    token = await signIn(api.origin, ACCOUNT_A);
  });
  afterEach(async () => {
    services.close();
    await api.stop();
    removeTempDir(dir);
  });

  it("the colleague's achternaam survives: only the e-mail clashes, the admin chooses per field, only chosen and edited fields are sent", async () => {
    const id = await synced();
    await colleague(id, 'PATCH', '', { achternaam: 'de Vries', email: 'r.devries@school.example' });
    await call('users:update', { brin6: A, id, user: { voornaam: 'Marja', email: 'marja.smit@school.example' } });
    await call('sync:sync-now', { brin6: A });

    const view = await only();
    expect(view.sync).toBe('conflict');
    expect(view.conflict).toEqual({
      fields: [{ field: 'email', label: 'e-mailadres', mine: 'marja.smit@school.example', theirs: 'r.devries@school.example' }],
      changedBy: ACCOUNT_A.username,
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Nothing chosen: refused at the field, nothing changes.
    const refusal = await refused('users:resolve-conflict', { brin6: A, id, choices: {} });
    expect(fieldMessages(refusal)['choices.email']).toBe('Kies bij e-mailadres welke versie blijft: Mijn versie houden of Die versie overnemen.');
    expect((await only()).sync).toBe('conflict');

    const resolved = await call<UserView>('users:resolve-conflict', { brin6: A, id, choices: { email: 'theirs' } });
    expect(resolved).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries', email: 'r.devries@school.example', sync: 'pending', conflict: null });
    await call('sync:sync-now', { brin6: A });
    expect(await remote(id)).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries', email: 'r.devries@school.example' });
    expect(await only()).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries', email: 'r.devries@school.example', sync: 'synced' });
    const log = await call<AuditEntry[]>('audit:list', { brin6: A });
    expect(log[0]).toMatchObject({ action: 'Conflict opgelost', summary: 'Marja van de Vries: e-mailadres: versie van de centrale dienst overgenomen' });
  }, 30_000);

  it('saving the form again keeps my e-mail and still never sends the achternaam only the colleague changed', async () => {
    const id = await synced();
    await colleague(id, 'PATCH', '', { achternaam: 'de Vries', email: 'r.devries@school.example' });
    await call('users:update', { brin6: A, id, user: { voornaam: 'Marja', email: 'marja.smit@school.example' } });
    await call('sync:sync-now', { brin6: A });
    expect((await only()).sync).toBe('conflict');

    // The form sends only what the admin changed in it (here: the initials).
    const saved = await call<UserView>('users:update', { brin6: A, id, user: { initialen: 'M.' } });
    expect(saved).toMatchObject({ achternaam: 'de Vries', email: 'marja.smit@school.example', initialen: 'M.', conflict: null });
    await call('sync:sync-now', { brin6: A });
    expect(await remote(id)).toMatchObject({ voornaam: 'Marja', initialen: 'M.', achternaam: 'de Vries', email: 'marja.smit@school.example' });
    expect((await call<AuditEntry[]>('audit:list', { brin6: A })).map((e) => e.action)).toContain('Conflict opgelost');
  }, 30_000);

  it('the same value on both sides is no conflict; a field only the colleague changed merges by itself', async () => {
    const id = await synced();
    await colleague(id, 'PATCH', '', { achternaam: 'de Vries', email: 'marja.smit@school.example' });
    await call('users:update', { brin6: A, id, user: { voornaam: 'Marja', email: 'marja.smit@school.example' } });
    await call('sync:sync-now', { brin6: A });
    expect(await only()).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries', email: 'marja.smit@school.example', sync: 'synced', conflict: null });
    expect(await remote(id)).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries' });
  }, 30_000);

  it('two edits queued offline: after the first merged, the second is checked against what the colleague changed before it is sent', async () => {
    const id = await synced();
    await colleague(id, 'PATCH', '', { email: 'r.devries@school.example' });
    await call('users:update', { brin6: A, id, user: { voornaam: 'Marja' } });
    await call('users:update', { brin6: A, id, user: { email: 'marja.smit@school.example' } });
    await call('sync:sync-now', { brin6: A });
    // The first went through merged (the colleague's e-mail kept); the second clashes without overwriting it.
    expect(await remote(id)).toMatchObject({ voornaam: 'Marja', email: 'r.devries@school.example' });
    expect((await only()).conflict?.fields.map((f) => f.field)).toEqual(['email']);
    await call('users:resolve-conflict', { brin6: A, id, choices: { email: 'mine' } });
    await call('sync:sync-now', { brin6: A });
    expect(await remote(id)).toMatchObject({ voornaam: 'Marja', email: 'marja.smit@school.example' });
  }, 30_000);

  it('class lists merge as sets: a class the colleague added and one added here both stay; a removed role against a new class is a choice', async () => {
    const dbA = services.database!.db;
    const a = analyseBytes(Buffer.from(generateEdexml({ pupils: 140 })), { keepModel: true, today: TODAY });
    storePendingImport(dbA, A, a.data!, { sourceName: 'a.xml', summary: {} });
    confirmPendingImport(dbA, A);
    const [k1, k2, k3, k4] = (await call<PickableClass[]>('users:list-classes', { brin6: A })).map((c) => c.key);
    const id = await synced({ access: true, roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [k1!] }] });

    await colleague(id, 'PUT', '/roles', { access: true, roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [k1!, k2!] }] });
    await call('users:set-roles', { brin6: A, ids: [id], access: true, roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [k1!, k3!] }], mode: 'replace' });
    await call('sync:sync-now', { brin6: A });
    expect((await remote(id)).roles).toEqual([{ role: 'vakdocent', subject: 'nederlands', classes: [k1!, k2!, k3!].sort() }]);
    expect(await only()).toMatchObject({ sync: 'synced', roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [k1!, k2!, k3!].sort() }] });

    // The colleague removes the role; here it gets another class: that cannot be put together, the admin chooses.
    await colleague(id, 'PUT', '/roles', { access: true, roles: [{ role: 'kwaliteitsmedewerker' }] });
    await call('users:set-roles', { brin6: A, ids: [id], access: true, roles: [{ role: 'vakdocent', subject: 'nederlands', classes: [k4!] }], mode: 'add' });
    await call('sync:sync-now', { brin6: A });
    const view = await only();
    expect(view.sync).toBe('conflict');
    expect(view.conflict!.fields).toEqual([
      { field: 'roles', label: 'toegang, rollen en klassen', mine: expect.stringContaining('Vakdocent Nederlands'), theirs: 'Kwaliteitsmedewerker; toegang aan' },
    ]);
    await call('users:resolve-conflict', { brin6: A, id, choices: { roles: 'theirs' } });
    await call('sync:sync-now', { brin6: A });
    expect((await remote(id)).roles).toEqual([{ role: 'kwaliteitsmedewerker' }]);
    expect(await only()).toMatchObject({ sync: 'synced', roles: [{ role: 'kwaliteitsmedewerker' }] });
    expect((await call<AuditEntry[]>('audit:list', { brin6: A }))[0]).toMatchObject({ summary: 'Ria van Smit: toegang, rollen en klassen: versie van de centrale dienst overgenomen' });
  }, 30_000);
});
