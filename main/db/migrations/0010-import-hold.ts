import type { Migration } from './types';

/**
 * Issue 31, what the admin reviewed is what is confirmed:
 * - import ids are never used twice (AUTOINCREMENT): a file read after a discarded one must not get its id, or a
 *   confirm of the reviewed id would confirm the other file;
 * - a pending import a command stored to confirm right away (the CLI's `import --confirm`) is held until it is
 *   confirmed, at most until `held_until` (ISO time): meanwhile another file for the same location is refused with a
 *   message instead of silently replacing it. Null for imports nobody holds (the window's step 2).
 * SQLite cannot add AUTOINCREMENT in place, so the table is rebuilt (foreign keys off around this step), keeping ids.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'import-hold',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE imports_new (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        brin6         TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'previous')),
        schooljaar    TEXT NOT NULL,
        schoolkey     TEXT,
        xsdversie     TEXT,
        source_name   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        confirmed_at  TEXT,
        summary_json  TEXT NOT NULL,
        purged_at     TEXT,
        held_until    TEXT
      ) STRICT;
      INSERT INTO imports_new (id, brin6, status, schooljaar, schoolkey, xsdversie, source_name, imported_at, confirmed_at, summary_json, purged_at)
        SELECT id, brin6, status, schooljaar, schoolkey, xsdversie, source_name, imported_at, confirmed_at, summary_json, purged_at FROM imports;
      DROP TABLE imports;
      ALTER TABLE imports_new RENAME TO imports;
      CREATE UNIQUE INDEX imports_one_pending ON imports (brin6) WHERE status = 'pending';
      CREATE UNIQUE INDEX imports_one_confirmed ON imports (brin6) WHERE status = 'confirmed';
      CREATE INDEX imports_history ON imports (brin6, confirmed_at) WHERE status IN ('confirmed', 'previous');
    `);
  },
};
