import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAccounts } from '../../server/accounts';
import { CLAIM_BOUND_MS, createApiApp, NO_FAULTS } from '../../server/app';
import { openServerStore } from '../../server/store';
import { ACCOUNT_A } from '../helpers/api-server';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

/** The reference server's idempotency in process, with an injected clock: what happens to a claim that is never finished. */
describe('reference API: crash-safe Idempotency-Keys', () => {
  let dir: string;
  let db: Database.Database;
  let clock = 1_000_000;
  const app = (latencyMs: number) =>
    createApiApp({ db, accounts: loadAccounts([{ ...ACCOUNT_A, brin6: [ACCOUNT_A.brin6] }]), tokenTtlSeconds: 3600, now: () => clock, faults: { ...NO_FAULTS, latencyMs }, onHold: () => held.push(clock) });
  let held: number[] = [];
  const token = async (a: ReturnType<typeof app>) =>
    ((await (await a.request('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT_A) })).json()) as { token: string }).token;
  const create = (a: ReturnType<typeof app>, t: string, k: string) =>
    a.request(`/v1/locations/${ACCOUNT_A.brin6}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'idempotency-key': k },
      body: JSON.stringify({ voornaam: 'Ria', initialen: '', voorvoegsel: '', achternaam: 'Smit', email: 'ria@school.example' }),
    });
  const users = () => db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
  beforeEach(() => {
    dir = makeTempDir();
    db = openServerStore(dir);
    held = [];
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('nothing says "running" on disk: a key is stored only with the change it made, in one transaction', async () => {
    const a = app(50);
    const t = await token(a);
    const k = crypto.randomUUID();
    const first = create(a, t, k);
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    expect(db.prepare('SELECT COUNT(*) FROM idempotency').pluck().get()).toBe(0);
    expect((await create(a, t, k)).status).toBe(409); // the same process still holds it
    expect((await first).status).toBe(201);
    expect(db.prepare('SELECT state FROM idempotency').pluck().all()).toEqual(['done']);
    expect(users()).toBe(1);
  });

  it('a claim older than the bound is taken over by the retry; the late first run then replays, so the user exists once', async () => {
    const a = app(100);
    const t = await token(a);
    const k = crypto.randomUUID();
    const first = create(a, t, k);
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    clock += CLAIM_BOUND_MS + 1;
    const retry = create(a, t, k);
    const [one, two] = await Promise.all([first, retry]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(await one.json()).toEqual(await two.json());
    expect(users()).toBe(1);
  });

  it('a "running" row left by an older server that crashed is released: the retry runs once', async () => {
    const a = app(0);
    const t = await token(a);
    const k = crypto.randomUUID();
    db.prepare("INSERT INTO idempotency (scope, key, fingerprint, state) VALUES (?, ?, 'x', 'running')").run(ACCOUNT_A.brin6, k);
    expect((await create(a, t, k)).status).toBe(201);
    expect((await create(a, t, k)).status).toBe(201); // replay
    expect(users()).toBe(1);
  });
});
