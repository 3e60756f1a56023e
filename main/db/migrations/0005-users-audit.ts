import type { Migration } from './types';

/**
 * Issue 6: the users of each location as the console shows them, and the audit log.
 *
 * `users` replaces `remote_users`: one row per user, whether it came from the service's feed (`id` = the service's
 * id) or was made here (`id` = `local-<uuid>`, `remote_id` filled once the service created it). `version` is the
 * version the service last confirmed *to this console* — the base every queued change of the user is sent against
 * (If-Match is filled in at send time), `base_json` the service's representation at that version (for the field-wise
 * merge after a 412); `remote_json` the newest state the service showed (feed or answer), applied
 * to the visible columns once nothing of the user is queued any more. `deleted` is a tombstone until the DELETE is
 * delivered. E-mail is stored lower-cased and unique per location among users that are not deleted.
 *
 * `audit_log`: who changed what, per location, written in the transaction of the change itself.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'users-audit',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        brin6             TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        id                TEXT NOT NULL,
        remote_id         TEXT,
        version           INTEGER,
        voornaam          TEXT NOT NULL,
        initialen         TEXT NOT NULL DEFAULT '',
        voorvoegsel       TEXT NOT NULL DEFAULT '',
        achternaam        TEXT NOT NULL,
        email             TEXT NOT NULL CHECK (email = lower(email)),
        access            INTEGER NOT NULL DEFAULT 0 CHECK (access IN (0, 1)),
        roles_json        TEXT NOT NULL DEFAULT '[]',
        invited_at        TEXT,
        activated_at      TEXT,
        invitation_queued INTEGER NOT NULL DEFAULT 0 CHECK (invitation_queued IN (0, 1)),
        leerkracht_key    TEXT,
        deleted           INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        remote_json       TEXT,
        base_json         TEXT,
        created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (brin6, id)
      ) STRICT;
      CREATE UNIQUE INDEX users_email ON users (brin6, email) WHERE deleted = 0;
      CREATE UNIQUE INDEX users_remote_id ON users (brin6, remote_id) WHERE remote_id IS NOT NULL;

      INSERT INTO users (brin6, id, remote_id, version, voornaam, initialen, voorvoegsel, achternaam, email, access, roles_json,
                         invited_at, activated_at, remote_json, base_json)
        SELECT brin6, id, id, version,
               COALESCE(json ->> '$.voornaam', ''), COALESCE(json ->> '$.initialen', ''), COALESCE(json ->> '$.voorvoegsel', ''),
               COALESCE(json ->> '$.achternaam', ''), lower(COALESCE(json ->> '$.email', id || '@onbekend.invalid')),
               CASE WHEN json ->> '$.access' THEN 1 ELSE 0 END, COALESCE(json -> '$.roles', '[]'),
               json ->> '$.invitedAt', json ->> '$.activatedAt', json, json
        FROM remote_users WHERE true
        ON CONFLICT DO NOTHING;
      DROP TABLE remote_users;

      CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        brin6   TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        summary TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_by_location ON audit_log (brin6, id);
    `);
  },
};
