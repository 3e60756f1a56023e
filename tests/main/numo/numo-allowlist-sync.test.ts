import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { AllowlistView, ThisPcCheck } from '../../../shared/bridge/allowlist';
import type { NumoRegistrationInput, NumoView } from '../../../shared/bridge/numo';
import { INTERNAL_ADDRESS_HINT } from '../../../shared/domain/ip';
import { openDatabase } from '../../../main/db/database';
import { addLocation } from '../../../main/accounts/accounts';
import { allowlistView, saveAllowlist } from '../../../main/allowlist/allowlist';

// The services' clock is TODAY (2026-03-15) below.
const SOON = '2026-03-17';
const LATER = '2026-04-24';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { bridgeCaller } from '../../helpers/bridge';
import { fieldMessages } from '../../helpers/refusal';

const A = ACCOUNT_A.brin6;
const B = ACCOUNT_B.brin6;
const PUBLIC = '145.12.34.56';
const TODAY = new Date('2026-03-15T09:00:00');

const REGISTRATION: NumoRegistrationInput = {
  klantnummer: '123456',
  schoolnaam: 'Het Stedelijk Lyceum',
  aanhef: 'meneer',
  voornaam: 'Piet',
  achternaam: 'Jansen',
  email: 'p.jansen@lyceum.example',
  maximumNiveau: 'havo',
  korteSchoolnaam: 'Stedelijk',
  terugstuuroptie: 1,
};

/** A console (its own data folder) against the real reference server process. */
function console_(dir: string) {
  const services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
  const dispatch = createDispatcher(services.handlers);
  const { call, refused } = bridgeCaller(() => dispatch);
  return { services, call, refused };
}

describe('Numo and the IP allowlist sync through the outbox (real reference server)', () => {
  let dirs: string[];
  let opened: Services[];
  let api: RunningApi;
  const make = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const c = console_(dir);
    opened.push(c.services);
    return c;
  };
  const serverGet = async (token: string, what: 'numo' | 'ip-allowlist', brin6 = A) => {
    const res = await fetch(`${api.origin}/v1/locations/${brin6}/${what}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const serverPut = async (token: string, what: 'numo' | 'ip-allowlist', body: unknown, version?: number) =>
    fetch(`${api.origin}/v1/locations/${A}/${what}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
        ...(version !== undefined ? { 'if-match': `"${version}"` } : {}),
      },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    dirs = [];
    opened = [];
    api = await startApi(['--public-address', PUBLIC]);
  }, 30_000);
  afterEach(async () => {
    for (const s of opened) s.close();
    await api.stop();
    for (const d of dirs) removeTempDir(d);
  });

  it('a registration saved offline reaches the service after sign-in, and each later save goes against the new version', async () => {
    const { call } = make();
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await call('locations:add', { brin6: B, name: 'Noord', username: '' });
    const offline = await call<NumoView>('numo:save', { brin6: A, registration: REGISTRATION });
    expect(offline.sync?.state).toBe('pending');
    await call('numo:save', { brin6: A, registration: { ...REGISTRATION, terugstuuroptie: -1 } }); // two saves queued offline
    await call('numo:save', { brin6: B, registration: { ...REGISTRATION, korteSchoolnaam: 'Noord' } });
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', ACCOUNT_A);
    const synced = await call<NumoView>('numo:get', { brin6: A });
    expect(synced.sync).toEqual({ state: 'synced', message: null });
    const token = await signIn(api.origin, ACCOUNT_A);
    expect(await serverGet(token, 'numo')).toEqual({ status: 200, body: { ...REGISTRATION, terugstuuroptie: -1, version: 2 } });
    // B's queue waits for B's own account; A's token never carries it.
    expect((await call<NumoView>('numo:get', { brin6: B })).sync?.state).toBe('pending');
    expect((await serverGet(await signIn(api.origin, ACCOUNT_B), 'numo', B)).status).toBe(404);

    await call('numo:save', { brin6: A, registration: { ...REGISTRATION, korteSchoolnaam: 'Lyceum' } });
    await call('sync:sync-now', { brin6: A });
    expect(await serverGet(token, 'numo')).toMatchObject({ body: { korteSchoolnaam: 'Lyceum', version: 3 } });
    expect((await call<NumoView>('numo:get', { brin6: A })).sync?.state).toBe('synced');
  }, 30_000);

  it('the allowlist is saved normalised and synced whole; an end date already past is refused at its field', async () => {
    const { call, refused } = make();
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    const bad = await refused('allowlist:save', { brin6: A, entries: [{ address: '192.168.1.10', label: null, until: null }, { address: '145.12.34.56', label: null, until: null }, { address: '145.12.34.056', label: null, until: null }] });
    expect(bad.code).toBe('invalid-input');
    expect(fieldMessages(bad)['entries.0.address']).toContain(INTERNAL_ADDRESS_HINT);
    expect(fieldMessages(bad)['entries.2.address']).toBeDefined();
    expect(fieldMessages(bad)['entries.1.address']).toBeUndefined();
    expect((await call<AllowlistView>('allowlist:get', { brin6: A })).sync).toBeNull();

    const past = await refused('allowlist:save', { brin6: A, entries: [{ address: '31.20.5.6', label: null, until: '2026-03-12' }] });
    expect(fieldMessages(past)['entries.0.until']).toMatch(/al voorbij/);
    const saved = await call<AllowlistView>('allowlist:save', {
      brin6: A,
      entries: [
        { address: ' 2A02:A46:1:0:0:0:0:10 ', label: 'Dependance', until: null },
        { address: '31.20.5.6', label: 'Leerling thuis (toets)', until: SOON },
        { address: '31.20.5.7', label: 'Stage', until: LATER },
      ],
    });
    expect(saved.entries).toEqual([
      { address: '2a02:a46:1::10', label: 'Dependance', until: null, expired: false },
      { address: '31.20.5.6', label: 'Leerling thuis (toets)', until: SOON, expired: false },
      { address: '31.20.5.7', label: 'Stage', until: LATER, expired: false },
    ]);
    expect(saved.expired).toBe(0);
    expect(saved.sync?.state).toBe('pending');

    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', ACCOUNT_A);
    expect((await call<AllowlistView>('allowlist:get', { brin6: A })).sync?.state).toBe('synced');
    const token = await signIn(api.origin, ACCOUNT_A);
    expect((await serverGet(token, 'ip-allowlist')).body).toEqual({
      version: 1,
      entries: [
        { address: '2a02:a46:1::10', label: 'Dependance', until: null },
        { address: '31.20.5.6', label: 'Leerling thuis (toets)', until: SOON },
        { address: '31.20.5.7', label: 'Stage', until: LATER },
      ],
    });
    const log = await call<Array<{ action: string; summary: string }>>('audit:list', { brin6: A });
    // Newest first: the sign-in, then the change made offline before it.
    expect(log.slice(0, 2)).toMatchObject([
      { action: 'Aangemeld', summary: `bij de centrale dienst als ${ACCOUNT_A.username}` },
      { action: 'Toegestane IP-adressen gewijzigd', summary: expect.stringContaining('toegevoegd: 2a02:a46:1::10') },
    ]);
  }, 30_000);

  it('"Controleer dit adres" asks /whoami with the location\'s token: on the list or not; unavailable offline or signed out', async () => {
    const { call, refused } = make();
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    const notConfigured = await refused('allowlist:check-this-pc', { brin6: A });
    expect(notConfigured).toMatchObject({ code: 'unavailable', message: expect.stringContaining('Meld je eerst aan') });
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', ACCOUNT_A);
    expect(await call<ThisPcCheck>('allowlist:check-this-pc', { brin6: A })).toEqual({ address: PUBLIC, onList: false, problem: null });
    await call('allowlist:save', { brin6: A, entries: [{ address: PUBLIC, label: 'Hoofdgebouw', until: null }] });
    expect(await call<ThisPcCheck>('allowlist:check-this-pc', { brin6: A })).toEqual({ address: PUBLIC, onList: true, problem: null });

    const stopped = api;
    await stopped.stop();
    const offline = await refused('allowlist:check-this-pc', { brin6: A });
    // It says why (the service stopped: the connection was refused) and that the check cannot be done now.
    expect(offline).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/kan nu niet worden gecontroleerd\. Geen verbinding met de centrale dienst: .* weigerde de verbinding/) });
    // Without --public-address the reference server reports the loopback address it really sees: not addable.
    api = await startApi();
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', ACCOUNT_A);
    const loopback = await call<ThisPcCheck>('allowlist:check-this-pc', { brin6: A });
    expect(loopback.onList).toBe(false);
    expect(loopback.problem).toContain(INTERNAL_ADDRESS_HINT);
    // Right after pressing "Controleer dit adres" the advice is not to press it (issue 33): ask IT for the public address.
    expect(loopback.problem).not.toContain('Controleer dit adres');
    expect(loopback.problem).toContain('ICT-afdeling');
    await call('sync:sign-out', { brin6: A });
    expect(await refused('allowlist:check-this-pc', { brin6: A })).toMatchObject({ code: 'unavailable' });
  }, 30_000);

  it('someone else changed the registration meanwhile: a conflict, never a silent overwrite; saving again keeps ours', async () => {
    const { call } = make();
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('sync:sign-in', ACCOUNT_A);
    await call('numo:save', { brin6: A, registration: REGISTRATION });
    await call('sync:sync-now', { brin6: A });
    const token = await signIn(api.origin, ACCOUNT_A);
    expect((await serverGet(token, 'numo')).body['version']).toBe(1);
    // Another console changes it at the service.
    expect((await serverPut(token, 'numo', { ...REGISTRATION, voornaam: 'Karin' }, 1)).status).toBe(200);
    await call('numo:save', { brin6: A, registration: { ...REGISTRATION, email: 'piet@lyceum.example' } });
    await call('sync:sync-now', { brin6: A });
    const view = await call<NumoView>('numo:get', { brin6: A });
    expect(view.sync?.state).toBe('conflict');
    expect(view.sync?.message).toContain('sla opnieuw op');
    expect((await serverGet(token, 'numo')).body).toMatchObject({ voornaam: 'Karin', email: REGISTRATION.email, version: 2 });

    await call('numo:save', { brin6: A, registration: { ...REGISTRATION, email: 'piet@lyceum.example' } });
    await call('sync:sync-now', { brin6: A });
    expect((await call<NumoView>('numo:get', { brin6: A })).sync?.state).toBe('synced');
    expect((await serverGet(token, 'numo')).body).toMatchObject({ voornaam: 'Piet', email: 'piet@lyceum.example', version: 3 });
  }, 30_000);

  it('a second console adopts what the service has; one that saved before ever seeing it gets a conflict, not a refusal', async () => {
    const token = await signIn(api.origin, ACCOUNT_A);
    expect((await serverPut(token, 'ip-allowlist', { entries: [{ address: '31.20.5.6', label: 'Hoofdgebouw', until: null }] })).status).toBe(200);
    expect((await serverPut(token, 'numo', REGISTRATION)).status).toBe(200);

    const fresh = make();
    await fresh.call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await fresh.call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await fresh.call('sync:sign-in', ACCOUNT_A);
    expect(await fresh.call<AllowlistView>('allowlist:get', { brin6: A })).toMatchObject({
      entries: [{ address: '31.20.5.6', label: 'Hoofdgebouw', until: null, expired: false }],
      sync: { state: 'synced' },
    });
    expect((await fresh.call<NumoView>('numo:get', { brin6: A })).registration).toMatchObject(REGISTRATION);

    const early = make();
    await early.call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await early.call('allowlist:save', { brin6: A, entries: [{ address: '31.20.5.9', label: null, until: null }] });
    await early.call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await early.call('sync:sign-in', ACCOUNT_A);
    const clash = await early.call<AllowlistView>('allowlist:get', { brin6: A });
    expect(clash.sync?.state).toBe('conflict');
    expect(clash.entries.map((e) => e.address)).toEqual(['31.20.5.9']); // ours stays on screen
    expect((await serverGet(token, 'ip-allowlist')).body).toMatchObject({ version: 1, entries: [{ address: '31.20.5.6' }] });
    await early.call('allowlist:save', { brin6: A, entries: [{ address: '31.20.5.6', label: 'Hoofdgebouw', until: null }, { address: '31.20.5.9', label: null, until: null }] });
    await early.call('sync:sync-now', { brin6: A });
    expect((await early.call<AllowlistView>('allowlist:get', { brin6: A })).sync?.state).toBe('synced');
    expect((await serverGet(token, 'ip-allowlist')).body).toMatchObject({ version: 2, entries: [{ address: '31.20.5.6' }, { address: '31.20.5.9' }] });
  }, 30_000);
});

describe('the allowlist and time (clock injected)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('flags an entry once its end date has passed, keeps it when the list is saved unchanged, and refuses a new past date', () => {
    const { db } = openDatabase(`${dir}/console.sqlite`);
    try {
      addLocation(db, { brin6: '99ZX10', name: 'Lyceum', username: '' });
      const entries = [
        { address: '31.20.5.6', label: 'Leerling thuis (toets)', until: '2026-03-14' },
        { address: '31.20.5.7', label: 'Stage', until: '2026-03-15' },
      ];
      saveAllowlist(db, '99ZX10', entries, new Date('2026-03-01T12:00:00'));
      const later = new Date('2026-03-15T12:00:00');
      const view = allowlistView(db, '99ZX10', later);
      expect(view.entries.map((e) => e.expired)).toEqual([true, false]);
      expect(view.expired).toBe(1);
      // Saved again as it is (say, after editing another row): the expired row is kept, flagged, not refused.
      expect(saveAllowlist(db, '99ZX10', entries, later).expired).toBe(1);
      // A changed end date that is already past is refused, with its field named.
      expect(() => saveAllowlist(db, '99ZX10', [{ ...entries[0]!, until: '2026-03-13' }, entries[1]!], later)).toThrow(/al voorbij/);
    } finally {
      db.close();
    }
  });
});
