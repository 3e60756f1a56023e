import type Database from 'better-sqlite3';
import { outboxCounts, retrying } from './outbox';
import { allSyncStates, updateSyncState } from './state';

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
 * Sync status of the given locations (the caller knows which there are: main/locations): queued, refused,
 * conflicting and delayed changes, last successful sync, last error (Dutch). In the order given.
 */
export function syncStatus(db: Database.Database, brin6s: readonly string[], now: number = Date.now()): LocationSyncStatus[] {
  const counts = outboxCounts(db, DELAYED_AFTER_ATTEMPTS, now - DELAYED_AFTER_MS);
  const states = allSyncStates(db);
  return brin6s.map((brin6) => {
    const c = counts.get(brin6);
    const s = states.get(brin6);
    return {
      brin6,
      pending: c?.pending ?? 0,
      failed: c?.failed ?? 0,
      conflicts: c?.conflicts ?? 0,
      delayed: c?.delayed ?? 0,
      delayedReason: c?.delayedReason ?? null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastError: s?.lastError ?? null,
    };
  });
}

/**
 * A round that reached the service and came back without any error (push, pull, roster) counts as a successful
 * sync, also when there was nothing to send: "laatst gesynchroniseerd" then tells the truth about an idle location.
 * But never while a change that was tried is still waiting for its retry: "gesynchroniseerd" means everything that
 * was tried arrived (or waits for a reason the screen shows: refused, in conflict, not signed in). Returns whether
 * it was recorded.
 */
export function recordRoundSuccess(db: Database.Database, brin6: string, at: Date = new Date()): boolean {
  if (retrying(db, brin6)) return false;
  updateSyncState(db, brin6, { lastSuccessAt: at.toISOString(), lastError: null });
  return true;
}

/** The last problem of a round (Dutch), kept until a round succeeds. */
export function recordRoundError(db: Database.Database, brin6: string, error: string): void {
  updateSyncState(db, brin6, { lastError: error });
}
