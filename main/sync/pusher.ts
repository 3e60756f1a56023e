import type Database from 'better-sqlite3';
import { sendEntry } from './client';
import { materialize } from './materialize';
import { etagOf } from '../../shared/api/common';
import { markConflict, markDelivered, markFailed, markRetry, pendingCount, pendingEntries, rebase, resourceKey } from './outbox';
import type { OutboxEntry } from './outbox';

export interface PushOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly timeoutMs?: number;
  /** Backoff: full jitter, a random wait between 0 and min(cap, base · 2^attempts). */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
}

export interface PushResult {
  readonly delivered: number;
  readonly failed: number;
  readonly pending: number;
  /** When the next attempt is due (epoch ms), if entries wait for a retry. */
  readonly retryAt: number | null;
  /** The last problem, in Dutch (null when all went well). */
  readonly error: string | null;
  readonly needsSignIn: boolean;
}

export function backoffDelay(attempts: number, random: () => number, baseMs: number, capMs: number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempts, 30)));
}

/** How many resources are sent to at once; changes to one resource always go one after the other. */
const LANES = 16;
const WINDOW = 400;

/**
 * Delivers a location's queued changes. Changes to the same resource go one by one in the order they were made, and a
 * change that must be retried holds back the later changes to its resource (never overtaken); different resources
 * travel side by side. One the service refuses for good is kept as `failed` (with the Dutch reason), a clash with
 * someone else's change as `conflict`; nothing is removed unless the service confirmed it.
 */
export async function pushLocation(db: Database.Database, brin6: string, options: PushOptions): Promise<PushResult> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let delivered = 0;
  let failed = 0;
  let error: string | null = null;
  let retryAt: number | null = null;
  let needsSignIn = false;
  const blocked = new Set<string>();

  for (;;) {
    const batch = pendingEntries(db, brin6, WINDOW).filter((e) => !blocked.has(resourceKey(e)));
    const lanes = new Map<string, OutboxEntry[]>();
    for (const entry of batch) {
      const key = resourceKey(entry);
      if (entry.nextAttemptAt > now()) {
        blocked.add(key);
        retryAt = retryAt === null ? entry.nextAttemptAt : Math.min(retryAt, entry.nextAttemptAt);
        continue;
      }
      if (blocked.has(key)) continue;
      (lanes.get(key) ?? lanes.set(key, []).get(key)!).push(entry);
    }
    if (lanes.size === 0 || needsSignIn) break;
    const done: number[] = [];

    const runLane = async (key: string, entries: OutboxEntry[]) => {
      for (const entry of entries) {
        if (needsSignIn) return;
        const request = materialize(db, entry);
        if (!request) {
          done.push(entry.seq); // superseded by a newer queued entry
          continue;
        }
        let outcome = await sendEntry(request, options);
        while (outcome.kind === 'stale') {
          const merged = mergeAfterStale(entry.body, entry.base, outcome.current);
          if (!merged) break;
          rebase(db, entry.seq, etagOf(merged.version), outcome.current);
          outcome = await sendEntry({ ...request, ifMatch: etagOf(merged.version), base: outcome.current }, options);
        }
        switch (outcome.kind) {
          case 'delivered':
            done.push(entry.seq);
            delivered++;
            continue;
          case 'retry': {
            const delay = outcome.retryAfterMs ?? backoffDelay(entry.attempts, random, options.backoffBaseMs ?? 500, options.backoffCapMs ?? 60_000);
            const at = now() + delay;
            markRetry(db, entry.seq, at, outcome.reason);
            retryAt = retryAt === null ? at : Math.min(retryAt, at);
            error = outcome.reason;
            blocked.add(key);
            return;
          }
          case 'sign-in':
            needsSignIn = true;
            error = outcome.reason;
            return;
          case 'stale':
            markConflict(db, entry.seq, outcome.current, 'Iemand anders heeft dezelfde gegevens intussen ook gewijzigd. Kies welke versie blijft.');
            error = 'Er is een conflict: iemand anders heeft dezelfde gegevens intussen ook gewijzigd.';
            blocked.add(key);
            return;
          case 'refused':
            markFailed(db, entry.seq, outcome.reason);
            failed++;
            error = outcome.reason;
            continue;
        }
      }
    };

    const queue = [...lanes];
    await Promise.all(
      Array.from({ length: Math.min(LANES, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await runLane(next[0], next[1]);
      }),
    );
    markDelivered(db, done);
    if (needsSignIn) break;
  }
  recordState(db, brin6, delivered > 0 && error === null, error);
  return { delivered, failed, pending: pendingCount(db, brin6), retryAt: needsSignIn ? null : retryAt, error, needsSignIn };
}

function recordState(db: Database.Database, brin6: string, success: boolean, error: string | null): void {
  db.prepare('INSERT INTO sync_state (brin6) VALUES (?) ON CONFLICT (brin6) DO NOTHING').run(brin6);
  if (success) db.prepare("UPDATE sync_state SET last_success_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_error = NULL WHERE brin6 = ?").run(brin6);
  else if (error) db.prepare('UPDATE sync_state SET last_error = ? WHERE brin6 = ?').run(error, brin6);
}

/** Pushes until the queue is empty, waiting out retries, for at most `maxMs`. For the CLI and tests. */
export async function pushUntilIdle(db: Database.Database, brin6: string, options: PushOptions & { maxMs: number }): Promise<PushResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.maxMs;
  let total = { delivered: 0, failed: 0 };
  for (;;) {
    const result = await pushLocation(db, brin6, options);
    total = { delivered: total.delivered + result.delivered, failed: total.failed + result.failed };
    if (result.pending === 0 || result.needsSignIn || result.retryAt === null || result.retryAt > deadline) return { ...result, ...total };
    await new Promise((r) => setTimeout(r, Math.max(0, result.retryAt! - now())));
  }
}

/**
 * A 412 means someone else changed the resource since our change was made. When the fields they changed (current vs
 * our base) and the fields we change (our patch) do not overlap, our change still holds: send it against the current
 * version. Otherwise null: a conflict for the user. Never a silent overwrite, never a dropped local change.
 */
export function mergeAfterStale(patch: unknown, base: unknown, current: unknown): { version: number } | null {
  if (!isRecord(patch) || !isRecord(base) || !isRecord(current) || typeof current['version'] !== 'number') return null;
  const theirs = Object.keys(current).filter((f) => f !== 'version' && JSON.stringify(current[f]) !== JSON.stringify(base[f]));
  const ours = Object.keys(patch);
  return ours.some((f) => theirs.includes(f)) ? null : { version: current['version'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
