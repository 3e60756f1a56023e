import type Database from 'better-sqlite3';
import { etagOf } from '../../shared/api/common';
import type { RemoteUser } from '../../shared/api/resources';
import { enqueue } from './outbox';

/** Users of a location as last seen (pulled) plus local edits applied optimistically. */
export function localUsers(db: Database.Database, brin6: string): RemoteUser[] {
  return (db.prepare('SELECT json FROM remote_users WHERE brin6 = ? ORDER BY id').pluck().all(brin6) as string[]).map((j) => JSON.parse(j) as RemoteUser);
}

/**
 * Edits a user: the local copy changes at once (the screen shows it) and a PATCH against the version it was based on
 * is queued, in the same transaction.
 */
export function editUser(db: Database.Database, brin6: string, id: string, patch: Partial<Pick<RemoteUser, 'voornaam' | 'initialen' | 'voorvoegsel' | 'achternaam' | 'email'>>): void {
  db.transaction(() => {
    const row = db.prepare('SELECT json FROM remote_users WHERE brin6 = ? AND id = ?').pluck().get(brin6, id) as string | undefined;
    if (!row) throw new Error(`Unknown user ${id}`);
    const base = JSON.parse(row) as RemoteUser;
    db.prepare('UPDATE remote_users SET json = ? WHERE brin6 = ? AND id = ?').run(JSON.stringify({ ...base, ...patch }), brin6, id);
    enqueue(db, brin6, { routeId: 'patchUser', method: 'PATCH', path: `/v1/locations/${brin6}/users/${id}`, body: patch, ifMatch: etagOf(base.version), base });
  })();
}
