import type { Migration } from './types';

/**
 * Issue 31, a conflict settled field by field: an entry keeps the base the admin's edit started from (`base_json`)
 * also once it clashed; the service's copy it clashed with goes in its own column. Conflicts recorded before this
 * step kept only the service's copy (in base_json): it moves over.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'outbox-conflict',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN conflict_json TEXT;
      UPDATE outbox SET conflict_json = base_json, base_json = NULL WHERE state = 'conflict';
    `);
  },
};
