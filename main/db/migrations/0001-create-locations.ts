import type { Migration } from './types';

/** School locations: one row per BRIN6 the console administers. Every later table hangs off this key. */
export const migration0001: Migration = {
  version: 1,
  name: 'create-locations',
  up(db) {
    db.exec(`
      CREATE TABLE locations (
        brin6      TEXT PRIMARY KEY CHECK (brin6 GLOB '[0-9][0-9][A-Z][A-Z][0-9][0-9]'),
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;
    `);
  },
};
