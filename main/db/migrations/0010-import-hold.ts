import type { Migration } from './types';

/**
 * A pending import a command stored to confirm right away (the CLI's `import --confirm`) is held until it is
 * confirmed, at most until `held_until` (ISO time): meanwhile another file for the same location is refused with a
 * message instead of silently replacing it (issue 31). Null for imports nobody holds (the window's step 2).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'import-hold',
  up(db) {
    db.exec('ALTER TABLE imports ADD COLUMN held_until TEXT');
  },
};
