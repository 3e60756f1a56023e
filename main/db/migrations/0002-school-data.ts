import type { Migration } from './types';

/**
 * Imported school data per location, minimised (no BSN, countries, postcodes...). One import per location can be
 * `pending` (stored, not yet confirmed in step 3) and one `confirmed` (in force). Confirming swaps them in one
 * transaction; child rows go with their import (ON DELETE CASCADE).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'school-data',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id            INTEGER PRIMARY KEY,
        brin6         TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        schooljaar    TEXT NOT NULL,
        schoolkey     TEXT,
        xsdversie     TEXT,
        source_name   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        confirmed_at  TEXT,
        summary_json  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX imports_one_pending ON imports (brin6) WHERE status = 'pending';
      CREATE UNIQUE INDEX imports_one_confirmed ON imports (brin6) WHERE status = 'confirmed';

      CREATE TABLE import_vestigingen (
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        key       TEXT NOT NULL,
        naam      TEXT NOT NULL,
        PRIMARY KEY (import_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE import_groepen (
        import_id    INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        key          TEXT NOT NULL,
        naam         TEXT NOT NULL,
        jaargroep    TEXT,
        samengesteld INTEGER NOT NULL CHECK (samengesteld IN (0, 1)),
        PRIMARY KEY (import_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE import_leerlingen (
        import_id      INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        key            TEXT NOT NULL,
        eckid          TEXT,
        achternaam     TEXT,
        voorvoegsel    TEXT,
        voornamen      TEXT,
        voorletters    TEXT,
        roepnaam       TEXT,
        geboortedatum  TEXT,
        geslacht       TEXT,
        jaargroep      TEXT,
        groep_key      TEXT,
        vestiging_key  TEXT,
        gebruikersnaam TEXT,
        emailadres     TEXT,
        PRIMARY KEY (import_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE import_leerling_clusters (
        import_id    INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        leerling_key TEXT NOT NULL,
        groep_key    TEXT NOT NULL,
        PRIMARY KEY (import_id, leerling_key, groep_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE import_leerkrachten (
        import_id      INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        key            TEXT NOT NULL,
        eckid          TEXT,
        achternaam     TEXT,
        voorvoegsel    TEXT,
        voornamen      TEXT,
        voorletters    TEXT,
        roepnaam       TEXT,
        gebruikersnaam TEXT,
        emailadres     TEXT,
        rollen         TEXT NOT NULL,
        PRIMARY KEY (import_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE import_leerkracht_groepen (
        import_id      INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        leerkracht_key TEXT NOT NULL,
        groep_key      TEXT NOT NULL,
        samengesteld   INTEGER NOT NULL CHECK (samengesteld IN (0, 1)),
        PRIMARY KEY (import_id, leerkracht_key, groep_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
