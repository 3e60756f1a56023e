import type { Migration } from './types';

/**
 * Issue 5: locations keep their portal username and last sign-in (step 1 survives a restart); the central service's
 * classes and pupils per location (steps 4 and 5), replaced as a whole on each fetch; and in `sync_state` when the
 * roster was fetched and which confirmed import the service last acknowledged (so "delivered" is a fact, not a guess
 * from an empty queue). Indexes for the per-class comparison of up to 100,000 pupils.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'locations-roster',
  up(db) {
    db.exec(`
      ALTER TABLE locations ADD COLUMN username TEXT NOT NULL DEFAULT '';
      ALTER TABLE locations ADD COLUMN last_sign_in_at TEXT;

      CREATE TABLE remote_classes (
        brin6        TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        key          TEXT NOT NULL,
        naam         TEXT NOT NULL,
        jaargroep    TEXT,
        samengesteld INTEGER NOT NULL CHECK (samengesteld IN (0, 1)),
        leerlingen   INTEGER NOT NULL CHECK (leerlingen >= 0),
        PRIMARY KEY (brin6, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE remote_pupils (
        brin6       TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        achternaam  TEXT,
        voorvoegsel TEXT,
        roepnaam    TEXT,
        groep       TEXT,
        PRIMARY KEY (brin6, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX remote_pupils_by_groep ON remote_pupils (brin6, groep);

      ALTER TABLE sync_state ADD COLUMN roster_fetched_at TEXT;
      -- The confirmed import whose upload (putSchoolData) the service acknowledged last, and when.
      ALTER TABLE sync_state ADD COLUMN school_data_import_id INTEGER;
      ALTER TABLE sync_state ADD COLUMN school_data_delivered_at TEXT;

      CREATE INDEX import_leerlingen_by_groep ON import_leerlingen (import_id, groep_key);
      CREATE INDEX import_leerling_clusters_by_groep ON import_leerling_clusters (import_id, groep_key);
    `);
  },
};
