import type { Migration } from './types';

/**
 * The queue looked up by resource path (a user's changes, its sync state in the list): an index on (brin6, path) so
 * bulk actions on hundreds of users stay fast while the console is offline and the queue grows.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'outbox-by-path',
  up(db) {
    db.exec('CREATE INDEX outbox_by_path ON outbox (brin6, path, seq)');
  },
};
