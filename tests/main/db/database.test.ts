import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase } from '../../../main/db/database';
import { assertMigrationOrder, latestSchemaVersion, migrations } from '../../../main/db/migrations';
import type { Migration } from '../../../main/db/migrations';
import { USER_FIELDS } from '../../../shared/bridge';
import { userInputSchema } from '../../../shared/api/resources';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('local cache database', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, 'nested', 'cache.sqlite');
  });
  afterEach(() => removeTempDir(dir));

  it('creates the file, runs every migration once and sets user_version', () => {
    const first = openDatabase(file);
    expect(first.applied).toEqual(migrations.map((m) => m.version));
    expect(first.schemaVersion).toBe(latestSchemaVersion);
    expect(first.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    first.db.close();
  });

  it('is idempotent: opening again applies nothing and keeps the data', () => {
    const first = openDatabase(file);
    first.db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'Testschool')").run();
    first.db.close();
    const second = openDatabase(file);
    expect(second.applied).toEqual([]);
    expect(second.db.prepare('SELECT brin6, name FROM locations').all()).toEqual([{ brin6: '99ZX10', name: 'Testschool' }]);
    second.db.close();
  });

  it('sets WAL, synchronous FULL and foreign keys on every connection', () => {
    const { db } = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('reports a corrupt file in Dutch and leaves it byte-for-byte untouched', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const garbage = Buffer.concat([Buffer.from('SQLite format 3\0'), crypto.randomBytes(8192)]);
    fs.writeFileSync(file, garbage);
    const before = sha(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseOpenError);
    expect((caught as DatabaseOpenError).reason).toBe('corrupt');
    expect((caught as Error).message).toMatch(/beschadigd.*niet gewijzigd/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cache.sqlite']);
  });

  it('leaves no -wal or -shm beside a damaged file whose header says WAL (1 in ~128 random headers did: a flaky run)', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const garbage = Buffer.concat([Buffer.from('SQLite format 3\0'), crypto.randomBytes(8192)]);
    // Bytes 18 and 19 of the header: file format write and read version, 2 = WAL. The rest stays garbage.
    garbage[18] = 2;
    garbage[19] = 2;
    fs.writeFileSync(file, garbage);
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cache.sqlite']);
  });

  it('reports a text file that is no database at all, untouched', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'dit is geen database\n'.repeat(200));
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(sha(file)).toBe(before);
  });

  it('refuses a database from a newer app version and never migrates it down', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const future = new Database(file);
    future.pragma(`user_version = ${latestSchemaVersion + 5}`);
    future.exec('CREATE TABLE from_the_future (x)');
    future.close();
    const before = sha(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect((caught as DatabaseOpenError).reason).toBe('too-new');
    expect((caught as Error).message).toContain(`schemaversie ${latestSchemaVersion + 5}`);
    expect((caught as Error).message).toContain('Installeer de nieuwste versie');
    expect(sha(file)).toBe(before);
  });

  it('rolls a failing migration back completely, version included', () => {
    const broken: Migration = {
      version: latestSchemaVersion + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    openDatabase(file).db.close();
    expect(() => openDatabase(file, [...migrations, broken])).toThrow('boom');
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a migration list with a gap or a duplicate number', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up() {} });
    expect(() => assertMigrationOrder([m(1), m(3)])).toThrow(/expected 2/);
    expect(() => assertMigrationOrder([m(1), m(1)])).toThrow(/expected 2/);
    expect(() => assertMigrationOrder([m(1), m(2)])).not.toThrow();
  });

  describe('migration 0001 create-locations', () => {
    it('accepts a BRIN6 and refuses anything else', () => {
      const { db } = openDatabase(file);
      db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      expect(() => db.prepare("INSERT INTO locations (brin6, name) VALUES ('99zx10', 'B')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'C')").run()).toThrow(/UNIQUE|PRIMARY/);
      const row = db.prepare('SELECT created_at FROM locations').get() as { created_at: string };
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      db.close();
    });
  });

  describe('migration 0002 school-data', () => {
    it('keeps at most one pending and one confirmed import per location, and cascades deletes', () => {
      const { db } = openDatabase(file);
      db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      const add = (status: string) =>
        db
          .prepare(`INSERT INTO imports (brin6, status, schooljaar, source_name, imported_at, summary_json) VALUES ('99ZX10', ?, '2025-2026', 'x.xml', 'nu', '{}')`)
          .run(status).lastInsertRowid;
      const pending = add('pending');
      add('confirmed');
      expect(() => add('pending')).toThrow(/UNIQUE/);
      expect(() => add('maybe')).toThrow(/CHECK/);
      db.prepare("INSERT INTO import_leerlingen (import_id, key) VALUES (?, '00001')").run(pending);
      expect(() => db.prepare("INSERT INTO import_leerlingen (import_id, key) VALUES (999, '00002')").run()).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM locations').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM import_leerlingen').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM imports').get()).toEqual({ n: 0 });
      db.close();
    });
  });

  describe('migration 0003 sync-outbox', () => {
    it('gives every queued change a unique idempotency key and drops a location queue with its location', () => {
      const { db } = openDatabase(file, migrations.slice(0, 3));
      db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      const add = (key: string) =>
        db.prepare("INSERT INTO outbox (brin6, route_id, method, path, idempotency_key) VALUES ('99ZX10', 'createUser', 'POST', '/x', ?)").run(key);
      add('k1');
      expect(() => add('k1')).toThrow(/UNIQUE/);
      expect(() => db.prepare("INSERT INTO outbox (brin6, route_id, method, path, idempotency_key) VALUES ('99ZX10', 'x', 'GET', '/x', 'k2')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE outbox SET state = 'lost'").run()).toThrow(/CHECK/);
      db.prepare("INSERT INTO remote_users (brin6, id, version, json) VALUES ('99ZX10', 'u1', 1, '{}')").run();
      expect(() => db.prepare("INSERT INTO outbox (brin6, route_id, method, path, idempotency_key) VALUES ('00XX00', 'x', 'POST', '/x', 'k3')").run()).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM locations').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM remote_users').get()).toEqual({ n: 0 });
      db.close();
    });
  });
  describe('migration 0004 locations-roster', () => {
    it('upgrades a version-3 file in place: existing locations get an empty username; roster rows go with their location', () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 3));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      old.prepare("INSERT INTO sync_state (brin6, feed_cursor) VALUES ('99ZX10', '7')").run();
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 5));
      expect(applied).toEqual([4, 5]);
      expect(db.prepare('SELECT brin6, name, username, last_sign_in_at FROM locations').all()).toEqual([{ brin6: '99ZX10', name: 'A', username: '', last_sign_in_at: null }]);
      expect(db.prepare('SELECT feed_cursor, roster_fetched_at, school_data_import_id FROM sync_state').get()).toEqual({ feed_cursor: '7', roster_fetched_at: null, school_data_import_id: null });
      db.prepare("INSERT INTO remote_classes (brin6, key, naam, jaargroep, samengesteld, leerlingen) VALUES ('99ZX10', 'K1', '1A', '11', 0, 1)").run();
      db.prepare("INSERT INTO remote_pupils (brin6, key, achternaam, voorvoegsel, roepnaam, groep) VALUES ('99ZX10', '001', 'Jansen', NULL, 'Emma', 'K1')").run();
      expect(() => db.prepare("INSERT INTO remote_classes (brin6, key, naam, jaargroep, samengesteld, leerlingen) VALUES ('99ZX10', 'K2', '1B', NULL, 2, 0)").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO remote_pupils (brin6, key, groep) VALUES ('99ZX10', X'00', 'K1')").run()).toThrow(/cannot store BLOB/i);
      expect(() => db.prepare("INSERT INTO remote_pupils (brin6, key) VALUES ('00XX00', '002')").run()).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM locations').run();
      expect(db.prepare('SELECT (SELECT COUNT(*) FROM remote_classes) + (SELECT COUNT(*) FROM remote_pupils) + (SELECT COUNT(*) FROM sync_state) AS n').get()).toEqual({ n: 0 });
      db.close();
    });
  });
  describe('migration 0005 users-audit', () => {
    it('moves the users of remote_users into users (e-mail lower-cased), drops remote_users; e-mail unique per location among users not deleted', () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 4));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A'), ('99ZX11', 'B')").run();
      const user = { id: 'u1', version: 3, voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email: 'Ria@School.example', access: true, roles: [{ role: 'kwaliteitsmedewerker' }], invitedAt: '2026-01-01T00:00:00.000Z', activatedAt: null };
      old.prepare("INSERT INTO remote_users (brin6, id, version, json) VALUES ('99ZX10', 'u1', 3, ?)").run(JSON.stringify(user));
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 5));
      expect(applied).toEqual([5]);
      expect(db.prepare('SELECT id, remote_id, version, voornaam, email, access, roles_json, invited_at, deleted FROM users').get()).toEqual({
        id: 'u1', remote_id: 'u1', version: 3, voornaam: 'Ria', email: 'ria@school.example', access: 1, roles_json: '[{"role":"kwaliteitsmedewerker"}]', invited_at: '2026-01-01T00:00:00.000Z', deleted: 0,
      });
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'remote_users'").pluck().get()).toBe(0);
      const add = (brin6: string, id: string, email: string, deleted = 0) =>
        db.prepare("INSERT INTO users (brin6, id, voornaam, achternaam, email, deleted) VALUES (?, ?, 'A', 'B', ?, ?)").run(brin6, id, email, deleted);
      expect(() => add('99ZX10', 'u2', 'ria@school.example')).toThrow(/UNIQUE/);
      expect(() => add('99ZX10', 'u2', 'Ria@school.example')).toThrow(/CHECK/);
      add('99ZX11', 'u2', 'ria@school.example'); // another location
      db.prepare("UPDATE users SET deleted = 1 WHERE brin6 = '99ZX10' AND id = 'u1'").run();
      add('99ZX10', 'u3', 'ria@school.example');
      db.prepare("INSERT INTO audit_log (brin6, at, actor, action, summary) VALUES ('99ZX10', 'x', 'offline', 'a', 's')").run();
      expect(() => db.prepare("INSERT INTO audit_log (brin6, at, actor, action, summary) VALUES ('00XX00', 'x', 'offline', 'a', 's')").run()).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM locations').run();
      expect(db.prepare('SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_log) AS n').get()).toEqual({ n: 0 });
      db.close();
    });
  });
  it("has a users column for every field of the user schema (the SQL lists derive from USER_FIELDS, the schema's keys)", () => {
    const { db } = openDatabase(file);
    const columns = db.prepare("SELECT name FROM pragma_table_info('users')").pluck().all() as string[];
    expect(USER_FIELDS).toEqual(Object.keys(userInputSchema.shape));
    expect(USER_FIELDS.filter((f) => !columns.includes(f))).toEqual([]);
    db.close();
  });
  describe('migrations 0007 outbox-by-path and 0008 outbox-failing-since', () => {
    it('upgrade a version-6 queue in place: entries stay; a user\'s entries are found by path through the index; failing_since starts empty', () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 6));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      const add = (path: string) =>
        old.prepare("INSERT INTO outbox (brin6, route_id, method, path, idempotency_key) VALUES ('99ZX10', 'patchUser', 'PATCH', ?, ?)").run(path, crypto.randomUUID());
      for (let i = 0; i < 50; i++) add(`/v1/locations/99ZX10/users/u${i}`);
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 8));
      expect(applied).toEqual([7, 8]);
      expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(50);
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT seq FROM outbox WHERE brin6 = '99ZX10' AND path = '/v1/locations/99ZX10/users/u7' ORDER BY seq").all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('outbox_by_path');
      expect(db.prepare('SELECT DISTINCT failing_since FROM outbox').pluck().all()).toEqual([null]);
      db.prepare('UPDATE outbox SET failing_since = 1733490000000 WHERE seq = 1').run();
      expect(db.prepare('SELECT failing_since FROM outbox WHERE seq = 1').pluck().get()).toBe(1733490000000);
      db.close();
    });
  });
  describe('migration 0012 sync-marks', () => {
    it("moves what features remembered out of the engine's sync_state into sync_marks; the engine's own columns stay", () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 11));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A'), ('99ZX11', 'B')").run();
      old.prepare(
        `INSERT INTO sync_state (brin6, last_success_at, last_error, feed_cursor, roster_fetched_at, school_data_import_id, school_data_delivered_at)
         VALUES ('99ZX10', '2026-12-01T10:00:00Z', NULL, '42', '2026-12-01T10:05:00Z', 7, '2026-12-01T10:04:00Z'), ('99ZX11', NULL, 'offline', '0', NULL, NULL, NULL)`,
      ).run();
      old.close();
      const { db, applied } = openDatabase(file);
      expect(applied).toContain(12);
      expect(db.prepare('SELECT brin6, resource, key, value FROM sync_marks ORDER BY brin6, resource, key').all()).toEqual([
        { brin6: '99ZX10', resource: 'roster', key: 'fetched-at', value: '2026-12-01T10:05:00Z' },
        { brin6: '99ZX10', resource: 'school-data', key: 'delivered-at', value: '2026-12-01T10:04:00Z' },
        { brin6: '99ZX10', resource: 'school-data', key: 'import-id', value: '7' },
        { brin6: '99ZX10', resource: 'users-feed', key: 'cursor', value: '42' },
      ]);
      expect(db.prepare("SELECT name FROM pragma_table_info('sync_state') ORDER BY cid").pluck().all()).toEqual(['brin6', 'last_success_at', 'last_error']);
      expect(db.prepare('SELECT * FROM sync_state ORDER BY brin6').all()).toEqual([
        { brin6: '99ZX10', last_success_at: '2026-12-01T10:00:00Z', last_error: null },
        { brin6: '99ZX11', last_success_at: null, last_error: 'offline' },
      ]);
      db.prepare("DELETE FROM locations WHERE brin6 = '99ZX10'").run();
      expect(db.prepare('SELECT COUNT(*) FROM sync_marks').pluck().get()).toBe(0); // a location's marks go with it
      db.close();
    });
  });
  describe('migration 0011 outbox-conflict', () => {
    it("moves a recorded conflict's service copy to its own column; other entries keep their base", () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 10));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      const add = (state: string, base: string) =>
        old.prepare("INSERT INTO outbox (brin6, route_id, method, path, body_json, base_json, idempotency_key, state) VALUES ('99ZX10', 'patchUser', 'PATCH', '/p', '{}', ?, ?, ?)").run(base, crypto.randomUUID(), state);
      add('conflict', '{"version":4,"achternaam":"de Vries"}');
      add('pending', '{"achternaam":"Smit"}');
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 11));
      expect(applied).toEqual([11]);
      expect(db.prepare('SELECT state, base_json AS base, conflict_json AS conflict FROM outbox ORDER BY seq').all()).toEqual([
        { state: 'conflict', base: null, conflict: '{"version":4,"achternaam":"de Vries"}' },
        { state: 'pending', base: '{"achternaam":"Smit"}', conflict: null },
      ]);
      db.close();
    });
  });
  describe('migration 0013 rollover-undo (issue 37)', () => {
    it('upgrades a version-12 file: the undo record is kept per location and goes with it', () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 12));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 13));
      expect(applied).toEqual([13]);
      db.prepare("INSERT INTO rollover_undo (brin6, applied_at, before_json, after_json) VALUES ('99ZX10', 'x', '[]', '[]')").run();
      db.prepare("DELETE FROM locations WHERE brin6 = '99ZX10'").run();
      expect(db.prepare('SELECT COUNT(*) FROM rollover_undo').pluck().get()).toBe(0);
      db.close();
    });
  });
  describe('migration 0009 import-history (a table rebuild)', () => {
    it('upgrades a version-8 file in place: every import and child row stays, FOREIGN KEYs still cascade, "previous" is allowed', () => {
      const { db: old } = openDatabase(file, migrations.slice(0, 8));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A')").run();
      const add = (status: string) =>
        Number(old.prepare("INSERT INTO imports (brin6, status, schooljaar, source_name, imported_at, summary_json) VALUES ('99ZX10', ?, '2025-2026', 'a.xml', 'x', '{}')").run(status).lastInsertRowid);
      const confirmed = add('confirmed');
      const pending = add('pending');
      for (const id of [confirmed, pending]) old.prepare("INSERT INTO import_leerlingen (import_id, key) VALUES (?, '001'), (?, '002')").run(id, id);
      old.close();
      const { db, applied } = openDatabase(file);
      // Every later migration too: each runs on the rebuilt table.
      expect(applied).toEqual(migrations.slice(8).map((m) => m.version));
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.prepare('SELECT COUNT(*) FROM import_leerlingen').pluck().get()).toBe(4);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'import_leerlingen'").pluck().get()).toContain('REFERENCES imports(id)');
      db.prepare("UPDATE imports SET status = 'previous' WHERE id = ?").run(confirmed);
      expect(() => db.prepare("UPDATE imports SET status = 'lost' WHERE id = ?").run(confirmed)).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE imports SET status = 'confirmed'").run()).toThrow(/UNIQUE/);
      db.prepare('DELETE FROM imports WHERE id = ?').run(pending);
      expect(db.prepare('SELECT COUNT(*) FROM import_leerlingen').pluck().get()).toBe(2);
      db.close();
    });
  });
});
