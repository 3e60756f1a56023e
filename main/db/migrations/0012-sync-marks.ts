import type { Migration } from './types';

/**
 * Issue 32, a generic sync engine: what a feature remembers between rounds (the users feed's cursor, when the roster
 * was fetched, which confirmed import the service acknowledged) moves out of the engine's own `sync_state` into
 * `sync_marks(brin6, resource, key, value)`, so the engine's table names no feature. Values are text; the feature
 * that owns a mark reads and writes it (main/sync/marks.ts). The old columns go (SQLite ≥ 3.35 drops columns).
 */
export const migration0012: Migration = {
  version: 12,
  name: 'sync-marks',
  up(db) {
    db.exec(`
      CREATE TABLE sync_marks (
        brin6    TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        resource TEXT NOT NULL,
        key      TEXT NOT NULL,
        value    TEXT NOT NULL,
        PRIMARY KEY (brin6, resource, key)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO sync_marks (brin6, resource, key, value)
        SELECT brin6, 'users-feed', 'cursor', feed_cursor FROM sync_state WHERE feed_cursor <> '0'
        UNION ALL SELECT brin6, 'roster', 'fetched-at', roster_fetched_at FROM sync_state WHERE roster_fetched_at IS NOT NULL
        UNION ALL SELECT brin6, 'school-data', 'import-id', CAST(school_data_import_id AS TEXT) FROM sync_state WHERE school_data_import_id IS NOT NULL
        UNION ALL SELECT brin6, 'school-data', 'delivered-at', school_data_delivered_at FROM sync_state WHERE school_data_delivered_at IS NOT NULL;
      ALTER TABLE sync_state DROP COLUMN feed_cursor;
      ALTER TABLE sync_state DROP COLUMN roster_fetched_at;
      ALTER TABLE sync_state DROP COLUMN school_data_import_id;
      ALTER TABLE sync_state DROP COLUMN school_data_delivered_at;
    `);
  },
};
