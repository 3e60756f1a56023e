import type Database from 'better-sqlite3';
import type { RemoteUser } from '../../shared/api/resources';
import type { Role } from '../../shared/bridge';
import { getUser, updateUserFields, userPath, visibleUsers } from '../users/store';
import { enqueue } from './outbox';

/**
 * The minimal user view of the sync engine (the CLI and the sync tests): users as the console shows them, in the
 * shape of the service's resource. The users capability (main/users/) is the full version.
 */
export function localUsers(db: Database.Database, brin6: string): RemoteUser[] {
  return visibleUsers(db, brin6)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((u) => ({
      id: u.remote_id ?? u.id,
      version: u.version ?? 0,
      voornaam: u.voornaam,
      initialen: u.initialen,
      voorvoegsel: u.voorvoegsel,
      achternaam: u.achternaam,
      email: u.email,
      access: u.access === 1,
      roles: JSON.parse(u.roles_json) as Role[],
      invitedAt: u.invited_at,
      activatedAt: u.activated_at,
    }));
}

/**
 * Edits a user: the local copy changes at once (the screen shows it) and a PATCH is queued, in the same transaction.
 * Its If-Match (the version the service confirmed to us) is filled in when it is sent.
 */
export function editUser(db: Database.Database, brin6: string, id: string, patch: Partial<Pick<RemoteUser, 'voornaam' | 'initialen' | 'voorvoegsel' | 'achternaam' | 'email'>>): void {
  db.transaction(() => {
    const row = getUser(db, brin6, id);
    if (!row) throw new Error(`Unknown user ${id}`);
    updateUserFields(db, brin6, id, { voornaam: row.voornaam, initialen: row.initialen, voorvoegsel: row.voorvoegsel, achternaam: row.achternaam, email: row.email, ...patch });
    enqueue(db, brin6, {
      routeId: 'patchUser', method: 'PATCH', path: userPath(brin6, id), body: patch,
      ...(row.version !== null ? { ifMatch: `"${row.version}"` } : {}),
      ...(row.base_json ? { base: JSON.parse(row.base_json) as unknown } : {}),
    });
  })();
}
