import type { Migration } from './types';

/**
 * Issue 7, per location (everything goes with its location: ON DELETE CASCADE):
 * - `numo_registrations`: the Numo coupling registration and terugstuuroptie (one per location);
 * - `ip_allowlists` / `ip_allowlist_entries`: the test-taking allowlist, saved as a whole (the row in
 *   `ip_allowlists` says it was saved at all; an empty list is a real, saved list);
 * - `remote_documents`: the service's last known version and content of such a whole-document resource (numo,
 *   ip-allowlist), for If-Match at send time and the merge after a 412;
 * - `plan_tasks`: the school-year plan per school year. Seed tasks (seed 001) are data in the code; their rows hold
 *   only this location's progress (title and role NULL). Own tasks hold everything.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'numo-allowlist-plan',
  up(db) {
    db.exec(`
      CREATE TABLE numo_registrations (
        brin6            TEXT PRIMARY KEY REFERENCES locations(brin6) ON DELETE CASCADE,
        klantnummer      TEXT NOT NULL,
        schoolnaam       TEXT NOT NULL,
        aanhef           TEXT NOT NULL CHECK (aanhef IN ('meneer', 'mevrouw', 'geen')),
        voornaam         TEXT NOT NULL,
        achternaam       TEXT NOT NULL,
        email            TEXT NOT NULL,
        maximum_niveau   TEXT NOT NULL CHECK (maximum_niveau IN ('vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo', 'vwo')),
        korte_schoolnaam TEXT NOT NULL,
        terugstuuroptie  INTEGER NOT NULL CHECK (terugstuuroptie BETWEEN -2 AND 2),
        updated_at       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ip_allowlists (
        brin6      TEXT PRIMARY KEY REFERENCES locations(brin6) ON DELETE CASCADE,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ip_allowlist_entries (
        brin6    TEXT NOT NULL REFERENCES ip_allowlists(brin6) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        address  TEXT NOT NULL,
        label    TEXT,
        until    TEXT,
        PRIMARY KEY (brin6, position),
        UNIQUE (brin6, address)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE remote_documents (
        brin6      TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('numo', 'ip-allowlist')),
        version    INTEGER NOT NULL CHECK (version > 0),
        json       TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (brin6, kind)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE plan_tasks (
        brin6      TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        schooljaar TEXT NOT NULL,
        id         TEXT NOT NULL,
        from_seed  INTEGER NOT NULL CHECK (from_seed IN (0, 1)),
        title      TEXT,
        owner_role TEXT CHECK (owner_role IN ('management', 'coordinator', 'woots-beheerder', 'docent', 'kwaliteitsmedewerker')),
        due        TEXT,
        done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        note       TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (brin6, schooljaar, id),
        CHECK ((from_seed = 1 AND title IS NULL AND owner_role IS NULL) OR (from_seed = 0 AND title IS NOT NULL AND owner_role IS NOT NULL))
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
