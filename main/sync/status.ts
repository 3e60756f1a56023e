import type Database from 'better-sqlite3';

export interface LocationSyncStatus {
  readonly brin6: string;
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
}

/** Sync status per location (or of one, `only`): queued, refused and conflicting changes, last successful sync, last error (Dutch). */
export function syncStatus(db: Database.Database, only?: string): LocationSyncStatus[] {
  return db
    .prepare(
      `SELECT l.brin6 AS brin6,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'pending') AS pending,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'failed') AS failed,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'conflict') AS conflicts,
              s.last_success_at AS lastSuccessAt, s.last_error AS lastError
       FROM locations l LEFT JOIN sync_state s ON s.brin6 = l.brin6 WHERE ? IS NULL OR l.brin6 = ? ORDER BY l.brin6`,
    )
    .all(only ?? null, only ?? null) as LocationSyncStatus[];
}

/**
 * A round that reached the service and came back without any error (push, pull, roster) counts as a successful
 * sync, also when there was nothing to send: "laatst gesynchroniseerd" then tells the truth about an idle location.
 */
export function recordRoundSuccess(db: Database.Database, brin6: string): void {
  db.prepare(
    `INSERT INTO sync_state (brin6, last_success_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (brin6) DO UPDATE SET last_success_at = excluded.last_success_at, last_error = NULL`,
  ).run(brin6);
}
