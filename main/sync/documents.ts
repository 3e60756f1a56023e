import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { etagOf } from '../../shared/api/common';
import { routePath } from '../../shared/api/routes';
import type { RouteId } from '../../shared/api/routes';
import type { SyncState } from '../../shared/bridge/sync';
import type { OutboxEntry } from './outbox';
import { entriesAt, markConflict, supersedeSettled } from './outbox';
import { PULLED, pullProblem, request } from './request';
import type { ResourceHandler, Puller } from './resources';

/**
 * Whole-document resources of a location (the Numo coupling, the IP allowlist): one PUT with If-Match replaces the
 * document at the service. Like users, If-Match is decided at send time, from the version the service last gave us
 * (`remote_documents`, whose SQL lives here), so several saves queued offline go one after the other, each against
 * the version the previous one produced. A 412 keeps the change as a conflict unless the service's copy did not
 * really change. A feature describes its document once (DocumentResource); this module does the rest.
 */
export interface DocumentResource {
  /** The key of its row in `remote_documents`. */
  readonly kind: string;
  readonly putRoute: RouteId;
  readonly getRoute: RouteId;
  /** The GET answer's shape; `version` is absent while the service never had it. */
  readonly schema: z.ZodType<{ version?: number | undefined }>;
  /** The service's copy replaces the local one (nothing of ours is queued): the feature writes its own tables. */
  adopt(db: Database.Database, brin6: string, content: Record<string, unknown>): void;
}

export interface RemoteDocument {
  readonly version: number;
  readonly content: Record<string, unknown>;
}

export function remoteDocument(db: Database.Database, brin6: string, kind: string): RemoteDocument | null {
  const row = db.prepare('SELECT version, json FROM remote_documents WHERE brin6 = ? AND kind = ?').get(brin6, kind) as { version: number; json: string } | undefined;
  return row ? { version: row.version, content: JSON.parse(row.json) as Record<string, unknown> } : null;
}

/** Records the service's copy (without its `version` member, which is kept apart). */
export function setRemoteDocument(db: Database.Database, brin6: string, kind: string, body: unknown): RemoteDocument | null {
  if (typeof body !== 'object' || body === null) return null;
  const { version, ...content } = body as { version?: unknown };
  if (typeof version !== 'number') return null;
  db.prepare(
    `INSERT INTO remote_documents (brin6, kind, version, json, fetched_at) VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (brin6, kind) DO UPDATE SET version = excluded.version, json = excluded.json, fetched_at = excluded.fetched_at`,
  ).run(brin6, kind, version, JSON.stringify(content));
  return { version, content };
}

/**
 * Before a new local save: earlier saves of the same document that the service refused or that clashed are
 * superseded by it (the admin saw the message and saved again). The service's copy recorded with a conflict
 * becomes the version the new save is sent against: saving again means "keep my version". Call inside the save's
 * transaction.
 */
export function supersedeSettledDocumentEntries(db: Database.Database, brin6: string, doc: DocumentResource): void {
  const latest = supersedeSettled(db, brin6, routePath(doc.putRoute, { brin6 }));
  if (latest !== undefined) setRemoteDocument(db, brin6, doc.kind, latest);
}

/**
 * Whether the service has the local document: pending while a save is queued, failed / conflict with the Dutch
 * reason, synced when nothing waits.
 */
export function documentSyncState(db: Database.Database, brin6: string, doc: DocumentResource): SyncState {
  const rows = entriesAt(db, brin6, routePath(doc.putRoute, { brin6 }));
  const conflict = rows.find((r) => r.state === 'conflict');
  if (conflict) {
    return {
      state: 'conflict',
      message: 'Iemand anders heeft dit intussen ook gewijzigd bij de centrale dienst. Controleer de gegevens en sla opnieuw op om jouw versie te bewaren.',
    };
  }
  const failed = rows.find((r) => r.state === 'failed');
  if (failed) return { state: 'failed', message: `De centrale dienst weigerde de wijziging: ${failed.lastError ?? 'onbekende reden'} Pas de gegevens aan en sla opnieuw op.` };
  const pending = rows.find((r) => r.state === 'pending');
  if (pending) return { state: 'pending', message: pending.lastError ? `Nog niet verstuurd: ${pending.lastError}` : 'Wordt verstuurd zodra er verbinding is.' };
  return { state: 'synced', message: null };
}

/**
 * The sync engine's handler and puller for a set of documents. The handler: If-Match from the service's last known
 * version (none when the service has never had it), and as `base` the service's content at that version (an If-Match
 * set by a rebase wins); the answer or the rebase's current copy becomes the known version. The puller (before the
 * push): fetches the service's copy of each document the console does not know the version of yet (or every one
 * when the user asked), so a save goes out with the right If-Match and a second console sees the first one's work.
 */
export function documentSync(docs: readonly DocumentResource[]): { handler: ResourceHandler; puller: Puller } {
  const byRoute = new Map<string, DocumentResource>(docs.map((d) => [d.putRoute, d]));
  const record = (db: Database.Database, entry: OutboxEntry, body: unknown) => {
    const doc = byRoute.get(entry.routeId);
    if (doc) setRemoteDocument(db, entry.brin6, doc.kind, body);
  };
  const handler: ResourceHandler = {
    routes: docs.map((d) => d.putRoute),
    materialize(db, entry) {
      const doc = byRoute.get(entry.routeId);
      if (!doc || entry.ifMatch) return entry;
      const remote = remoteDocument(db, entry.brin6, doc.kind);
      return { ...entry, ifMatch: remote ? etagOf(remote.version) : null, base: remote ? { ...remote.content, version: remote.version } : {} };
    },
    delivered: record,
    rebased: record,
  };
  const puller: Puller = {
    name: 'documents',
    phase: 'before-push',
    async pull(db, brin6, connection, always) {
      for (const doc of docs) {
        if (!always && remoteDocument(db, brin6, doc.kind)) continue;
        const answer = await request(connection, doc.getRoute, { brin6 });
        if (answer.kind !== 'answer') return pullProblem(answer);
        if (answer.status === 404) continue; // nothing there yet (Numo)
        if (answer.status !== 200) return { error: `De centrale dienst antwoordde met status ${answer.status}.`, unreachable: false, needsSignIn: false };
        const parsed = doc.schema.safeParse(answer.body);
        if (!parsed.success || parsed.data.version === undefined) continue; // never saved at the service
        adoptOrCompare(db, brin6, doc, parsed.data);
      }
      return PULLED;
    },
  };
  return { handler, puller };
}

/** When nothing of ours is queued, the service's copy replaces the local one (the service is authoritative). */
function adoptOrCompare(db: Database.Database, brin6: string, doc: DocumentResource, copy: unknown): void {
  const waiting = entriesAt(db, brin6, routePath(doc.putRoute, { brin6 })).filter((e) => e.state === 'pending');
  const known = remoteDocument(db, brin6, doc.kind) !== null;
  db.transaction(() => {
    if (waiting.length === 0) {
      // Nothing of ours waits: the service's copy is the truth, also locally.
      const remote = setRemoteDocument(db, brin6, doc.kind, copy);
      if (remote) doc.adopt(db, brin6, remote.content);
    } else if (!known) {
      // Saved here before this console ever saw the service's copy: if that copy says something else, the admin
      // decides (conflict, saving again keeps ours); never a silent overwrite of someone else's work.
      const remote = setRemoteDocument(db, brin6, doc.kind, copy);
      if (remote && canonical(waiting[0]!.body ?? null) !== canonical(remote.content)) {
        for (const w of waiting) markConflict(db, w.seq, copy, 'De centrale dienst had al een andere versie.');
      }
    }
    // Else: our queued saves go out first, against the version we know; a 412 then says whether someone else changed it.
  })();
}

/** JSON with sorted keys, to compare two copies of a document regardless of member order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
