import type Database from 'better-sqlite3';
import type { Role, UserFields } from '../../shared/bridge';

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

export function insertUser(db: Database.Database, brin6: string, u: NewUser): void {
  db.prepare(
    `INSERT INTO users (brin6, id, remote_id, version, voornaam, initialen, voorvoegsel, achternaam, email, access, roles_json,
                        invited_at, activated_at, leerkracht_key, remote_json, base_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    brin6, u.id, u.remoteId, u.version, u.fields.voornaam, u.fields.initialen, u.fields.voorvoegsel, u.fields.achternaam, u.fields.email.toLowerCase(),
    u.access ? 1 : 0, JSON.stringify(u.roles), u.invitedAt, u.activatedAt, u.leerkrachtKey, u.remoteJson, u.remoteJson,
  );
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export function updateUserFields(db: Database.Database, brin6: string, id: string, f: UserFields): void {
  db.prepare(`UPDATE users SET voornaam = ?, initialen = ?, voorvoegsel = ?, achternaam = ?, email = ?, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(
    f.voornaam, f.initialen, f.voorvoegsel, f.achternaam, f.email.toLowerCase(), brin6, id,
  );
}

export function updateUserRoles(db: Database.Database, brin6: string, id: string, access: boolean, roles: readonly Role[]): void {
  db.prepare(`UPDATE users SET access = ?, roles_json = ?, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(access ? 1 : 0, JSON.stringify(roles), brin6, id);
}

export function setInvitationQueued(db: Database.Database, brin6: string, id: string, queued: boolean): void {
  db.prepare(`UPDATE users SET invitation_queued = ?, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(queued ? 1 : 0, brin6, id);
}

export function markUserDeleted(db: Database.Database, brin6: string, id: string): void {
  db.prepare(`UPDATE users SET deleted = 1, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`).run(brin6, id);
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
  u: { voornaam: string; initialen: string; voorvoegsel: string; achternaam: string; email: string; access: boolean; roles: readonly Role[]; invitedAt: string | null; activatedAt: string | null },
): boolean {
  const clash = userWithEmail(db, brin6, u.email, id);
  if (clash) return false; // another local row still shows this address (its own change is queued): wait for it
  db.prepare(
    `UPDATE users SET voornaam = ?, initialen = ?, voorvoegsel = ?, achternaam = ?, email = ?, access = ?, roles_json = ?, invited_at = ?,
                      activated_at = ?, invitation_queued = 0, updated_at = ${NOW} WHERE brin6 = ? AND id = ?`,
  ).run(u.voornaam, u.initialen, u.voorvoegsel, u.achternaam, u.email.toLowerCase(), u.access ? 1 : 0, JSON.stringify(u.roles), u.invitedAt, u.activatedAt, brin6, id);
  return true;
}

// ---- the outbox, seen per user ----

/** The path every queued change of one user carries (its resource); the local id, mapped at send time. */
export function userPath(brin6: string, id: string): string {
  return `/v1/locations/${brin6}/users/${id}`;
}

export interface UserEntry {
  readonly seq: number;
  readonly routeId: string;
  readonly state: 'pending' | 'failed' | 'conflict';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly baseJson: string | null;
}

/** The queued, refused and conflicting changes of one user, oldest first. */
export function userEntries(db: Database.Database, brin6: string, id: string): UserEntry[] {
  const p = userPath(brin6, id);
  return db
    .prepare(
      `SELECT seq, route_id AS routeId, state, attempts, last_error AS lastError, base_json AS baseJson FROM outbox
       WHERE brin6 = ? AND (path = ? OR (path >= ? AND path < ?)) ORDER BY seq`,
    )
    // The user's own path and everything below it ('/' + 1 = '0'): two ranges on the (brin6, path) index.
    .all(brin6, p, `${p}/`, `${p}0`) as UserEntry[];
}

/** Every entry of the location that is about one user, with that user's id (for the list's sync column). */
export function entriesByUser(db: Database.Database, brin6: string): Map<string, UserEntry[]> {
  const prefix = `/v1/locations/${brin6}/users/`;
  const rows = db
    .prepare(
      `SELECT seq, route_id AS routeId, state, attempts, last_error AS lastError, NULL AS baseJson, path FROM outbox
       WHERE brin6 = ? AND path >= ? AND path < ? ORDER BY seq`,
    )
    .all(brin6, prefix, `${prefix.slice(0, -1)}0`) as Array<UserEntry & { path: string }>;
  const map = new Map<string, UserEntry[]>();
  for (const r of rows) {
    const id = r.path.slice(prefix.length).split('/')[0]!;
    const list = map.get(id) ?? [];
    list.push(r);
    map.set(id, list);
  }
  return map;
}

export function deleteEntries(db: Database.Database, seqs: readonly number[]): void {
  const del = db.prepare('DELETE FROM outbox WHERE seq = ?');
  for (const seq of seqs) del.run(seq);
}

// ---- the confirmed import: classes and teachers ----

export interface ImportClass {
  readonly key: string;
  readonly naam: string;
  readonly jaargroep: string | null;
  readonly samengesteld: boolean;
}

export function confirmedClasses(db: Database.Database, brin6: string): ImportClass[] {
  return (
    db
      .prepare(
        `SELECT g.key, g.naam, g.jaargroep, g.samengesteld FROM import_groepen g JOIN imports i ON i.id = g.import_id
         WHERE i.brin6 = ? AND i.status = 'confirmed' ORDER BY g.samengesteld, g.naam COLLATE NOCASE, g.key`,
      )
      .all(brin6) as Array<Omit<ImportClass, 'samengesteld'> & { samengesteld: number }>
  ).map((g) => ({ ...g, samengesteld: g.samengesteld === 1 }));
}

export interface ImportTeacher {
  readonly key: string;
  readonly voornamen: string | null;
  readonly voorletters: string | null;
  readonly roepnaam: string | null;
  readonly voorvoegsel: string | null;
  readonly achternaam: string | null;
  readonly emailadres: string | null;
  readonly classes: string[];
}

export function confirmedTeachers(db: Database.Database, brin6: string): ImportTeacher[] {
  const rows = db
    .prepare(
      `SELECT t.key, t.voornamen, t.voorletters, t.roepnaam, t.voorvoegsel, t.achternaam, t.emailadres,
              (SELECT json_group_array(groep_key) FROM (SELECT groep_key FROM import_leerkracht_groepen lg
                WHERE lg.import_id = t.import_id AND lg.leerkracht_key = t.key ORDER BY groep_key)) AS classes
       FROM import_leerkrachten t JOIN imports i ON i.id = t.import_id
       WHERE i.brin6 = ? AND i.status = 'confirmed' ORDER BY t.achternaam COLLATE NOCASE, t.key`,
    )
    .all(brin6) as Array<Omit<ImportTeacher, 'classes'> & { classes: string }>;
  return rows.map((r) => ({ ...r, classes: JSON.parse(r.classes) as string[] }));
}
