import type Database from 'better-sqlite3';
import type { NumoRegistrationInput, NumoView } from '../../shared/bridge/numo';
import { UNMATCHABLE_LIST_LIMIT } from '../../shared/bridge/numo';
import { formatTerugstuuroptie, isTerugstuuroptie } from '../../shared/domain/numo';
import { recordAudit } from '../audit/audit';
import { requireLocation } from '../locations/locations';
import { documentSyncState, enqueue, supersedeSettledDocumentEntries } from '../sync';
import type { DocumentResource } from '../sync';
import { numoSchema } from '../../shared/api/resources';
import { adoptRemoteNumo, getRegistration, toApiNumo, upsertRegistration } from './store';
import { matchingCounts, unmatchablePupils } from '../imports/store';


/** The Numo coupling as a whole-document resource of the sync engine (registered in main/app/sync-resources.ts). */
export const numoDocument: DocumentResource = { kind: 'numo', putRoute: 'putNumo', getRoute: 'getNumo', schema: numoSchema, adopt: adoptRemoteNumo };

/**
 * The Numo coupling of a location (seed 004). Saving writes the registration, its outbox entry (PUT /numo, If-Match
 * decided at send time) and an audit line in one transaction; the screen shows it at once, `sync` says whether the
 * service has it.
 */
export function numoView(db: Database.Database, brin6: string): NumoView {
  requireLocation(db, brin6);
  const registration = getRegistration(db, brin6);
  const counts = matchingCounts(db, brin6);
  return {
    brin6,
    registration,
    sync: registration ? documentSyncState(db, brin6, numoDocument) : null,
    matching: { ...counts, unmatchable: counts.withNeither > 0 ? unmatchablePupils(db, brin6, UNMATCHABLE_LIST_LIMIT) : [] },
  };
}

export function saveNumo(db: Database.Database, brin6: string, registration: NumoRegistrationInput, now: Date = new Date()): NumoView {
  requireLocation(db, brin6);
  db.transaction(() => {
    const before = getRegistration(db, brin6);
    supersedeSettledDocumentEntries(db, brin6, numoDocument);
    upsertRegistration(db, brin6, registration, now.toISOString());
    enqueue(db, brin6, { routeId: 'putNumo', body: toApiNumo(registration) });
    const option = isTerugstuuroptie(registration.terugstuuroptie) ? formatTerugstuuroptie(registration.terugstuuroptie) : String(registration.terugstuuroptie);
    recordAudit(
      db,
      brin6,
      before ? 'Numo-aanmelding gewijzigd' : 'Numo-aanmelding vastgelegd',
      `Korte schoolnaam ${registration.korteSchoolnaam}, maximum niveau ${registration.maximumNiveau}, terugstuuroptie ${option}`,
      now,
    );
  }).immediate();
  return numoView(db, brin6);
}
