import type { Migration } from './types';

/**
 * A history of confirmed imports per location: confirming no longer deletes the import it replaces, it becomes
 * `previous` (restorable). The newest KEPT_IMPORTS confirmed imports keep their data; older ones keep only their
 * summary (when, file, school year, counts, added/removed) and `purged_at` says their personal data was removed (AVG).
 * SQLite cannot change the status CHECK in place, so the table is rebuilt (foreign keys off around this step).
 */
export const migration0009: Migration = {
  version: 9,
  name: 'import-history',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE imports_new (
        id            INTEGER PRIMARY KEY,
        brin6         TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'previous')),
        schooljaar    TEXT NOT NULL,
        schoolkey     TEXT,
        xsdversie     TEXT,
        source_name   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        confirmed_at  TEXT,
        summary_json  TEXT NOT NULL,
        purged_at     TEXT
      ) STRICT;
      INSERT INTO imports_new (id, brin6, status, schooljaar, schoolkey, xsdversie, source_name, imported_at, confirmed_at, summary_json)
        SELECT id, brin6, status, schooljaar, schoolkey, xsdversie, source_name, imported_at, confirmed_at, summary_json FROM imports;
      DROP TABLE imports;
      ALTER TABLE imports_new RENAME TO imports;
      CREATE UNIQUE INDEX imports_one_pending ON imports (brin6) WHERE status = 'pending';
      CREATE UNIQUE INDEX imports_one_confirmed ON imports (brin6) WHERE status = 'confirmed';
      CREATE INDEX imports_history ON imports (brin6, confirmed_at) WHERE status IN ('confirmed', 'previous');
    `);
  },
};
