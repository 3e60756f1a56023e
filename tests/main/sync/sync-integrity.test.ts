import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { runCli } from '../../../main/cli/cli';
import { DATABASE_FILE_NAME, openDatabase } from '../../../main/db/database';
import { importConfirmed } from '../../helpers/import';
import { ensureLocation } from '../../../main/locations/locations';
import { sendEntry } from '../../../main/sync/client';
import { syncRegistry } from '../../../main/app/sync-resources';
import { pendingEntries } from '../../../main/sync/outbox';
import type { OutboxEntry } from '../../../main/sync/outbox';
import { pullUsers } from '../../../main/users/sync';
import { pushLocation, pushUntilIdle } from '../../../main/sync/pusher';
import { addUser, listUsers, updateUser } from '../../../main/users/users';
import type { SyncStatus, UserFields } from '../../../shared/bridge';
import { ACCOUNT_A, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { propertySeed, seededRandom } from '../../helpers/random';
import { until } from '../../helpers/poll';
import type { Random } from '../../helpers/random';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { transport } from '../../helpers/transport';

const A = ACCOUNT_A.brin6;
/** The request the pusher would send for a queued entry (its handler's materialize). */
const materializeEntry = (db: Database.Database, entry: OutboxEntry) => syncRegistry.handlerOf(entry.routeId)?.materialize?.(db, entry) ?? entry;

const fast = { registry: syncRegistry, backoffBaseMs: 10, backoffCapMs: 50 };
const FIELDS = ['voornaam', 'initialen', 'voorvoegsel', 'achternaam', 'email'] as const;
type Field = (typeof FIELDS)[number];

/** The school data as the service stored it, read from the reference server's own database file. */
function serverSchoolData(api: RunningApi): { version: number; pupils: number } | undefined {
  const db = new Database(path.join(api.dataDir, 'reference-api.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT version FROM school_data WHERE brin6 = ?').get(A) as { version: number } | undefined;
    const pupils = db.prepare('SELECT COUNT(*) FROM pupils WHERE brin6 = ?').pluck().get(A) as number;
    return row ? { version: row.version, pupils } : undefined;
  } finally {
    db.close();
  }
}

async function serverUsers(api: RunningApi, token: string): Promise<Map<string, Record<string, unknown>>> {
  const feed = (await (await fetch(`${api.origin}/v1/locations/${A}/users?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    changes: Array<{ kind: 'upsert'; user: Record<string, unknown> & { id: string } } | { kind: 'delete'; id: string }>;
  };
  const now = new Map<string, Record<string, unknown>>();
  for (const c of feed.changes) {
    if (c.kind === 'upsert') now.set(c.user.id, c.user);
    else now.delete(c.id);
  }
  return now;
}

describe('sync integrity: crashes, held keys and a service that keeps failing', () => {
  let dir: string;
  let apis: RunningApi[] = [];
  // These tests are about the service's process (killed mid-request, restarted on its data): a real child process.
  const api = async (flags: string[] = [], options: { dataDir?: string } = {}) => {
    const started = await startApi(flags, { ...options, process: true });
    apis.push(started);
    return started;
  };
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    for (const a of apis.reverse()) await a.stop().catch(() => {});
    apis = [];
    removeTempDir(dir);
  });

  it('the service is SIGKILLed while it holds the Idempotency-Key of an upload: after a restart the retry runs and is applied exactly once', async () => {
    const { db } = openDatabase(path.join(dir, DATABASE_FILE_NAME));
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 60, seed: 9 }));
      ensureLocation(db, A, 'Locatie A');
      importConfirmed(db, file, { brin6: A, sourceName: 'school.xml' });
      const [entry] = pendingEntries(db, A, 10);
      const request = materializeEntry(db, entry!) as OutboxEntry;

      const slow = await api(['--latency', '3000', '--trace']);
      const token = await signIn(slow.origin, ACCOUNT_A);
      const pushing = pushLocation(db, A, { transport, baseUrl: slow.origin, token, ...fast });
      await slow.waitForEvent((e) => e['event'] === 'holding' && e['idempotencyKey'] === entry!.idempotencyKey);
      await slow.kill();
      expect(await pushing).toMatchObject({ delivered: 0, pending: 1 });
      expect(serverSchoolData(slow)).toBeUndefined();

      const restarted = await api([], { dataDir: slow.dataDir });
      const result = await pushUntilIdle(db, A, { transport, baseUrl: restarted.origin, token, maxMs: 8000, ...fast });
      expect(result).toMatchObject({ pending: 0, failed: 0 });
      expect(serverSchoolData(restarted)).toEqual({ version: 1, pupils: 60 });
      // The same key once more is a replay of that one answer, not a second upload.
      const again = await sendEntry(request, { transport, baseUrl: restarted.origin, token });
      expect(again).toMatchObject({ kind: 'delivered', body: { version: 1 } });
      expect(serverSchoolData(restarted)).toEqual({ version: 1, pupils: 60 });
    } finally {
      db.close();
    }
  }, 60_000);

  describe('through the bridge, as the status bar and the CLI see it', () => {
    let services: Services;
    let dispatch: Dispatch;
    const { call } = bridgeCaller(() => dispatch);
    const statusOfA = async () => (await call<SyncStatus>('sync:get-status')).locations.find((l) => l.brin6 === A)!;
    const cliStatus = async () => {
      const out: string[] = [];
      const code = await runCli(['status'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), version: '1.0.0', defaultDataDir: dir });
      const json: string[] = [];
      await runCli(['status', '--json'], { stdout: (t) => json.push(t), stderr: () => {}, version: '1.0.0', defaultDataDir: dir });
      return { code, text: out.join(''), json: JSON.parse(json.join('')) as { locations: Array<Record<string, unknown>> } };
    };
    beforeEach(async () => {
      services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
      dispatch = createDispatcher(services.handlers, (line) => console.error(line));
      await call('locations:add', { brin6: A, name: 'Locatie A', username: ACCOUNT_A.username });
    });
    afterEach(() => services.close());

    it('a key the service still holds: after 3 tries the change is "vertraagd" with the service\'s reason; lastSuccessAt is not refreshed', async () => {
      const service = await api(['--latency', '20000', '--latency-on', 'putSchoolData', '--trace']);
      await call('settings:set-api-base-url', { apiBaseUrl: service.origin });
      await call('sync:sign-in', { ...ACCOUNT_A });
      const before = await statusOfA();
      expect(before).toMatchObject({ pending: 0, delayed: 0, lastError: null });
      expect(before.lastSuccessAt).not.toBeNull();

      const db = services.database!.db;
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 30, seed: 3 }));
      importConfirmed(db, file, { brin6: A, sourceName: 'school.xml' });
      const [entry] = pendingEntries(db, A, 10);
      // Another attempt with the console's own key is under way at the service (as after a lost answer).
      const token = await signIn(service.origin, ACCOUNT_A);
      void sendEntry(materializeEntry(db, entry!) as OutboxEntry, { transport, baseUrl: service.origin, token, timeoutMs: 30_000 });
      await service.waitForEvent((e) => e['event'] === 'holding' && e['idempotencyKey'] === entry!.idempotencyKey);

      const delayed = await until(async () => {
        await call('sync:sync-now', { brin6: A });
        const s = await statusOfA();
        return s.delayed > 0 ? s : undefined;
      }, 'the upload to show as delayed');
      expect(delayed).toMatchObject({ pending: 1, delayed: 1, lastSuccessAt: before.lastSuccessAt });
      expect(delayed.delayedReason).toContain('nog uitgevoerd');
      expect(delayed.lastError).toContain('nog uitgevoerd');
      // More rounds in which nothing could be delivered do not make it look fine.
      await call('sync:sync-now', { brin6: A });
      expect(await statusOfA()).toMatchObject({ delayed: 1, lastSuccessAt: before.lastSuccessAt, lastError: expect.stringContaining('nog uitgevoerd') });

      const overview = await call<Array<{ brin6: string; warnings: string[] }>>('locations:get-overview');
      expect(overview[0]!.warnings.join(' ')).toMatch(/vertraagd.*nog uitgevoerd/);
      const cli = await cliStatus();
      expect(cli.code).toBe(1);
      expect(cli.text).toMatch(/1 vertraagd \(nog niet aangekomen\): Deze opdracht wordt nog uitgevoerd/);
      expect(cli.json.locations[0]).toMatchObject({ delayed: 1, delayedReason: expect.stringContaining('nog uitgevoerd') });
    }, 60_000);

    it('a 503 storm: the change is "vertraagd" with the reason, lastSuccessAt stays, and it is delivered once the service is back', async () => {
      const healthy = await api();
      await call('settings:set-api-base-url', { apiBaseUrl: healthy.origin });
      await call('sync:sign-in', { ...ACCOUNT_A });
      const before = await statusOfA();
      await healthy.kill();
      const storm = await api(['--fail-before', '1'], { dataDir: healthy.dataDir });
      await call('settings:set-api-base-url', { apiBaseUrl: storm.origin });
      await call('users:add', { brin6: A, user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: 'van', achternaam: 'Smit', email: 'ria@school.example' } });

      const delayed = await until(async () => {
        await call('sync:sync-now', { brin6: A });
        const s = await statusOfA();
        return s.delayed > 0 ? s : undefined;
      }, 'the change to show as delayed', 20_000);
      expect(delayed).toMatchObject({ pending: 1, delayed: 1, lastSuccessAt: before.lastSuccessAt });
      expect(delayed.delayedReason).toContain('even niet beschikbaar');
      const cli = await cliStatus();
      expect(cli.text).toContain('vertraagd');
      expect(cli.text).toContain('even niet beschikbaar');

      await storm.kill();
      const back = await api([], { dataDir: healthy.dataDir });
      await call('settings:set-api-base-url', { apiBaseUrl: back.origin });
      const after = await until(async () => {
        await call('sync:sync-now', { brin6: A });
        const s = await statusOfA();
        return s.pending === 0 ? s : undefined;
      }, 'the change to be delivered', 20_000);
      expect(after).toMatchObject({ delayed: 0, delayedReason: null, lastError: null });
      expect(after.lastSuccessAt! > before.lastSuccessAt!).toBe(true);
    }, 60_000);
  });
});

/** A random value for one field; `n` keeps e-mail addresses unique across rounds. */
function randomValue(random: Random, field: Field, n: number): string {
  const letters = ['a', 'b', 'é', 'ë', 'ï', 'o', 'ü', 'z', 'ç', 'ñ', "'", '-'];
  const word = (min: number, max: number) => {
    const length = min + random.int(max - min + 1);
    const w = Array.from({ length }, () => random.pick(letters)).join('');
    return w === '' ? w : `${random.pick(['A', 'B', 'D', 'É', 'J', 'Ö'])}${w}`;
  };
  switch (field) {
    case 'voornaam':
      return word(1, 12);
    case 'achternaam':
      return random.next() < 0.3 ? `${word(1, 8)} ${word(1, 8)}` : word(1, 16);
    case 'initialen':
      return random.next() < 0.2 ? '' : `${random.pick(['A', 'J', 'M'])}.${random.next() < 0.5 ? `${random.pick(['C', 'P'])}.` : ''}`;
    case 'voorvoegsel':
      return random.pick(['', 'van', 'de', 'van der', "'t", 'ten']);
    case 'email':
      return `c${n}.${random.int(1000)}@school.example`;
  }
}

describe('absent means unchanged: console edit → outbox → reference server → feed into a second console (generated)', () => {
  it('exactly the edited fields change, every other field keeps its value, and two consoles editing disjoint fields merge', async () => {
    const seed = propertySeed(20261201);
    const random = seededRandom(seed);
    const rounds = 30;
    const dirs = [makeTempDir(), makeTempDir()];
    const [one, two] = dirs.map((d) => openDatabase(path.join(d, DATABASE_FILE_NAME)).db) as [Database.Database, Database.Database];
    const service = await startApi([], { process: true });
    try {
      const token = await signIn(service.origin, ACCOUNT_A);
      for (const db of [one, two]) ensureLocation(db, A, 'Locatie A');
      const sync = async (db: Database.Database) => {
        const pushed = await pushUntilIdle(db, A, { transport, baseUrl: service.origin, token, maxMs: 5000, ...fast });
        await pullUsers(db, A, { transport, baseUrl: service.origin, token });
        return pushed;
      };
      for (let round = 0; round < rounds; round++) {
        const where = `seed ${seed}, round ${round} (replay: PROPERTY_SEED=${seed})`;
        const base = Object.fromEntries(FIELDS.map((f) => [f, randomValue(random, f, round * 10)])) as unknown as UserFields;
        const created = addUser(one, A, base);
        await sync(one);
        await sync(two);
        // Console two knows the user from the feed, under the service's id.
        const idTwo = listUsers(two, A).find((u) => u.email === base.email)?.id;
        expect(idTwo, where).toBeDefined();

        // Two disjoint sets of fields: console one edits the first, console two the second (either may be empty).
        const shuffled = [...FIELDS].sort(() => random.next() - 0.5);
        const cut = random.int(FIELDS.length + 1);
        const mine = random.subset(shuffled.slice(0, cut));
        const theirs = random.subset(shuffled.slice(cut));
        const patchOne = Object.fromEntries(mine.map((f) => [f, randomValue(random, f, round * 10 + 1)])) as Partial<UserFields>;
        const patchTwo = Object.fromEntries(theirs.map((f) => [f, randomValue(random, f, round * 10 + 2)])) as Partial<UserFields>;
        updateUser(one, A, created.id, patchOne);
        updateUser(two, A, idTwo!, patchTwo);
        expect(await sync(one), where).toMatchObject({ pending: 0, failed: 0 });
        expect(await sync(two), where).toMatchObject({ pending: 0, failed: 0 });
        await sync(one);

        const expected = { ...base, ...patchOne, ...patchTwo };
        const atService = (await serverUsers(service, token)).get(idTwo!);
        const pick = (u: Record<string, unknown> | undefined) => Object.fromEntries(FIELDS.map((f) => [f, u?.[f]]));
        expect(pick(atService), `${where}: the service; console one changed ${mine.join(', ') || 'nothing'}, two ${theirs.join(', ') || 'nothing'}`).toEqual(expected);
        for (const [name, db, id] of [['one', one, created.id], ['two', two, idTwo!]] as const) {
          const view = listUsers(db, A).find((u) => u.id === id);
          expect(pick(view as unknown as Record<string, unknown>), `${where}: console ${name}`).toEqual(expected);
          expect(view?.sync, `${where}: console ${name}`).toBe('synced');
        }
      }
    } finally {
      one.close();
      two.close();
      await service.stop();
      dirs.forEach(removeTempDir);
    }
  }, 120_000);
});
