import type Database from 'better-sqlite3';
import { etagOf } from '../../shared/api/common';
import { userFeedSchema, userSchema } from '../../shared/api/resources';
import { pickUserFields } from '../../shared/bridge';
import type { RemoteUser } from '../../shared/api/resources';
import { PULLED, pullProblem, removeEntries, request, setSyncMarks, syncMark } from '../sync';
import type { Clash, Endpoint, OutboxEntry, Puller, ResourceHandler } from '../sync';
import { mergeUserChange, precheck } from './conflicts';
import type { NetworkProblem } from '../../shared/domain/network';
import {
  applyRemoteState,
  dropUser,
  getUser,
  getUserByRemoteId,
  insertUser,
  parseUserPath,
  setConfirmed,
  setInvitationDates,
  setInvitationQueued,
  setRemoteJson,
  userEntries,
  userWithEmail,
} from './store';
import type { UserRow } from './store';

/**
 * What the sync engine asks of the users capability. A user made offline has a local id (`local-<uuid>`) that every
 * queued change of it carries in its path, so that they share one resource key and go strictly in order; at send
 * time the path gets the service's id and If-Match the version the service returned for our previous change (or the
 * feed, while nothing of ours was queued). Every answer of the service keeps that id and version up to date.
 */
/** The local user id an entry is about, or null (a create without local user). */
export function userIdOfPath(path: string): string | null {
  return parseUserPath(path)?.id ?? null;
}

const NEEDS_IF_MATCH = new Set(['patchUser', 'deleteUser', 'putRoles']);

/**
 * The request to send for a user entry: the service's id in the path, the confirmed version as If-Match, and as
 * `base` the service's representation at that version (for the merge after a 412). 'hold': it cannot go yet (the
 * user's creation has not been delivered: it was refused or is in conflict). null: superseded (the user already
 * exists at the service, so a queued create has nothing left to do).
 */
export function materializeUserEntry(db: Database.Database, entry: OutboxEntry): OutboxEntry | 'hold' | Clash | null {
  const p = parseUserPath(entry.path);
  if (!p) return entry;
  const row = getUser(db, entry.brin6, p.id);
  if (!row) return entry; // about a user this console does not keep (sent as queued)
  if (entry.routeId === 'createUser') return row.remote_id ? null : { ...entry, path: p.collection };
  if (!row.remote_id) return 'hold';
  const ifMatch = NEEDS_IF_MATCH.has(entry.routeId) && row.version !== null ? etagOf(row.version) : entry.ifMatch;
  // The base the admin's edit started from, as recorded with the change; older entries: the copy confirmed to us.
  const ownBase = entry.base !== undefined;
  const base = ownBase ? entry.base : row.base_json ? (JSON.parse(row.base_json) as unknown) : undefined;
  return precheck({ ...entry, path: `${p.collection}/${encodeURIComponent(row.remote_id)}${p.rest}`, ifMatch, base }, ownBase, row.base_json);
}

function parseUser(body: unknown): RemoteUser | null {
  const parsed = userSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/**
 * The service confirmed a change of a user: its answer (the user as it now is) gives the remote id and the version
 * the next change is sent against. Once nothing else of the user is queued, the screen shows the service's state.
 * Call inside the transaction that removes the entry from the queue.
 */
export function recordUserDelivered(db: Database.Database, entry: OutboxEntry, body: unknown): void {
  const id = userIdOfPath(entry.path);
  const row = id === null ? null : getUser(db, entry.brin6, id);
  if (!row) return;
  if (entry.routeId === 'deleteUser') {
    dropUser(db, entry.brin6, row.id);
    return;
  }
  const user = parseUser(body);
  if (!user) return;
  const json = JSON.stringify(user);
  const other = getUserByRemoteId(db, entry.brin6, user.id);
  if (other && other.id !== row.id) dropUser(db, entry.brin6, other.id); // the feed's copy of our own creation
  setConfirmed(db, entry.brin6, row.id, user.id, user.version, json);
  setRemoteJson(db, entry.brin6, row.id, json, user.version);
  setInvitationDates(db, entry.brin6, row.id, user.invitedAt, user.activatedAt);
  const rest = userEntries(db, entry.brin6, row.id).filter((e) => e.seq !== entry.seq);
  if (entry.routeId === 'inviteUser' && !rest.some((e) => e.routeId === 'inviteUser')) setInvitationQueued(db, entry.brin6, row.id, false);
  if (rest.length === 0) applyNewest(db, getUser(db, entry.brin6, row.id)!);
}

/** After a 412 merged field by field: our chain now builds on the service's current version. */
export function recordUserRebased(db: Database.Database, entry: OutboxEntry, current: unknown): void {
  const id = userIdOfPath(entry.path);
  const row = id === null ? null : getUser(db, entry.brin6, id);
  const user = parseUser(current);
  if (!row || !user || !row.remote_id) return;
  const json = JSON.stringify(user);
  setConfirmed(db, entry.brin6, row.id, row.remote_id, user.version, json);
  setRemoteJson(db, entry.brin6, row.id, json, user.version);
  setInvitationDates(db, entry.brin6, row.id, user.invitedAt, user.activatedAt);
}

function applyNewest(db: Database.Database, row: UserRow): void {
  if (!row.remote_json || row.deleted) return;
  const user = JSON.parse(row.remote_json) as RemoteUser;
  if (applyRemoteState(db, row.brin6, row.id, user)) setConfirmed(db, row.brin6, row.id, user.id, user.version, row.remote_json);
}

/**
 * One upsert from the users feed. A user with queued changes keeps what the admin sees (the feed is applied once
 * they drained: see recordUserDelivered); otherwise the service's state is shown. A feed user with the address of a
 * user we created offline whose answer has not arrived yet is that same user (one address per location): linked.
 */
export function applyFeedUpsert(db: Database.Database, brin6: string, user: RemoteUser): void {
  const json = JSON.stringify(user);
  let row = getUserByRemoteId(db, brin6, user.id);
  if (!row) {
    const sameEmail = userWithEmail(db, brin6, user.email);
    if (sameEmail && sameEmail.remote_id === null) {
      // The service has this address (our creation's answer is still due, or it was refused because another console
      // made the same colleague): the same person. Our creation has nothing left to do; what we queued after it
      // (roles, invitation) now goes to that user.
      removeEntries(db, userEntries(db, brin6, sameEmail.id).filter((e) => e.routeId === 'createUser').map((e) => e.seq));
      setConfirmed(db, brin6, sameEmail.id, user.id, user.version, json);
      row = getUser(db, brin6, sameEmail.id)!;
    } else if (sameEmail) {
      return; // a local row still shows this address with its own queued change; the next feed round brings it again
    } else {
      insertUser(db, brin6, {
        id: user.id, remoteId: user.id, version: user.version,
        fields: pickUserFields(user),
        access: user.access, roles: user.roles, invitedAt: user.invitedAt, activatedAt: user.activatedAt, leerkrachtKey: null, remoteJson: json,
      });
      return;
    }
  }
  setRemoteJson(db, brin6, row.id, json, user.version);
  if (userEntries(db, brin6, row.id).length > 0) return;
  if ((row.version ?? 0) > user.version) return; // an older state than the one our own change already returned
  applyNewest(db, getUser(db, brin6, row.id)!);
}

/** A deletion from the feed: the user is gone at the service, with whatever of it was still queued here. */
export function applyFeedDelete(db: Database.Database, brin6: string, remoteId: string): void {
  const row = getUserByRemoteId(db, brin6, remoteId);
  if (!row) return;
  removeEntries(db, userEntries(db, brin6, row.id).map((e) => e.seq));
  dropUser(db, brin6, row.id);
}

/** How the sync engine orders, sends and records the users' queued changes (registered in main/app/sync-resources.ts). */
export const usersResource: ResourceHandler = {
  routes: ['createUser', 'patchUser', 'deleteUser', 'putRoles', 'inviteUser'],
  /**
   * A user made in this console carries its local id in the path of its creation and of every later change, so its
   * creation, roles, invitation and deletion share one key and go strictly in order. A creation without local user
   * (the collection path) is its own resource.
   */
  resourceKey(entry) {
    const p = parseUserPath(entry.path);
    if (p) return `${p.collection}/${p.id}`;
    return entry.routeId === 'createUser' ? `create:${entry.seq}` : entry.path;
  },
  materialize: materializeUserEntry,
  merge: mergeUserChange,
  delivered: recordUserDelivered,
  rebased: recordUserRebased,
  // A refused or conflicting change of a user holds back every later change of that user until the admin acts.
  holdsAfterRefusal: true,
};

/**
 * The users feed (after the push): follows a location's change feed from the stored cursor and applies each page in
 * one transaction together with the new cursor, so a crash between pages neither skips nor repeats a change. A user
 * with changes still queued here keeps what the admin sees until they are delivered.
 */
export const usersFeedPuller: Puller = {
  name: 'users-feed',
  phase: 'after-push',
  async pull(db, brin6, endpoint) {
    const { problem, ...outcome } = await pullUsers(db, brin6, endpoint);
    return { error: outcome.error, unreachable: outcome.unreachable, needsSignIn: outcome.needsSignIn, ...(problem ? { problem } : {}) };
  },
};

/** The users feed's mark: the cursor the next page continues after. */
const FEED = 'users-feed';

export interface PullUsersResult {
  readonly applied: number;
  readonly cursor: string;
  readonly error: string | null;
  readonly needsSignIn: boolean;
  readonly unreachable: boolean;
  readonly problem?: NetworkProblem;
}

export async function pullUsers(
  db: Database.Database,
  brin6: string,
  options: Endpoint & { readonly token: string; readonly pageSize?: number },
): Promise<PullUsersResult> {
  let cursor = syncMark(db, brin6, FEED, 'cursor') ?? '0';
  let applied = 0;
  for (;;) {
    const answer = await request(options, 'userFeed', { brin6 }, { query: { since: cursor, limit: options.pageSize ?? 500 } });
    if (answer.kind !== 'answer') return { applied, cursor, ...pullProblem(answer) };
    if (answer.status < 200 || answer.status >= 300) return { applied, cursor, ...PULLED, error: `De centrale dienst antwoordde met status ${answer.status}.` };
    const page = userFeedSchema.safeParse(answer.body ?? null);
    if (!page.success) return { applied, cursor, ...PULLED, error: 'De centrale dienst gaf een onverwacht antwoord.' };
    db.transaction(() => {
      for (const change of page.data.changes) {
        if (change.kind === 'upsert') applyFeedUpsert(db, brin6, change.user);
        else applyFeedDelete(db, brin6, change.id);
      }
      setSyncMarks(db, brin6, FEED, { cursor: page.data.cursor });
    })();
    applied += page.data.changes.length;
    cursor = page.data.cursor;
    if (!page.data.more) return { applied, cursor, ...PULLED };
  }
}
