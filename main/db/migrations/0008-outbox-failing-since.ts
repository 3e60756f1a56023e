import type { Migration } from './types';

/**
 * When an entry first failed to arrive (epoch ms; null while it never failed or after it was delivered): a change
 * retried for more than a minute is reported as delayed with the service's reason, also when it failed fewer than
 * three times (a long Retry-After).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'outbox-failing-since',
  up(db) {
    db.exec('ALTER TABLE outbox ADD COLUMN failing_since INTEGER');
  },
};
