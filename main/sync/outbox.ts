import type Database from 'better-sqlite3';
import crypto from 'node:crypto';

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
  readonly routeId: string;
  readonly method: OutboxEntry['method'];
  readonly path: string;
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
  return Number(
    db
      .prepare('INSERT INTO outbox (brin6, route_id, method, path, body_json, if_match, base_json, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        brin6, change.routeId, change.method, change.path, change.body === undefined ? null : JSON.stringify(change.body), change.ifMatch ?? null,
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
 * Which entries must keep their relative order: those about the same resource (one user, the school data, the
 * allowlist). A user made in this console carries its local id in the path of its creation and of every later
 * change (`/v1/locations/{brin6}/users/local-…`, mapped to the service's id at send time), so its creation, roles,
 * invitation and deletion share one key and go strictly in order. A creation without local user (the collection
 * path) is its own resource.
 */
export function resourceKey(entry: Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>): string {
  const user = /^(\/v1\/locations\/[^/]+\/users\/[^/]+)/.exec(entry.path);
  if (user) return user[1]!;
  return entry.routeId === 'createUser' ? `create:${entry.seq}` : entry.path;
}

/**
 * Resources that wait for the user: a change of a user that the service refused or that is in conflict holds back
 * every later change of that user (they were made on top of it), until the admin acts (see main/users).
 */
export function heldUserResources(db: Database.Database, brin6: string): Set<string> {
  const rows = db.prepare("SELECT route_id AS routeId, path, seq FROM outbox WHERE brin6 = ? AND state IN ('failed', 'conflict') AND path LIKE '%/users/%'").all(brin6) as Array<
    Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>
  >;
  return new Set(rows.map(resourceKey));
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

/** After a 412 whose changes do not overlap ours: the same change, now against the service's current version. */
export function rebase(db: Database.Database, seq: number, ifMatch: string, base: unknown): void {
  db.prepare('UPDATE outbox SET if_match = ?, base_json = ? WHERE seq = ?').run(ifMatch, JSON.stringify(base), seq);
}

/** Both sides changed the same field: keep the local change, with the service's version, for the user to decide. */
export function markConflict(db: Database.Database, seq: number, current: unknown, message: string): void {
  db.prepare("UPDATE outbox SET state = 'conflict', base_json = ?, last_error = ? WHERE seq = ?").run(JSON.stringify(current), message, seq);
}

export function conflicts(db: Database.Database, brin6: string): Array<OutboxEntry & { lastError: string }> {
  return (db.prepare("SELECT * FROM outbox WHERE brin6 = ? AND state = 'conflict' ORDER BY seq").all(brin6) as Array<Row & { last_error: string }>).map((r) => ({
    ...toEntry(r),
    lastError: r.last_error,
  }));
}
