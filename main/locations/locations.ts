import type Database from 'better-sqlite3';
import type { Location } from '../../shared/bridge';
import { ServiceError } from '../app/errors';
import { recordAudit } from '../audit/audit';

/** SQL for school locations lives here, and only here. */
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

/** Adds a location the user typed in; a BRIN6 that is already there is refused (never silently merged). */
export function addLocation(db: Database.Database, location: Location): Location {
  db.transaction(() => {
    const inserted = db
      .prepare('INSERT INTO locations (brin6, name, username) VALUES (?, ?, ?) ON CONFLICT (brin6) DO NOTHING')
      .run(location.brin6, location.name, location.username);
    if (inserted.changes === 0) {
      const message = `Locatie ${location.brin6} staat al in deze console. Kies de locatie in de lijst, of vul een andere BRIN6 in.`;
      throw new ServiceError('invalid-input', message, [{ path: ['brin6'], message }]);
    }
    recordAudit(db, location.brin6, 'Locatie toegevoegd', `${location.name} (${location.brin6})`);
  }).immediate();
  return { brin6: location.brin6, name: location.name, username: location.username };
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
}

/** A successful sign-in: remember when, and the account's username (never the password). */
export function recordSignIn(db: Database.Database, brin6: string, username: string, at: Date = new Date()): void {
  db.transaction(() => {
    db.prepare('UPDATE locations SET username = ?, last_sign_in_at = ? WHERE brin6 = ?').run(username, at.toISOString(), brin6);
    recordAudit(db, brin6, 'Aangemeld', `bij de centrale dienst als ${username}`, at);
  }).immediate();
}

export function recordSignOut(db: Database.Database, brin6: string): void {
  recordAudit(db, brin6, 'Afgemeld', 'de wachtrij blijft bewaard');
}
