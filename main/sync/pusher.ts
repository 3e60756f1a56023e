import type Database from 'better-sqlite3';
import { sendBatch, sendEntry } from './client';
import type { SendOutcome } from './client';
import { isLasting } from '../../shared/domain/network';
import type { NetworkProblem } from '../../shared/domain/network';
import type { Transport } from '../transport/transport';
import { etagOf } from '../../shared/api/common';
import type { z } from 'zod';
import { routeOf } from '../../shared/api/routes';
import type { RouteId } from '../../shared/api/routes';
import { markConflict, markDelivered, markFailed, markRetry, pendingCount, pendingEntries, rebase, settledEntries } from './outbox';
import type { OutboxEntry } from './outbox';
import type { SyncRegistry } from './resources';
import { recordRoundError, recordRoundSuccess } from './status';

export interface PushOptions {
  /** What the features registered: how each route's entries are materialised and recorded. */
  readonly registry: SyncRegistry;
  readonly baseUrl: string;
  readonly transport: Transport;
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
  /** The service could not be reached at all (the console is offline), or something else answered in its place. */
  readonly unreachable: boolean;
  /** Why the service gave no answer (the last such problem of the round), or null. */
  readonly problem: NetworkProblem | null;
  readonly needsSignIn: boolean;
}

export function backoffDelay(attempts: number, random: () => number, baseMs: number, capMs: number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempts, 30)));
}

export const CONFLICT_MESSAGE = 'Iemand anders heeft dezelfde gegevens intussen ook gewijzigd. Kies welke versie blijft.';

/** At most this many changes (each about a different resource) travel in one batch request. */
const BATCH = 200;
const WINDOW = 2000;

/**
 * Delivers a location's queued changes in rounds. Each round takes the oldest waiting change of every resource (one
 * user, the school data, the allowlist: see SyncRegistry.resourceKey) and sends them together in batches; so changes to one resource go one by one
 * in the order they were made, and one that must be retried holds back the later changes to its resource (never
 * overtaken), while different resources travel side by side. A change the service refuses for good is kept as
 * `failed` (with the Dutch reason), a clash with someone else's change as `conflict`; nothing is removed unless the
 * service confirmed it.
 */
export async function pushLocation(db: Database.Database, brin6: string, options: PushOptions): Promise<PushResult> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let delivered = 0;
  let failed = 0;
  let error: string | null = null;
  let retryAt: number | null = null;
  let needsSignIn = false;
  let unreachable = false;
  let problem: NetworkProblem | null = null;
  const { registry } = options;
  // A resource whose earlier change was refused or is in conflict: its later changes wait (they build on it), when
  // its handler says so (a user's chain; a new save of a whole document supersedes instead).
  const blocked = new Set(settledEntries(db, brin6).filter((e) => registry.handlerOf(e.routeId)?.holdsAfterRefusal).map((e) => registry.resourceKey(e)));

  /** `entry` as queued, `request` as sent (materialized: the service's id, version and base for a user). */
  /**
   * Entries that leave the queue, with what their handler records of the answer: committed together, once per batch
   * (one fsync, not one per change), before the next round materialises anything against them.
   */
  type Done = { readonly seq: number; readonly record?: () => void };
  const commit = (done: Done[]) => {
    if (done.length === 0) return;
    db.transaction(() => {
      for (const d of done) d.record?.();
      markDelivered(db, done.map((d) => d.seq));
    })();
    done.length = 0;
  };

  const conflict = (entry: OutboxEntry, key: string, current: unknown) => {
    markConflict(db, entry.seq, current, CONFLICT_MESSAGE);
    error = 'Er is een conflict: iemand anders heeft dezelfde gegevens intussen ook gewijzigd.';
    blocked.add(key);
  };

  const settle = (entry: OutboxEntry, request: OutboxEntry, key: string, outcome: SendOutcome, done: Done[]) => {
    switch (outcome.kind) {
      case 'delivered': {
        delivered++;
        const handler = registry.handlerOf(entry.routeId);
        // The answer (a user's id and version, a document's version) and the entry leaving the queue commit
        // together: the next change of this resource is sent against exactly this version, also after a crash.
        done.push({ seq: entry.seq, ...(handler?.delivered ? { record: () => handler.delivered!(db, entry, outcome.body) } : {}) });
        return;
      }
      case 'retry': {
        const delay = outcome.retryAfterMs ?? backoffDelay(entry.attempts, random, options.backoffBaseMs ?? 500, options.backoffCapMs ?? 60_000);
        const at = now() + delay;
        markRetry(db, entry.seq, at, outcome.reason, now());
        if (outcome.unreachable) unreachable = true;
        if (outcome.problem) problem = outcome.problem;
        retryAt = retryAt === null ? at : Math.min(retryAt, at);
        error = outcome.reason;
        blocked.add(key);
        return;
      }
      case 'sign-in':
        needsSignIn = true;
        error = outcome.reason;
        return;
      case 'stale': {
        // A deletion changes no field: it goes ahead against the current version, whatever others changed.
        const handler = registry.handlerOf(entry.routeId);
        const merged: { readonly version: number; readonly body?: unknown } | null =
          request.method !== 'DELETE' && handler?.merge
            ? handler.merge(request, outcome.current)
            : mergeAfterStale(request.method === 'DELETE' ? {} : request.body, request.base, outcome.current);
        if (merged) {
          db.transaction(() => {
            rebase(db, entry.seq, etagOf(merged.version), outcome.current, merged.body); // sent again next round
            registry.handlerOf(entry.routeId)?.rebased?.(db, entry, outcome.current);
          })();
          return;
        }
        conflict(entry, key, outcome.current);
        return;
      }
      case 'refused':
        markFailed(db, entry.seq, outcome.reason);
        if (registry.handlerOf(entry.routeId)?.holdsAfterRefusal) blocked.add(key); // later changes wait for the admin
        failed++;
        error = outcome.reason;
        return;
    }
  };

  while (!needsSignIn) {
    // The head of every resource that is not waiting for a retry.
    const heads = new Map<string, OutboxEntry>();
    for (const entry of pendingEntries(db, brin6, WINDOW)) {
      const key = registry.resourceKey(entry);
      if (blocked.has(key) || heads.has(key)) continue;
      if (entry.nextAttemptAt > now()) {
        blocked.add(key);
        retryAt = retryAt === null ? entry.nextAttemptAt : Math.min(retryAt, entry.nextAttemptAt);
        continue;
      }
      heads.set(key, entry);
    }
    if (heads.size === 0) break;
    const done: Done[] = [];
    const batchable: Array<[string, OutboxEntry, OutboxEntry]> = [];
    for (const [key, entry] of heads) {
      const handler = registry.handlerOf(entry.routeId);
      const invalid = invalidBody(entry, handler?.queuedBody);
      if (invalid) {
        // What was queued does not fit its contract: kept as refused, with why, never sent.
        markFailed(db, entry.seq, invalid);
        if (handler?.holdsAfterRefusal) blocked.add(key);
        failed++;
        error = invalid;
        continue;
      }
      const request = handler?.materialize ? handler.materialize(db, entry) : entry;
      if (!request) done.push({ seq: entry.seq }); // superseded by a newer queued entry
      else if (request === 'hold') blocked.add(key); // e.g. its user's creation has not been delivered
      else if ('clash' in request) conflict(entry, key, request.clash); // a newer copy known here changed the same field
      else if (handler?.sendsAlone) settle(entry, request, key, await sendEntry(request, options), done); // large: alone
      else batchable.push([key, entry, request]);
      if (needsSignIn) break;
    }
    for (let i = 0; i < batchable.length && !needsSignIn; i += BATCH) {
      const slice = batchable.slice(i, i + BATCH);
      const outcomes = await sendBatch(brin6, slice.map(([, , request]) => request), options);
      slice.forEach(([key, entry, request], k) => settle(entry, request, key, outcomes[k]!, done));
      commit(done);
    }
    commit(done);
  }
  recordState(db, brin6, delivered > 0 && error === null, error);
  return { delivered, failed, pending: pendingCount(db, brin6), retryAt: needsSignIn ? null : retryAt, error, needsSignIn, unreachable, problem };
}

function recordState(db: Database.Database, brin6: string, success: boolean, error: string | null): void {
  if (success) recordRoundSuccess(db, brin6);
  else if (error) recordRoundError(db, brin6, error);
}

/** Pushes until the queue is empty, waiting out retries, for at most `maxMs`. For the CLI and tests. */
export async function pushUntilIdle(db: Database.Database, brin6: string, options: PushOptions & { maxMs: number }): Promise<PushResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.maxMs;
  let total = { delivered: 0, failed: 0 };
  for (;;) {
    const result = await pushLocation(db, brin6, options);
    total = { delivered: total.delivered + result.delivered, failed: total.failed + result.failed };
    // A proxy, a certificate or a web filter in the way: retrying within the minute cannot help; say why at once.
    if (result.pending === 0 || result.needsSignIn || isLasting(result.problem) || result.retryAt === null || result.retryAt > deadline) return { ...result, ...total };
    await new Promise((r) => setTimeout(r, Math.max(0, result.retryAt! - now())));
  }
}

/**
 * A queued body is read back from the database, so it is parsed, not trusted: against the handler's `queuedBody`
 * (a reference the handler builds the request from) or else its route's request schema (shared/api/routes.ts). A
 * Dutch reason when it does not fit, else null. What is sent stays the queued text itself (a retry must carry the same
 * body under its Idempotency-Key). A body a handler builds at send time from local tables is not parsed again: for a
 * 100,000-pupil upload that took 130–150 ms on the thread that answers the window.
 */
function invalidBody(entry: OutboxEntry, queuedBody: z.ZodType | undefined): string | null {
  const schema = queuedBody ?? routeOf(entry.routeId as RouteId).body;
  if (!schema || entry.body === undefined) return null;
  const parsed = schema.safeParse(entry.body);
  if (parsed.success) return null;
  return `Deze wijziging kan niet worden verstuurd: ${parsed.error.issues[0]?.message ?? 'de gegevens kloppen niet'}. Voer haar opnieuw in.`;
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
