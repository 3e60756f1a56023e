import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { routeOf, routePath } from '../../shared/api/routes';
import type { RouteId, RouteParams } from '../../shared/api/routes';

/**
 * The `outbox` table: its SQL lives here, and only here. Features queue, supersede and read their entries through
 * these functions; the pusher delivers them. Each entry names its route (shared/api/routes.ts), from which its method
 * and path come.
 */

/** One queued change: an API call, with the Idempotency-Key it will carry on every attempt. */
export interface OutboxEntry {
  readonly seq: number;
  readonly brin6: string;
  readonly routeId: string;
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body: unknown;
  readonly ifMatch: string | null;
  /** For a PATCH: the resource as the change was made against (for a field-wise merge after 412). */
  readonly base: unknown;
  readonly idempotencyKey: string;
  readonly attempts: number;
  readonly nextAttemptAt: number;
}

export interface Enqueue {
  readonly routeId: RouteId;
  /** The route's {params}; `brin6` defaults to the location the entry is queued for. */
  readonly params?: RouteParams;
  /**
   * The path the entry is about when it is not the request path: a creation carries the path of what it creates
   * (`/v1/locations/{brin6}/users/local-…`), so it shares a resource key with every later change of it; the
   * feature's materialize turns it into the request path at send time.
   */
  readonly resource?: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly base?: unknown;
}

/**
 * Queues a change. Must run inside the transaction that makes the local change, so the two are saved together or
 * not at all. The Idempotency-Key is chosen here, once.
 */
export function enqueue(db: Database.Database, brin6: string, change: Enqueue): number {
  if (!db.inTransaction) throw new Error('enqueue must run inside the transaction of the local change');
  const route = routeOf(change.routeId);
  if (route.method === 'GET') throw new Error(`enqueue: ${change.routeId} changes nothing`);
  const method = route.method;
  const path = change.resource ?? routePath(change.routeId, { brin6, ...change.params });
  return Number(
    db
      .prepare('INSERT INTO outbox (brin6, route_id, method, path, body_json, if_match, base_json, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        brin6, change.routeId, method, path, change.body === undefined ? null : JSON.stringify(change.body), change.ifMatch ?? null,
        change.base === undefined ? null : JSON.stringify(change.base), crypto.randomUUID(),
      )
      .lastInsertRowid,
  );
}

interface Row {
  seq: number;
  brin6: string;
  route_id: string;
  method: OutboxEntry['method'];
  path: string;
  body_json: string | null;
  if_match: string | null;
  base_json: string | null;
  idempotency_key: string;
  attempts: number;
  next_attempt_at: number;
}

function toEntry(r: Row): OutboxEntry {
  return {
    seq: r.seq,
    brin6: r.brin6,
    routeId: r.route_id,
    method: r.method,
    path: r.path,
    body: r.body_json === null ? undefined : (JSON.parse(r.body_json) as unknown),
    ifMatch: r.if_match,
    base: r.base_json === null ? undefined : (JSON.parse(r.base_json) as unknown),
    idempotencyKey: r.idempotency_key,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
  };
}

/** The oldest pending entries of a location, in the order they were made. */
export function pendingEntries(db: Database.Database, brin6: string, limit: number): OutboxEntry[] {
  return (db.prepare("SELECT * FROM outbox WHERE brin6 = ? AND state = 'pending' ORDER BY seq LIMIT ?").all(brin6, limit) as Row[]).map(toEntry);
}

/**
 * The failed and conflicting entries of a location (the service refused them, or someone else changed the same thing):
 * the pusher holds back later changes of their resource when the resource's handler says so.
 */
export function settledEntries(db: Database.Database, brin6: string): Array<Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>> {
  return db.prepare("SELECT route_id AS routeId, path, seq FROM outbox WHERE brin6 = ? AND state IN ('failed', 'conflict')").all(brin6) as Array<
    Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>
  >;
}

export function pendingCount(db: Database.Database, brin6?: string): number {
  return (brin6 === undefined
    ? db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").pluck().get()
    : db.prepare("SELECT COUNT(*) FROM outbox WHERE brin6 = ? AND state = 'pending'").pluck().get(brin6)) as number;
}

export function failedEntries(db: Database.Database, brin6: string): Array<OutboxEntry & { lastError: string }> {
  return (db.prepare("SELECT * FROM outbox WHERE brin6 = ? AND state = 'failed' ORDER BY seq").all(brin6) as Array<Row & { last_error: string }>).map((r) => ({
    ...toEntry(r),
    lastError: r.last_error,
  }));
}

/**
 * Delivered (the service confirmed it, or replayed its first answer): the entries leave the queue, together in one
 * transaction. If the PC loses power before this commits, they are sent again and the service replays its answer.
 */
export function markDelivered(db: Database.Database, seqs: readonly number[]): void {
  if (seqs.length === 0) return;
  const remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
  db.transaction(() => {
    for (const seq of seqs) remove.run(seq);
  })();
}

/** Not delivered now; try again at `nextAttemptAt`. The entry keeps its place and its key; `failedAt` starts its delay. */
export function markRetry(db: Database.Database, seq: number, nextAttemptAt: number, error: string, failedAt: number): void {
  db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, failing_since = COALESCE(failing_since, ?) WHERE seq = ?').run(
    nextAttemptAt, error, failedAt, seq,
  );
}

/** The service refused the change for good (a 4xx that retrying cannot fix): kept, visible, never silently dropped. */
export function markFailed(db: Database.Database, seq: number, error: string): void {
  db.prepare("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?").run(error, seq);
}

/**
 * After a 412 whose changes do not overlap ours: the change, now against the service's current version (which is
 * its new base); `body`, when given, is what is left to send of it after the merge.
 */
export function rebase(db: Database.Database, seq: number, ifMatch: string, base: unknown, body?: unknown): void {
  if (body === undefined) db.prepare('UPDATE outbox SET if_match = ?, base_json = ? WHERE seq = ?').run(ifMatch, JSON.stringify(base), seq);
  else db.prepare('UPDATE outbox SET if_match = ?, base_json = ?, body_json = ? WHERE seq = ?').run(ifMatch, JSON.stringify(base), JSON.stringify(body), seq);
}

/**
 * Both sides changed the same field: keep the local change and the base it was made from, with the service's copy
 * it clashed with, for the admin to decide field by field.
 */
export function markConflict(db: Database.Database, seq: number, current: unknown, message: string): void {
  db.prepare("UPDATE outbox SET state = 'conflict', conflict_json = ?, last_error = ? WHERE seq = ?").run(JSON.stringify(current), message, seq);
}

/** The conflicting entries of a location, each with the service's copy it clashed with (`current`). */
export function conflicts(db: Database.Database, brin6: string): Array<OutboxEntry & { lastError: string; current: unknown }> {
  return (db.prepare("SELECT * FROM outbox WHERE brin6 = ? AND state = 'conflict' ORDER BY seq").all(brin6) as Array<Row & { last_error: string; conflict_json: string | null }>).map(
    (r) => ({ ...toEntry(r), lastError: r.last_error, current: r.conflict_json === null ? undefined : (JSON.parse(r.conflict_json) as unknown) }),
  );
}

/** One entry as a feature sees it: its state, and what the pusher last recorded of it. */
export interface QueuedEntry {
  readonly seq: number;
  readonly routeId: string;
  readonly path: string;
  readonly state: 'pending' | 'failed' | 'conflict';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly body: unknown;
  /** What the change was made against (the admin's view before the edit), when the feature recorded it. */
  readonly baseJson: string | null;
  /** For a conflict: the service's version it clashed with. */
  readonly conflictJson: string | null;
}

const QUEUED = `SELECT seq, route_id AS routeId, path, state, attempts, last_error AS lastError, body_json AS bodyJson, base_json AS baseJson,
                       conflict_json AS conflictJson FROM outbox`;

function toQueued(r: Omit<QueuedEntry, 'body'> & { bodyJson: string | null }): QueuedEntry {
  const { bodyJson, ...rest } = r;
  return { ...rest, body: bodyJson === null ? undefined : (JSON.parse(bodyJson) as unknown) };
}

/**
 * The entries about one resource path — with `below`, also those about anything under it (a user's roles and
 * invitation under the user) — oldest first. Two ranges on the (brin6, path) index ('/' + 1 = '0').
 */
export function entriesAt(db: Database.Database, brin6: string, path: string, options: { below?: boolean } = {}): QueuedEntry[] {
  const rows = options.below
    ? db.prepare(`${QUEUED} WHERE brin6 = ? AND (path = ? OR (path >= ? AND path < ?)) ORDER BY seq`).all(brin6, path, `${path}/`, `${path}0`)
    : db.prepare(`${QUEUED} WHERE brin6 = ? AND path = ? ORDER BY seq`).all(brin6, path);
  return (rows as Array<Omit<QueuedEntry, 'body'> & { bodyJson: string | null }>).map(toQueued);
}

/** Every entry of a location whose path starts with `prefix` (all of its users, for the list's sync column). */
export function entriesUnder(db: Database.Database, brin6: string, prefix: string): QueuedEntry[] {
  const last = String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return (db.prepare(`${QUEUED} WHERE brin6 = ? AND path >= ? AND path < ? ORDER BY seq`).all(brin6, prefix, `${prefix.slice(0, -1)}${last}`) as Array<
    Omit<QueuedEntry, 'body'> & { bodyJson: string | null }
  >).map(toQueued);
}

/** The entries of one route of a location, oldest first (where the school data's upload stands). */
export function entriesOfRoute(db: Database.Database, brin6: string, routeId: RouteId): QueuedEntry[] {
  return (db.prepare(`${QUEUED} WHERE brin6 = ? AND route_id = ? ORDER BY seq`).all(brin6, routeId) as Array<Omit<QueuedEntry, 'body'> & { bodyJson: string | null }>).map(
    toQueued,
  );
}

/** Removes entries that have nothing left to do (superseded, or their resource is gone). Inside the caller's transaction. */
export function removeEntries(db: Database.Database, seqs: readonly number[]): void {
  const del = db.prepare('DELETE FROM outbox WHERE seq = ?');
  for (const seq of seqs) del.run(seq);
}

/**
 * A newer change replaces what of this route was queued but never tried (an older confirmed import's upload): the
 * service never saw those, so dropping them loses nothing. Entries already tried keep their key and go out first.
 */
export function supersedeUntried(db: Database.Database, brin6: string, routeId: RouteId): void {
  db.prepare("DELETE FROM outbox WHERE brin6 = ? AND route_id = ? AND state = 'pending' AND attempts = 0").run(brin6, routeId);
}

/**
 * A new save of a whole document supersedes its earlier saves that the service refused or that clashed (the admin
 * saw the message and saved again). Returns the service's version recorded with the newest conflict, if any.
 */
export function supersedeSettled(db: Database.Database, brin6: string, path: string): unknown {
  const latest = db.prepare("SELECT conflict_json FROM outbox WHERE brin6 = ? AND path = ? AND state = 'conflict' ORDER BY seq DESC LIMIT 1").pluck().get(brin6, path) as
    | string
    | null
    | undefined;
  db.prepare("DELETE FROM outbox WHERE brin6 = ? AND path = ? AND state IN ('failed', 'conflict')").run(brin6, path);
  return latest ? (JSON.parse(latest) as unknown) : undefined;
}

/** Whether a change that was tried still waits for its retry (then a round is not "gesynchroniseerd"). */
export function retrying(db: Database.Database, brin6: string): boolean {
  return db.prepare("SELECT 1 FROM outbox WHERE brin6 = ? AND state = 'pending' AND attempts > 0 LIMIT 1").get(brin6) !== undefined;
}

/** Per location: queued, refused, conflicting and delayed entries (tried `attempts` times, or failing since `since`). */
export function outboxCounts(
  db: Database.Database,
  delayedAfterAttempts: number,
  since: number,
): Map<string, { pending: number; failed: number; conflicts: number; delayed: number; delayedReason: string | null }> {
  const delayed = (o: string) => `${o}state = 'pending' AND ${o}attempts > 0 AND (${o}attempts >= ${delayedAfterAttempts} OR ${o}failing_since <= @since)`;
  const rows = db
    .prepare(
      `SELECT brin6, SUM(state = 'pending') AS pending, SUM(state = 'failed') AS failed, SUM(state = 'conflict') AS conflicts,
              SUM(${delayed('')}) AS delayed,
              (SELECT o.last_error FROM outbox o WHERE o.brin6 = outbox.brin6 AND ${delayed('o.')} ORDER BY o.seq LIMIT 1) AS delayedReason
       FROM outbox GROUP BY brin6`,
    )
    .all({ since }) as Array<{ brin6: string; pending: number; failed: number; conflicts: number; delayed: number; delayedReason: string | null }>;
  return new Map(rows.map(({ brin6, ...counts }) => [brin6, counts]));
}
