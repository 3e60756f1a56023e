/**
 * What a new school year's plan (main/rollover/) needs of the users capability: every colleague with the roles they
 * hold and the leerkracht they were added from, and setting many colleagues' roles as one change. The capability's
 * second public face (beside facts.ts).
 */
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/bridge';
import { personName } from '../../shared/domain/names';
import type { Colleague } from '../../shared/domain/succession';
import { visibleUsers } from './store';

export { replaceRoles } from './users';

export function rolloverColleagues(db: Database.Database, brin6: string): Colleague[] {
  return visibleUsers(db, brin6).map((row) => ({
    id: row.id,
    name: personName(row),
    email: row.email,
    leerkrachtKey: row.leerkracht_key,
    access: row.access === 1,
    roles: JSON.parse(row.roles_json) as Role[],
  }));
}
