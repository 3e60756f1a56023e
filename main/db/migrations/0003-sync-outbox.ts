import type { Migration } from './types';

/**
 * The outbox: every local change that must reach the central service, written in the same transaction as the change
 * itself, with its Idempotency-Key fixed at that moment (so a retry after a crash can never apply it twice).
 * One queue per location: entries of one BRIN6 never wait for, or travel with, another's.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        brin6           TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        route_id        TEXT NOT NULL,
        method          TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
        path            TEXT NOT NULL,
        body_json       TEXT,
        if_match        TEXT,
        -- For a PATCH: the resource as it was when the change was made, so a 412 can be merged field by field.
        base_json       TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed', 'conflict')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;
      CREATE INDEX outbox_by_location ON outbox (brin6, state, seq);

      -- Users as the central service has them (filled by the feed puller); the local screens build on this.
      CREATE TABLE remote_users (
        brin6   TEXT NOT NULL REFERENCES locations(brin6) ON DELETE CASCADE,
        id      TEXT NOT NULL,
        version INTEGER NOT NULL,
        json    TEXT NOT NULL,
        PRIMARY KEY (brin6, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_state (
        brin6           TEXT PRIMARY KEY REFERENCES locations(brin6) ON DELETE CASCADE,
        last_success_at TEXT,
        last_error      TEXT,
        feed_cursor     TEXT NOT NULL DEFAULT '0'
      ) STRICT;
    `);
  },
};
