import type Database from 'better-sqlite3';

export interface LocationSyncStatus {
  readonly brin6: string;
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  /** Queued changes that keep failing to arrive (see DELAYED_AFTER_*): still retried, but the admin must know. */
  readonly delayed: number;
  /** The service's (or the network's) reason for the oldest delayed change, in Dutch; null when none is delayed. */
  readonly delayedReason: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
}

/** A queued change is delayed once it was tried this many times without arriving… */
export const DELAYED_AFTER_ATTEMPTS = 3;
/** …or kept failing for this long (a long Retry-After), whatever the answer was. */
export const DELAYED_AFTER_MS = 60_000;

/**
 * Sync status per location (or of one, `only`): queued, refused, conflicting and delayed changes, last successful
 * sync, last error (Dutch).
 */
export function syncStatus(db: Database.Database, only?: string, now: number = Date.now()): LocationSyncStatus[] {
  const delayed = `o.brin6 = l.brin6 AND o.state = 'pending' AND o.attempts > 0 AND (o.attempts >= ${DELAYED_AFTER_ATTEMPTS} OR o.failing_since <= @since)`;
  return db
    .prepare(
      `SELECT l.brin6 AS brin6,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'pending') AS pending,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'failed') AS failed,
              (SELECT COUNT(*) FROM outbox o WHERE o.brin6 = l.brin6 AND o.state = 'conflict') AS conflicts,
              (SELECT COUNT(*) FROM outbox o WHERE ${delayed}) AS delayed,
              (SELECT o.last_error FROM outbox o WHERE ${delayed} ORDER BY o.seq LIMIT 1) AS delayedReason,
              s.last_success_at AS lastSuccessAt, s.last_error AS lastError
       FROM locations l LEFT JOIN sync_state s ON s.brin6 = l.brin6 WHERE @only IS NULL OR l.brin6 = @only ORDER BY l.brin6`,
    )
    .all({ only: only ?? null, since: now - DELAYED_AFTER_MS }) as LocationSyncStatus[];
}

/**
 * A round that reached the service and came back without any error (push, pull, roster) counts as a successful
 * sync, also when there was nothing to send: "laatst gesynchroniseerd" then tells the truth about an idle location.
 * But never while a change that was tried is still waiting for its retry: "gesynchroniseerd" means everything that
 * was tried arrived (or waits for a reason the screen shows: refused, in conflict, not signed in). Returns whether
 * it was recorded.
 */
export function recordRoundSuccess(db: Database.Database, brin6: string): boolean {
  const retrying = db.prepare("SELECT 1 FROM outbox WHERE brin6 = ? AND state = 'pending' AND attempts > 0 LIMIT 1").get(brin6);
  if (retrying) return false;
  db.prepare(
    `INSERT INTO sync_state (brin6, last_success_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (brin6) DO UPDATE SET last_success_at = excluded.last_success_at, last_error = NULL`,
  ).run(brin6);
  return true;
}

/** The last problem of a round (Dutch), kept until a round succeeds. */
export function recordRoundError(db: Database.Database, brin6: string, error: string): void {
  db.prepare('INSERT INTO sync_state (brin6, last_error) VALUES (?, ?) ON CONFLICT (brin6) DO UPDATE SET last_error = excluded.last_error').run(brin6, error);
}
