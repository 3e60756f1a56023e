import type Database from 'better-sqlite3';
import { etagOf } from '../../shared/api/common';
import { ipAllowlistSchema, numoSchema } from '../../shared/api/resources';
import type { SyncState } from '../../shared/bridge/numo';
import type { OutboxEntry } from './outbox';
import { markConflict } from './outbox';
import { adoptRemoteNumo } from '../numo/store';
import { adoptRemoteAllowlist } from '../allowlist/store';

/**
 * Whole-document resources of a location (the Numo coupling, the IP allowlist): one PUT with If-Match replaces the
 * document at the service. Like users, If-Match is decided at send time, from the version the service last gave us
 * (`remote_documents`), so several saves queued offline go one after the other, each against the version the
 * previous one produced. A 412 keeps the change as a conflict unless the service's copy did not really change.
 */
export type DocumentKind = 'numo' | 'ip-allowlist';

const ROUTE_KIND: Readonly<Record<string, DocumentKind>> = { putNumo: 'numo', putIpAllowlist: 'ip-allowlist' };
const GET_ROUTE: Readonly<Record<DocumentKind, { path: (brin6: string) => string; schema: typeof numoSchema | typeof ipAllowlistSchema }>> = {
  numo: { path: (b) => `/v1/locations/${b}/numo`, schema: numoSchema },
  'ip-allowlist': { path: (b) => `/v1/locations/${b}/ip-allowlist`, schema: ipAllowlistSchema },
};

export function documentKindOfRoute(routeId: string): DocumentKind | null {
  return ROUTE_KIND[routeId] ?? null;
}

export function documentPath(brin6: string, kind: DocumentKind): string {
  return GET_ROUTE[kind].path(brin6);
}

export interface RemoteDocument {
  readonly version: number;
  readonly content: Record<string, unknown>;
}

export function remoteDocument(db: Database.Database, brin6: string, kind: DocumentKind): RemoteDocument | null {
  const row = db.prepare('SELECT version, json FROM remote_documents WHERE brin6 = ? AND kind = ?').get(brin6, kind) as { version: number; json: string } | undefined;
  return row ? { version: row.version, content: JSON.parse(row.json) as Record<string, unknown> } : null;
}

/** Records the service's copy (without its `version` member, which is kept apart). */
export function setRemoteDocument(db: Database.Database, brin6: string, kind: DocumentKind, body: unknown): RemoteDocument | null {
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
 * The request to send for a document entry: If-Match from the service's last known version (none when the service
 * has never had it), and as `base` the service's content at that version. An If-Match set by a rebase wins.
 */
export function materializeDocumentEntry(db: Database.Database, entry: OutboxEntry): OutboxEntry {
  const kind = documentKindOfRoute(entry.routeId);
  if (!kind) return entry;
  const remote = remoteDocument(db, entry.brin6, kind);
  if (entry.ifMatch) return entry;
  return { ...entry, ifMatch: remote ? etagOf(remote.version) : null, base: remote ? { ...remote.content, version: remote.version } : {} };
}

/** The service confirmed a save: its answer is the document as it now is. Call in the transaction that dequeues it. */
export function recordDocumentDelivered(db: Database.Database, entry: OutboxEntry, body: unknown): void {
  const kind = documentKindOfRoute(entry.routeId);
  if (kind) setRemoteDocument(db, entry.brin6, kind, body);
}

/** After a 412 that could be rebased: the service's current copy is what the change is now sent against. */
export function recordDocumentRebased(db: Database.Database, entry: OutboxEntry, current: unknown): void {
  const kind = documentKindOfRoute(entry.routeId);
  if (kind) setRemoteDocument(db, entry.brin6, kind, current);
}

/**
 * Before a new local save: earlier saves of the same document that the service refused or that clashed are
 * superseded by it (the admin saw the message and saved again). The service's copy recorded with a conflict
 * becomes the version the new save is sent against: saving again means "keep my version". Call inside the save's
 * transaction.
 */
export function supersedeSettledDocumentEntries(db: Database.Database, brin6: string, kind: DocumentKind): void {
  const path = documentPath(brin6, kind);
  const conflicts = db.prepare("SELECT base_json FROM outbox WHERE brin6 = ? AND path = ? AND state = 'conflict' ORDER BY seq DESC").pluck().all(brin6, path) as Array<string | null>;
  const latest = conflicts[0];
  if (latest) setRemoteDocument(db, brin6, kind, JSON.parse(latest) as unknown);
  db.prepare("DELETE FROM outbox WHERE brin6 = ? AND path = ? AND state IN ('failed', 'conflict')").run(brin6, path);
}

/**
 * Whether the service has the local document: pending while a save is queued, failed / conflict with the Dutch
 * reason, synced when nothing waits. Null when there is nothing to sync (no local document).
 */
export function documentSyncState(db: Database.Database, brin6: string, kind: DocumentKind): SyncState {
  const rows = db.prepare('SELECT state, last_error FROM outbox WHERE brin6 = ? AND path = ? ORDER BY seq').all(brin6, documentPath(brin6, kind)) as Array<{
    state: 'pending' | 'failed' | 'conflict';
    last_error: string | null;
  }>;
  const conflict = rows.find((r) => r.state === 'conflict');
  if (conflict) {
    return {
      state: 'conflict',
      message: 'Iemand anders heeft dit intussen ook gewijzigd bij de centrale dienst. Controleer de gegevens en sla opnieuw op om jouw versie te bewaren.',
    };
  }
  const failed = rows.find((r) => r.state === 'failed');
  if (failed) return { state: 'failed', message: `De centrale dienst weigerde de wijziging: ${failed.last_error ?? 'onbekende reden'} Pas de gegevens aan en sla opnieuw op.` };
  const pending = rows.find((r) => r.state === 'pending');
  if (pending) return { state: 'pending', message: pending.last_error ? `Nog niet verstuurd: ${pending.last_error}` : 'Wordt verstuurd zodra er verbinding is.' };
  return { state: 'synced', message: null };
}

export interface DocumentPullOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs?: number;
  /** Fetch even when a copy is known (the user asked to sync). */
  readonly always?: boolean;
}

/** How the service's copy replaces the local one, per kind (the capability owns its tables). */
const adopters: Readonly<Record<DocumentKind, (db: Database.Database, brin6: string, content: Record<string, unknown>) => void>> = {
  numo: adoptRemoteNumo,
  'ip-allowlist': adoptRemoteAllowlist,
};

/**
 * Fetches the service's copy of each document the console does not know the version of yet (or every one, with
 * `always`), so a save goes out with the right If-Match and a second console sees the first one's work. When nothing
 * of ours is queued for it, the service's copy replaces the local one (the service is authoritative).
 * Returns an error in Dutch, or null; unreachable and needsSignIn as the other pullers.
 */
export async function pullDocuments(
  db: Database.Database,
  brin6: string,
  options: DocumentPullOptions,
): Promise<{ error: string | null; unreachable: boolean; needsSignIn: boolean }> {
  for (const kind of ['numo', 'ip-allowlist'] as const) {
    if (!options.always && remoteDocument(db, brin6, kind)) continue;
    let response: Response;
    try {
      response = await fetch(new URL(documentPath(brin6, kind), options.baseUrl), {
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      return { error: 'Geen verbinding met de centrale dienst.', unreachable: true, needsSignIn: false };
    }
    if (response.status === 401) return { error: 'Je sessie is verlopen. Meld je opnieuw aan.', unreachable: false, needsSignIn: true };
    if (response.status === 404) continue; // nothing there yet (Numo)
    if (response.status !== 200) return { error: `De centrale dienst antwoordde met status ${response.status}.`, unreachable: false, needsSignIn: false };
    const parsed = GET_ROUTE[kind].schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success || parsed.data.version === undefined) continue; // never saved at the service
    const path = documentPath(brin6, kind);
    const waiting = db.prepare("SELECT seq, body_json FROM outbox WHERE brin6 = ? AND path = ? AND state = 'pending' ORDER BY seq").all(brin6, path) as Array<{ seq: number; body_json: string | null }>;
    const known = remoteDocument(db, brin6, kind) !== null;
    db.transaction(() => {
      if (waiting.length === 0) {
        // Nothing of ours waits: the service's copy is the truth, also locally.
        const remote = setRemoteDocument(db, brin6, kind, parsed.data);
        if (remote) adopters[kind](db, brin6, remote.content);
      } else if (!known) {
        // Saved here before this console ever saw the service's copy: if that copy says something else, the admin
        // decides (conflict, saving again keeps ours); never a silent overwrite of someone else's work.
        const remote = setRemoteDocument(db, brin6, kind, parsed.data);
        const ours = waiting[0]!.body_json === null ? null : (JSON.parse(waiting[0]!.body_json) as unknown);
        if (remote && canonical(ours) !== canonical(remote.content)) {
          for (const w of waiting) markConflict(db, w.seq, parsed.data, 'De centrale dienst had al een andere versie.');
        }
      }
      // Else: our queued saves go out first, against the version we know; a 412 then says whether someone else changed it.
    })();
  }
  return { error: null, unreachable: false, needsSignIn: false };
}

/** JSON with sorted keys, to compare two copies of a document regardless of member order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
