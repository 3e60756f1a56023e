import type Database from 'better-sqlite3';
import type { Role, UserFields } from '../../shared/bridge';
import { USER_FIELDS } from '../../shared/bridge';
import { entriesAt, entriesUnder } from '../sync';
import { routePath } from '../../shared/api/routes';
import type { QueuedEntry } from '../sync';

/**
 * SQL for the `users` table (migration 0005) lives here, and only here. Every query is scoped to one BRIN6.
 * Plain functions taking `db` first; the caller owns the transaction.
 */
export interface UserRow {
  readonly brin6: string;
  readonly id: string;
  readonly remote_id: string | null;
  readonly version: number | null;
  readonly voornaam: string;
  readonly initialen: string;
  readonly voorvoegsel: string;
  readonly achternaam: string;
  readonly email: string;
  readonly access: number;
  readonly roles_json: string;
  readonly invited_at: string | null;
  readonly activated_at: string | null;
  readonly invitation_queued: number;
  readonly leerkracht_key: string | null;
  readonly deleted: number;
  readonly remote_json: string | null;
  readonly base_json: string | null;
}

export function getUser(db: Database.Database, brin6: string, id: string): UserRow | null {
  return (db.prepare('SELECT * FROM users WHERE brin6 = ? AND id = ?').get(brin6, id) as UserRow | undefined) ?? null;
}

export function getUserByRemoteId(db: Database.Database, brin6: string, remoteId: string): UserRow | null {
  return (db.prepare('SELECT * FROM users WHERE brin6 = ? AND remote_id = ?').get(brin6, remoteId) as UserRow | undefined) ?? null;
}

/** The users shown (not deleted), sorted by last name, first name. */
export function visibleUsers(db: Database.Database, brin6: string): UserRow[] {
  return db
    .prepare('SELECT * FROM users WHERE brin6 = ? AND deleted = 0 ORDER BY achternaam COLLATE NOCASE, voornaam COLLATE NOCASE, id')
    .all(brin6) as UserRow[];
}

/** The user (not deleted) with this e-mail address in this location, other than `exceptId`. */
export function userWithEmail(db: Database.Database, brin6: string, email: string, exceptId: string | null = null): UserRow | null {
  return (
    (db.prepare('SELECT * FROM users WHERE brin6 = ? AND email = ? AND deleted = 0 AND id IS NOT ?').get(brin6, email.toLowerCase(), exceptId) as
      | UserRow
      | undefined) ?? null
  );
}

export interface NewUser {
  readonly id: string;
  readonly remoteId: string | null;
  readonly version: number | null;
  readonly fields: UserFields;
  readonly access: boolean;
  readonly roles: readonly Role[];
  readonly invitedAt: string | null;
  readonly activatedAt: string | null;
  readonly leerkrachtKey: string | null;
  readonly remoteJson: string | null;
}

/** The user's fields as columns (one per field of the schema, same names) and their values, e-mail lower-cased. */
const FIELD_COLUMNS = USER_FIELDS.join(', ');
const FIELD_SETS = USER_FIELDS.map((f) => `${f} = ?`).join(', ');
const fieldValues = (f: UserFields) => USER_FIELDS.map((k) => (k === 'email' ? f.email.toLowerCase() : f[k]));

export function insertUser(db: Database.Database, brin6: string, u: NewUser): void {
  db.prepare(
    `INSERT INTO users (brin6, id, remote_id, version, ${FIELD_COLUMNS}, access, roles_json, invited_at, activated_at, leerkracht_key, remote_json, base_json)
     VALUES (?, ?, ?, ?, ${USER_FIELDS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(brin6, u.id, u.remoteId, u.version, ...fieldValues(u.fields), u.access ? 1 : 0, JSON.stringify(u.roles), u.invitedAt, u.activatedAt, u.leerkrachtKey, u.remoteJson, u.remoteJson);
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export function updateUserFields(db: Database.Database, brin6: string, id: string, f: UserFields): void {
  db.prepare(`UPDATE users SET ${FIELD_SETS}, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(...fieldValues(f), brin6, id);
}

export function updateUserRoles(db: Database.Database, brin6: string, id: string, access: boolean, roles: readonly Role[]): void {
  db.prepare(`UPDATE users SET access = ?, roles_json = ?, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(access ? 1 : 0, JSON.stringify(roles), brin6, id);
}

export function setInvitationQueued(db: Database.Database, brin6: string, id: string, queued: boolean): void {
  db.prepare(`UPDATE users SET invitation_queued = ?, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(queued ? 1 : 0, brin6, id);
}

/**
 * The tombstone of a removed colleague until the service confirms the deletion: no name, no e-mail of its own (the
 * service's copy it is deleted against, `remote_json`/`base_json`, goes with the row at delivery).
 */
export function markUserDeleted(db: Database.Database, brin6: string, id: string): void {
  db.prepare(
    `UPDATE users SET deleted = 1, voornaam = '', initialen = '', voorvoegsel = '', achternaam = '', email = lower(id) || '@verwijderd.invalid',
       updated_at = ${NOW} WHERE brin6 = ? AND id = ?`,
  ).run(brin6, id);
}

export function dropUser(db: Database.Database, brin6: string, id: string): void {
  db.prepare('DELETE FROM users WHERE brin6 = ? AND id = ?').run(brin6, id);
}

/** The service confirmed `version` to us (an answer to our change, or the feed while nothing of ours was queued). */
export function setConfirmed(db: Database.Database, brin6: string, id: string, remoteId: string, version: number, json: string): void {
  db.prepare('UPDATE users SET remote_id = ?, version = ?, base_json = ? WHERE brin6 = ? AND id = ?').run(remoteId, version, json, brin6, id);
}

/** The newest state the service showed; kept when it is newer than what we have. */
export function setRemoteJson(db: Database.Database, brin6: string, id: string, json: string, version: number): void {
  db.prepare("UPDATE users SET remote_json = ? WHERE brin6 = ? AND id = ? AND (remote_json IS NULL OR (remote_json ->> '$.version') <= ?)").run(json, brin6, id, version);
}

export function setInvitationDates(db: Database.Database, brin6: string, id: string, invitedAt: string | null, activatedAt: string | null): void {
  db.prepare('UPDATE users SET invited_at = ?, activated_at = ? WHERE brin6 = ? AND id = ?').run(invitedAt, activatedAt, brin6, id);
}

/** The service's state (remote_json) becomes what the screen shows: nothing of ours is queued for this user any more. */
export function applyRemoteState(
  db: Database.Database,
  brin6: string,
  id: string,
  u: UserFields & { access: boolean; roles: readonly Role[]; invitedAt: string | null; activatedAt: string | null },
): boolean {
  const clash = userWithEmail(db, brin6, u.email, id);
  if (clash) return false; // another local row still shows this address (its own change is queued): wait for it
  db.prepare(
    `UPDATE users SET ${FIELD_SETS}, access = ?, roles_json = ?, invited_at = ?, activated_at = ?, invitation_queued = 0, updated_at = ${NOW}
     WHERE brin6 = ? AND id = ?`,
  ).run(...fieldValues(u), u.access ? 1 : 0, JSON.stringify(u.roles), u.invitedAt, u.activatedAt, brin6, id);
  return true;
}

// ---- the outbox, seen per user ----

/** The path every queued change of one user carries (its resource); the local id, mapped at send time. */
export function userPath(brin6: string, id: string): string {
  return routePath('patchUser', { brin6, id });
}

/**
 * A queued path about one user, taken apart: the users collection, the (local or service) id, and what is below
 * it (`/roles`, `/invitation`, or ''). The one place such a path is read; null for any other path.
 */
export function parseUserPath(path: string): { readonly collection: string; readonly id: string; readonly rest: string } | null {
  const m = /^(\/v1\/locations\/[^/]+\/users)\/([^/]+)(\/.*)?$/.exec(path);
  return m ? { collection: m[1]!, id: m[2]!, rest: m[3] ?? '' } : null;
}

/** A queued, refused or conflicting change of one user, as the outbox keeps it (main/sync). */
export type UserEntry = QueuedEntry;

/** The queued, refused and conflicting changes of one user, oldest first. */
export function userEntries(db: Database.Database, brin6: string, id: string): UserEntry[] {
  return entriesAt(db, brin6, userPath(brin6, id), { below: true });
}

/** Every entry of the location that is about one user, with that user's id (for the list's sync column). */
export function entriesByUser(db: Database.Database, brin6: string): Map<string, UserEntry[]> {
  const map = new Map<string, UserEntry[]>();
  for (const r of entriesUnder(db, brin6, `${routePath('createUser', { brin6 })}/`)) {
    const id = parseUserPath(r.path)!.id;
    const list = map.get(id) ?? [];
    list.push(r);
    map.set(id, list);
  }
  return map;
}


