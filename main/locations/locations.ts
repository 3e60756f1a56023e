import type Database from 'better-sqlite3';
import type { Location } from '../../shared/bridge';

/** SQL for school locations lives here, and only here. */
export function listLocations(db: Database.Database): Location[] {
  return db.prepare('SELECT brin6, name FROM locations ORDER BY brin6').all() as Location[];
}

/** Adds the location if it is not there yet; an existing name is kept (the user may have renamed it). */
export function ensureLocation(db: Database.Database, brin6: string, name: string): void {
  db.prepare('INSERT INTO locations (brin6, name) VALUES (?, ?) ON CONFLICT (brin6) DO NOTHING').run(brin6, name);
}
