import type Database from 'better-sqlite3';
import type { Location } from '../../shared/bridge';
import { recordAudit } from '../audit/audit';
import { ServiceError } from '../errors/service-error';
import { insertLocation, setSignIn } from '../locations/locations';

/**
 * The actions on a location account that leave a log entry: adding a location, signing in and out. They sit above
 * both main/locations (the table) and main/audit (the log, which asks main/locations who the actor is), so neither
 * of those two needs the other both ways.
 */

/** Adds a location the user typed in; a BRIN6 that is already there is refused (never silently merged). */
export function addLocation(db: Database.Database, location: Location): Location {
  db.transaction(() => {
    if (!insertLocation(db, location)) {
      const message = `Locatie ${location.brin6} staat al in deze console. Kies de locatie in de lijst, of vul een andere BRIN6 in.`;
      throw new ServiceError('invalid-input', message, [{ path: ['brin6'], message }]);
    }
    recordAudit(db, location.brin6, 'Locatie toegevoegd', `${location.name} (${location.brin6})`);
  }).immediate();
  return { brin6: location.brin6, name: location.name, username: location.username };
}

/** A successful sign-in: remember when, and the account's username (never the password). */
export function recordSignIn(db: Database.Database, brin6: string, username: string, at: Date = new Date()): void {
  db.transaction(() => {
    setSignIn(db, brin6, username, at);
    recordAudit(db, brin6, 'Aangemeld', `bij de centrale dienst als ${username}`, at);
  }).immediate();
}

export function recordSignOut(db: Database.Database, brin6: string): void {
  recordAudit(db, brin6, 'Afgemeld', 'de wachtrij blijft bewaard');
}
