import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerStore } from '../../server/store';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

/** Issue 36, point 5: the e-mail check is one index lookup at any size, and the rule holds in the store itself. */
describe('the reference server\'s store: e-mail addresses', () => {
  let dir: string;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => removeTempDir(dir));

  const user = (id: string, email: string) => JSON.stringify({ id, email, voornaam: 'A' });

  it('the check the server makes searches the unique index on (brin6, email); a duplicate per location is refused by the store', () => {
    const db = openServerStore(dir);
    try {
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM users WHERE brin6 = ? AND email = ?').all('99ZX10', 'a@school.example') as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH users USING (COVERING )?INDEX users_email_unique \(brin6=\? AND email=\?\)/);
      const insert = db.prepare('INSERT INTO users (brin6, id, version, json) VALUES (?, ?, 1, ?)');
      insert.run('99ZX10', 'u1', user('u1', 'a@school.example'));
      insert.run('99ZX11', 'u2', user('u2', 'a@school.example'));
      expect(() => insert.run('99ZX10', 'u3', user('u3', 'a@school.example'))).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('a store of an earlier version (expression index, no column) gets the column and keeps its users', () => {
    const old = new Database(path.join(dir, 'reference-api.sqlite'));
    old.exec(`CREATE TABLE users (brin6 TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (brin6, id));
      CREATE UNIQUE INDEX users_email ON users (brin6, json ->> '$.email');`);
    old.prepare('INSERT INTO users (brin6, id, version, json) VALUES (?, ?, 1, ?)').run('99ZX10', 'u1', user('u1', 'oud@school.example'));
    old.close();
    const db = openServerStore(dir);
    try {
      expect(db.prepare('SELECT id FROM users WHERE brin6 = ? AND email = ?').pluck().get('99ZX10', 'oud@school.example')).toBe('u1');
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users'").pluck().all()).toContain('users_email_unique');
    } finally {
      db.close();
    }
  });
});
