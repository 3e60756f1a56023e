/**
 * What the readiness rule (shared/domain/readiness.ts) needs of a location's users: the public face of this
 * capability for the overview, so the board, the cards and the side navigation judge users as steps 6–8 do.
 */
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/bridge';
import type { ReadinessUser } from '../../shared/domain/readiness';
import { personName } from '../../shared/domain/names';
import { entriesByUser, visibleUsers } from './store';
import type { UserEntry, UserRow } from './store';

/** Where a user's invitation stands, from the row. */
export function invitationOf(row: UserRow): ReadinessUser['invitation'] {
  return row.activated_at ? 'activated' : row.invited_at ? 'invited' : row.invitation_queued ? 'queued' : 'not-invited';
}

/** Whether the service has a user's changes: a conflict or refusal first, then anything queued. */
export function syncOf(entries: readonly UserEntry[]): ReadinessUser['sync'] {
  return entries.some((e) => e.state === 'conflict') ? 'conflict' : entries.some((e) => e.state === 'failed') ? 'failed' : entries.length > 0 ? 'pending' : 'synced';
}

export function readinessUsers(db: Database.Database, brin6: string): ReadinessUser[] {
  const entries = entriesByUser(db, brin6);
  return visibleUsers(db, brin6).map((row) => ({
    id: row.id,
    name: personName(row),
    access: row.access === 1,
    roles: JSON.parse(row.roles_json) as Role[],
    invitation: invitationOf(row),
    sync: syncOf(entries.get(row.id) ?? []),
  }));
}

