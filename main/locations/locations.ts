import type Database from 'better-sqlite3';
import type { Location } from '../../shared/bridge';

/** SQL for school locations lives here, and only here. */
export function listLocations(db: Database.Database): Location[] {
  return db.prepare('SELECT brin6, name FROM locations ORDER BY brin6').all() as Location[];
}
