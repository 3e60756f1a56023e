import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** The reference server's own SQLite store. Plain schema: this is a test and demo server, not the product. */
export function openServerStore(dir: string): Database.Database {
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'reference-api.sqlite'));
  db.pragma('journal_mode = WAL');
  // A reference server for tests and demos: durable across a killed process (WAL), not across power loss.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, username TEXT NOT NULL, brin6 TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
      status INTEGER, body TEXT, etag TEXT, PRIMARY KEY (scope, key));
    CREATE TABLE IF NOT EXISTS school_data (brin6 TEXT PRIMARY KEY, version INTEGER NOT NULL, content_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS classes (brin6 TEXT NOT NULL, key TEXT NOT NULL, naam TEXT NOT NULL, jaargroep TEXT, samengesteld INTEGER NOT NULL,
      leerlingen INTEGER NOT NULL, PRIMARY KEY (brin6, key));
    CREATE TABLE IF NOT EXISTS pupils (brin6 TEXT NOT NULL, key TEXT NOT NULL, achternaam TEXT, voorvoegsel TEXT, roepnaam TEXT, groep TEXT,
      PRIMARY KEY (brin6, key));
    CREATE TABLE IF NOT EXISTS users (brin6 TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (brin6, id));
    CREATE TABLE IF NOT EXISTS user_feed (seq INTEGER PRIMARY KEY AUTOINCREMENT, brin6 TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT);
    CREATE INDEX IF NOT EXISTS user_feed_brin6 ON user_feed (brin6, seq);
    CREATE TABLE IF NOT EXISTS documents (brin6 TEXT NOT NULL, kind TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (brin6, kind));
  `);
  // The e-mail address as a generated column with a unique index per location (issue 36): the duplicate check is one
  // index lookup whatever the location's size, and the rule holds in the database itself. Older stores get the column.
  const columns = db.prepare("SELECT name FROM pragma_table_xinfo('users')").pluck().all() as string[];
  if (!columns.includes('email')) db.exec("ALTER TABLE users ADD COLUMN email TEXT GENERATED ALWAYS AS (json ->> '$.email') VIRTUAL");
  db.exec('DROP INDEX IF EXISTS users_email; CREATE UNIQUE INDEX IF NOT EXISTS users_email_unique ON users (brin6, email);');
  return db;
}
