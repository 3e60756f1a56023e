import type Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileStore } from '../../../main/db/key';
import { DATABASE_FILE_NAME, openDatabase } from '../../../main/db/database';
import { importConfirmed } from '../../helpers/import';
import { ensureLocation } from '../../../main/locations/locations';
import { conflicts, enqueue, failedEntries, pendingCount } from '../../../main/sync/outbox';
import { pullUsers } from '../../../main/users/sync';
import { syncRegistry } from '../../../main/app/sync-resources';

import { listUsers, updateUser } from '../../../main/users/users';
import { getUser } from '../../../main/users/store';
import type { UserFields } from '../../../shared/bridge';
import { backoffDelay, pushLocation, pushUntilIdle } from '../../../main/sync/pusher';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { generateEdexml } from '../../helpers/generate-edexml';
import { runCliHere } from '../../helpers/cli';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import fs from 'node:fs';
import { until } from '../../helpers/poll';
import { transport } from '../../helpers/transport';

const root = path.resolve(import.meta.dirname, '../../..');

/** A local change and its outbox entry, in one transaction (as every caller must do). */
function queueUser(db: Database.Database, brin6: string, n: number): void {
  db.transaction(() => {
    ensureLocation(db, brin6, `Locatie ${brin6}`);
    enqueue(db, brin6, {
      routeId: 'createUser',
      body: { voornaam: 'Gebruiker', initialen: 'G.', voorvoegsel: '', achternaam: `Nr${String(n).padStart(4, '0')}`, email: `g${n}@school.example` },
    });
  })();
}

async function remoteUsers(api: RunningApi, token: string, brin6: string): Promise<string[]> {
  const names: string[] = [];
  let since = '0';
  for (;;) {
    let response = await fetch(`${api.origin}/v1/locations/${brin6}/users?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
    // The fault-injecting server may answer 503 to reads too: read again.
    for (let attempt = 0; response.status === 503 && attempt < 20; attempt++) {
      response = await fetch(`${api.origin}/v1/locations/${brin6}/users?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
    }
    const page = (await response.json()) as {
      changes: Array<{ kind: string; user?: { achternaam: string } }>;
      cursor: string;
      more: boolean;
    };
    names.push(...page.changes.filter((c) => c.kind === 'upsert').map((c) => c.user!.achternaam));
    since = page.cursor;
    if (!page.more) return names;
  }
}

const fast = { registry: syncRegistry, backoffBaseMs: 10, backoffCapMs: 50 };

/** Every queued user arrived exactly once (new users are independent resources, so their order is free). */
function expectExactlyOnce(names: string[], count: number): void {
  expect(names).toHaveLength(count);
  expect([...names].sort()).toEqual(Array.from({ length: count }, (_, i) => `Nr${String(i + 1).padStart(4, '0')}`));
}

describe('sync: outbox and pusher against the real reference server', () => {
  let dir: string;
  let db: Database.Database;
  let dbFile: string;
  beforeEach(() => {
    dir = makeTempDir();
    dbFile = path.join(dir, DATABASE_FILE_NAME);
    db = openDatabase(dbFile).db;
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('refuses to queue a change outside the transaction of the local change', () => {
    ensureLocation(db, '99ZX10', 'A');
    expect(() => enqueue(db, '99ZX10', { routeId: 'createUser' })).toThrow(/transaction/);
  });

  it('offline edits wait with a Dutch reason, then all arrive after reconnecting, exactly once', async () => {
    for (let n = 1; n <= 30; n++) queueUser(db, '99ZX10', n);
    const offline = await pushLocation(db, '99ZX10', { transport, baseUrl: 'http://127.0.0.1:9', token: 'x', ...fast });
    expect(offline).toMatchObject({ delivered: 0, pending: 30, unreachable: true, problem: { cause: 'offline', code: 'offline.refused' }, error: expect.stringMatching(/^Geen verbinding met de centrale dienst: 127\.0\.0\.1:9 weigerde de verbinding\./) });
    expect(offline.retryAt).not.toBeNull();
    const api = await startApi();
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      const result = await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 20_000, ...fast });
      expect(result).toMatchObject({ pending: 0, failed: 0 });
      expectExactlyOnce(await remoteUsers(api, token, '99ZX10'), 30);
      expect(db.prepare('SELECT last_success_at, last_error FROM sync_state').get()).toMatchObject({ last_error: null });
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('server 500s after the change and dropped connections lose nothing and duplicate nothing', async () => {
    for (let n = 1; n <= 40; n++) queueUser(db, '99ZX10', n);
    const api = await startApi(['--fail-after', '0.3', '--drop-after', '0.2', '--fail-before', '0.1']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A).catch(() => signIn(api.origin, ACCOUNT_A)).catch(() => signIn(api.origin, ACCOUNT_A));
      const result = await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 30_000, ...fast });
      expect(result.pending).toBe(0);
      expectExactlyOnce(await remoteUsers(api, token, '99ZX10'), 40);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('a timed-out request is retried and applied exactly once (the service finished it meanwhile)', async () => {
    for (let n = 1; n <= 5; n++) queueUser(db, '99ZX10', n);
    // The client gives up after 100 ms, the service answers after 1,000: a margin of 10×, so a loaded 2-core CI
    // machine cannot make the answer win; what follows polls the service instead of waiting a fixed time.
    const api = await startApi(['--latency', '1000']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      const first = await pushLocation(db, '99ZX10', { transport, baseUrl: api.origin, token, timeoutMs: 100, ...fast });
      expect(first).toMatchObject({ delivered: 0, pending: 5, problem: { cause: 'timeout' }, error: expect.stringMatching(/^De centrale dienst \(127\.0\.0\.1:\d+\) antwoordde niet op tijd\./) });
      // The service completes the batch the client gave up on.
      await until(async () => (await remoteUsers(api, token, '99ZX10')).length === 5, 'the service to finish the abandoned batch');
      const result = await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, timeoutMs: 5000, maxMs: 20_000, ...fast });
      expect(result.pending).toBe(0);
      expectExactlyOnce(await remoteUsers(api, token, '99ZX10'), 5);
    } finally {
      await api.stop();
    }
  }, 30_000);

  it('a client killed (SIGKILL) in the middle of a push delivers everything exactly once after restart', async () => {
    for (let n = 1; n <= 300; n++) queueUser(db, '99ZX10', n);
    const api = await startApi(['--latency', '400']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/push-child.ts', dbFile, '99ZX10', api.origin, token], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise<void>((resolve) => readline.createInterface({ input: child.stdout }).once('line', () => resolve()));
      // Kill as soon as the service has the first batch: the second is then under way and nothing is recorded yet.
      await until(async () => (await remoteUsers(api, token, '99ZX10')).length > 0, 'the first batch at the service', 20_000);
      child.kill('SIGKILL');
      await exited;
      // Killed half-way: the service has some of the changes, the local queue still lists them (not yet recorded as
      // delivered). The restart sends them again; their Idempotency-Keys make the service replay instead of repeat.
      const arrived = (await remoteUsers(api, token, '99ZX10')).length;
      expect(arrived).toBeGreaterThan(0);
      expect(pendingCount(db, '99ZX10') + arrived).toBeGreaterThan(300); // some arrived but are still queued here
      await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 30_000, ...fast });
      expectExactlyOnce(await remoteUsers(api, token, '99ZX10'), 300);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('keeps a change the service refuses for good (with the reason) and goes on; a BRIN A token never delivers B', async () => {
    queueUser(db, '99ZX10', 1);
    queueUser(db, '99ZX10', 1); // same e-mail twice: the service refuses the second for good
    queueUser(db, '99ZX10', 2);
    queueUser(db, '99ZX11', 3);
    const api = await startApi();
    try {
      const tokenA = await signIn(api.origin, ACCOUNT_A);
      const result = await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token: tokenA, maxMs: 10_000, ...fast });
      expect(result).toMatchObject({ delivered: 2, failed: 1, pending: 0 });
      expect(failedEntries(db, '99ZX10')[0]?.lastError).toContain('g1@school.example');
      const wrong = await pushLocation(db, '99ZX11', { transport, baseUrl: api.origin, token: tokenA, ...fast });
      expect(wrong.delivered).toBe(0);
      expect(failedEntries(db, '99ZX11')).toHaveLength(1);
      const tokenB = await signIn(api.origin, ACCOUNT_B);
      expect(await remoteUsers(api, tokenB, '99ZX11')).toEqual([]);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('an expired token stops the push and asks to sign in again; the entries wait untouched', async () => {
    queueUser(db, '99ZX10', 1);
    const api = await startApi(['--token-ttl', '1']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      await until(async () => (await fetch(`${api.origin}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } })).status === 401, 'the token to expire');
      const result = await pushLocation(db, '99ZX10', { transport, baseUrl: api.origin, token, ...fast });
      expect(result).toMatchObject({ needsSignIn: true, pending: 1, delivered: 0 });
      expect(result.error).toContain('opnieuw aan');
      const fresh = await signIn(api.origin, ACCOUNT_A);
      expect(await pushLocation(db, '99ZX10', { transport, baseUrl: api.origin, token: fresh, ...fast })).toMatchObject({ delivered: 1, pending: 0 });
    } finally {
      await api.stop();
    }
  }, 30_000);

  it('confirming an import queues the school data; after the push the service has every class and pupil', async () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, generateEdexml({ pupils: 300, seed: 4 }));
    importConfirmed(db, file, { brin6: '99ZX10', sourceName: 'school.xml' });
    importConfirmed(db, file, { brin6: '99ZX10', sourceName: 'school.xml' });
    expect(pendingCount(db, '99ZX10')).toBe(1); // the second confirm superseded the first upload
    const api = await startApi();
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      expect(await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 10_000, ...fast })).toMatchObject({ delivered: 1, pending: 0 });
      const classes = (await (await fetch(`${api.origin}/v1/locations/99ZX10/classes`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ samengesteld: boolean; leerlingen: number }> };
      expect(classes.items.filter((c) => !c.samengesteld).reduce((n, c) => n + c.leerlingen, 0)).toBe(300);
    } finally {
      await api.stop();
    }
  }, 30_000);

  it('CLI: status per location, and sync with credentials from the environment', async () => {
    for (let n = 1; n <= 3; n++) queueUser(db, '99ZX10', n);
    db.close();
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const { status: code, stdout, stderr } = await runCliHere([...args, '--data-dir', dir], env);
      return { code, stdout, stderr };
    };
    const status = await run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).locations).toEqual([{ brin6: '99ZX10', pending: 3, failed: 0, conflicts: 0, delayed: 0, delayedReason: null, lastSuccessAt: null, lastError: null }]);
    const api = await startApi();
    try {
      const noCredentials = await run(['sync', '--brin6', '99ZX10', '--api', api.origin], { BEHEERCONSOLE_TOKEN: '', BEHEERCONSOLE_USERNAME: '' });
      expect(noCredentials.code).toBe(2);
      expect(noCredentials.stderr).toContain('BEHEERCONSOLE_USERNAME');
      const synced = await run(['sync', '--api', api.origin, '--json'], {
        BEHEERCONSOLE_USERNAME: ACCOUNT_A.username,
        BEHEERCONSOLE_PASSWORD: ACCOUNT_A.password,
      });
      expect(synced.code).toBe(0);
      expect(JSON.parse(synced.stdout)).toMatchObject({ delivered: 3, pending: 0 });
      expect(synced.stdout + synced.stderr).not.toContain(ACCOUNT_A.password);
    } finally {
      await api.stop();
      // The CLI encrypted the plain file it found (issue 34): reopened with the key it keeps beside it.
      db = openDatabase(dbFile, undefined, { key: keyFileStore(dir).load() }).db;
    }
  }, 60_000);

  /** An edit as the screen makes it (users:update): the whole form, of which only the changed fields are sent. */
  const editUser = (d: Database.Database, id: string, change: Partial<UserFields>) => {
    const u = listUsers(d, '99ZX10').find((x) => x.id === id)!;
    updateUser(d, '99ZX10', id, { voornaam: u.voornaam, initialen: u.initialen, voorvoegsel: u.voorvoegsel, achternaam: u.achternaam, email: u.email, ...change });
  };
  const firstUser = (d: Database.Database) => listUsers(d, '99ZX10')[0]!;

  it('pulls the users feed from its cursor; two consoles editing one user end merged or in conflict, never a lost update', async () => {
    const api = await startApi();
    const otherDir = makeTempDir();
    const other = openDatabase(path.join(otherDir, DATABASE_FILE_NAME)).db;
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      queueUser(db, '99ZX10', 1);
      await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 5000, ...fast });
      ensureLocation(other, '99ZX10', 'A');
      expect(await pullUsers(db, '99ZX10', { transport, baseUrl: api.origin, token })).toMatchObject({ applied: 1, error: null });
      expect(await pullUsers(other, '99ZX10', { transport, baseUrl: api.origin, token })).toMatchObject({ applied: 1 });
      expect(await pullUsers(other, '99ZX10', { transport, baseUrl: api.origin, token })).toMatchObject({ applied: 0 });
      const id = firstUser(db).id;

      // Different fields: merged.
      editUser(db, id, { voornaam: 'Aisha' });
      expect(firstUser(db).voornaam).toBe('Aisha');
      editUser(other, id, { email: 'nieuw@school.example' });
      await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 5000, ...fast });
      expect(await pushUntilIdle(other, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 5000, ...fast })).toMatchObject({ delivered: 1, pending: 0 });
      await pullUsers(db, '99ZX10', { transport, baseUrl: api.origin, token });
      expect(firstUser(db)).toMatchObject({ voornaam: 'Aisha', email: 'nieuw@school.example' });
      expect(getUser(db, '99ZX10', id)?.version).toBe(3);

      // The same field: the second becomes a conflict, kept locally with the service's version; nothing overwritten.
      await pullUsers(other, '99ZX10', { transport, baseUrl: api.origin, token });
      editUser(db, id, { achternaam: 'Bakker' });
      editUser(other, id, { achternaam: 'Visser' });
      await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 5000, ...fast });
      const second = await pushUntilIdle(other, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 5000, ...fast });
      expect(second.error).toContain('conflict');
      const [conflict] = conflicts(other, '99ZX10');
      expect(conflict?.body).toEqual({ achternaam: 'Visser' });
      expect(conflict?.current).toMatchObject({ achternaam: 'Bakker' });
      await pullUsers(db, '99ZX10', { transport, baseUrl: api.origin, token });
      expect(firstUser(db).achternaam).toBe('Bakker');
    } finally {
      other.close();
      removeTempDir(otherDir);
      await api.stop();
    }
  }, 30_000);

  it('changes to one resource arrive in the order they were made, even through failures', async () => {
    const api = await startApi(['--fail-after', '0.3', '--drop-after', '0.2']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      queueUser(db, '99ZX10', 1);
      await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 10_000, ...fast });
      await pullUsers(db, '99ZX10', { transport, baseUrl: api.origin, token });
      const id = firstUser(db).id;
      // Twenty edits of one field, each against the version the previous edit will produce.
      for (let n = 1; n <= 20; n++) {
        db.transaction(() => {
          enqueue(db, '99ZX10', { routeId: 'patchUser', params: { id }, body: { voornaam: `Stap${n}` }, ifMatch: `"${n}"` });
        })();
      }
      for (let n = 2; n <= 5; n++) queueUser(db, '99ZX10', n);
      const result = await pushUntilIdle(db, '99ZX10', { transport, baseUrl: api.origin, token, maxMs: 30_000, ...fast });
      expect(result).toMatchObject({ pending: 0, failed: 0 });
      const feed = (await (await fetch(`${api.origin}/v1/locations/99ZX10/users?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        changes: Array<{ user?: { id: string; voornaam: string; version: number } }>;
      };
      const steps = feed.changes.filter((c) => c.user?.id === id).map((c) => c.user!.voornaam);
      expect(steps).toEqual(['Gebruiker', ...Array.from({ length: 20 }, (_, i) => `Stap${i + 1}`)]);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('backs off with full jitter up to the cap', () => {
    expect(backoffDelay(0, () => 0.999, 500, 60_000)).toBe(499);
    expect(backoffDelay(3, () => 0.5, 500, 60_000)).toBe(2000);
    expect(backoffDelay(20, () => 0.999, 500, 60_000)).toBe(59_940);
    expect(backoffDelay(5, () => 0, 500, 60_000)).toBe(0);
  });
});
