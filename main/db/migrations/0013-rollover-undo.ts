import type { Migration } from './types';

/**
 * Issue 37: a new school year's roles change is applied as one change and undone as one. What each colleague's roles
 * were before the last applied plan is kept per location until the next plan replaces it (or *Terugdraaien* uses it):
 * user ids and roles (class keys) only, no names.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'rollover-undo',
  up(db) {
    db.exec(`
      CREATE TABLE rollover_undo (
        brin6       TEXT PRIMARY KEY REFERENCES locations(brin6) ON DELETE CASCADE,
        applied_at  TEXT NOT NULL,
        before_json TEXT NOT NULL,
        after_json  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
