import type Database from 'better-sqlite3';
import { scrubFreedPages } from '../db/scrub';
import type { Location } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';

/**
 * The `locations` table: its SQL lives here, and only here (main/accounts adds the actions with their log entries).
 * Knows no other capability, so the audit log and every feature may ask it whether a location is there.
 */
export function listLocations(db: Database.Database): Location[] {
  return db.prepare('SELECT brin6, name, username FROM locations ORDER BY brin6').all() as Location[];
}

export function getLocation(db: Database.Database, brin6: string): (Location & { lastSignInAt: string | null }) | null {
  return (
    (db.prepare('SELECT brin6, name, username, last_sign_in_at AS lastSignInAt FROM locations WHERE brin6 = ?').get(brin6) as
      | (Location & { lastSignInAt: string | null })
      | undefined) ?? null
  );
}

export function locationExists(db: Database.Database, brin6: string): boolean {
  return db.prepare('SELECT 1 FROM locations WHERE brin6 = ?').get(brin6) !== undefined;
}

/** Throws the Dutch "add it first" error when the location is not in this console. */
export function requireLocation(db: Database.Database, brin6: string): void {
  if (!locationExists(db, brin6)) {
    throw new ServiceError('invalid-input', `Locatie ${brin6} staat niet in deze console. Voeg de locatie eerst toe bij Mijn schoollocaties.`);
  }
}

/** Adds the location if it is not there yet; an existing name is kept (the user may have renamed it). */
export function ensureLocation(db: Database.Database, brin6: string, name: string): void {
  db.prepare('INSERT INTO locations (brin6, name) VALUES (?, ?) ON CONFLICT (brin6) DO NOTHING').run(brin6, name);
}

/**
 * Removes a location and, through ON DELETE CASCADE, everything the console keeps of it: imports with their rows,
 * the outbox, remote users, classes and pupils, sync state. One statement, one transaction.
 */
export function removeLocation(db: Database.Database, brin6: string): void {
  const removed = db.transaction(() => db.prepare('DELETE FROM locations WHERE brin6 = ?').run(brin6).changes).immediate();
  if (removed === 0) {
    throw new ServiceError('invalid-input', `Locatie ${brin6} staat niet (meer) in deze console. Vernieuw het overzicht.`);
  }
  // Gone from the file too, not only from the queries: the log and the freed pages (issue 34).
  scrubFreedPages(db);
}


/** Inserts a location; false when the BRIN6 is already there (nothing changed). Call inside the caller's transaction. */
export function insertLocation(db: Database.Database, location: Location): boolean {
  return db.prepare('INSERT INTO locations (brin6, name, username) VALUES (?, ?, ?) ON CONFLICT (brin6) DO NOTHING').run(location.brin6, location.name, location.username).changes > 0;
}

/** A successful sign-in's account name and time (never the password). */
export function setSignIn(db: Database.Database, brin6: string, username: string, at: Date): void {
  db.prepare('UPDATE locations SET username = ?, last_sign_in_at = ? WHERE brin6 = ?').run(username, at.toISOString(), brin6);
}

/** The portal username recorded for this location (at sign-in or when added); null when none or no such location. */
export function locationUsername(db: Database.Database, brin6: string): string | null {
  const username = db.prepare('SELECT username FROM locations WHERE brin6 = ?').pluck().get(brin6) as string | null | undefined;
  return username && username.trim() !== '' ? username : null;
}

/** A location still named after its BRIN6 (it was added without a name) takes the first vestiging's name of its file. */
export function renamePlaceholder(db: Database.Database, brin6: string, placeholder: string, name: string): void {
  db.prepare('UPDATE locations SET name = ? WHERE brin6 = ? AND name = ?').run(name, brin6, placeholder);
}
