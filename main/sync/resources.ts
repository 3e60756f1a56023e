import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { RouteId } from '../../shared/api/routes';
import type { OutboxEntry } from './outbox';
import type { Endpoint, PullOutcome } from './request';

/**
 * What a feature tells the sync engine about the changes it queues (as Signal Desktop's job queues and Actual
 * Budget's per-domain handlers do): the engine owns the queue, the order and the HTTP; the feature owns its tables.
 * Each is registered once, in main/app/sync-resources.ts.
 */
export interface ResourceHandler {
  /** The routes whose queued entries this handler is about (each route has at most one handler). */
  readonly routes: readonly RouteId[];
  /**
   * Which entries must keep their relative order: those with the same key go strictly one after the other. Default:
   * the entry's path.
   */
  resourceKey?(entry: Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>): string;
  /**
   * The request to send for an entry, at send time (the service's id and version, a large body built from local
   * data). null: superseded, it leaves the queue unsent; 'hold': it cannot go yet; a Clash: a newer copy of the
   * service already known here was changed where this entry changes it (a conflict, without sending). Default: the
   * entry as queued.
   */
  materialize?(db: Database.Database, entry: OutboxEntry): OutboxEntry | 'hold' | Clash | null;
  /**
   * After a 412: the three-way merge of the sent change (`request`, with its base) with the service's `current`
   * copy. The version to send against and what is left to send, or null: a conflict for the admin. Default:
   * mergeAfterStale (no overlap of changed fields).
   */
  merge?(request: OutboxEntry, current: unknown): { readonly version: number; readonly body?: unknown } | null;
  /** The service confirmed the entry; `body` is its answer. Runs in the transaction that takes it from the queue. */
  delivered?(db: Database.Database, entry: OutboxEntry, body: unknown): void;
  /** After a 412 merged field by field: the entry is now sent against `current`. Runs in the rebase's transaction. */
  rebased?(db: Database.Database, entry: OutboxEntry, current: unknown): void;
  /** A refused or conflicting entry holds back every later entry of its resource (they were made on top of it). */
  readonly holdsAfterRefusal?: boolean;
  /**
   * What this handler queues, when it is not the route's request body (a reference the request is built from at send
   * time): the engine parses every queued body against it, or else against the route's schema, before it is sent.
   */
  readonly queuedBody?: z.ZodType;
  /** Too large to travel in a batch: sent on its own. */
  readonly sendsAlone?: boolean;
}

/** An entry that clashes, before sending, with the service's copy known here (`current`). */
export interface Clash {
  readonly clash: unknown;
}

/** A GET the engine makes for a feature in each round of a signed-in location. */
export interface Puller {
  readonly name: string;
  /** Before the push (the versions queued saves are sent against), or after it (what changed at the service). */
  readonly phase: 'before-push' | 'after-push';
  /** Whether this round needs it; `explicit`: the user asked to sync. Default: always. */
  due?(db: Database.Database, brin6: string, explicit: boolean): boolean;
  pull(db: Database.Database, brin6: string, endpoint: Endpoint & { readonly token: string }, explicit: boolean): Promise<PullOutcome>;
}

/** Every handler and puller of the app, looked up by route. */
export class SyncRegistry {
  private readonly byRoute = new Map<string, ResourceHandler>();

  constructor(
    readonly resources: readonly ResourceHandler[],
    readonly pullers: readonly Puller[],
  ) {
    for (const handler of resources) {
      for (const route of handler.routes) {
        if (this.byRoute.has(route)) throw new Error(`Two sync handlers for route ${route}`);
        this.byRoute.set(route, handler);
      }
    }
  }

  handlerOf(routeId: string): ResourceHandler | undefined {
    return this.byRoute.get(routeId);
  }

  resourceKey(entry: Pick<OutboxEntry, 'routeId' | 'path' | 'seq'>): string {
    return this.handlerOf(entry.routeId)?.resourceKey?.(entry) ?? entry.path;
  }
}
