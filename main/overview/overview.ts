import type Database from 'better-sqlite3';
import type { LocationOverview } from '../../shared/bridge';
import { stepProgress } from '../../shared/domain/progress';
import type { LocationFacts } from '../../shared/domain/progress';
import { schoolYearOf } from '../edexml/domain';
import { rosterClasses, rosterFetchedAt } from '../roster/store';
import { schoolDataDeliveredAt, uploadState } from '../imports/upload';
import { syncStatus } from '../sync';
import { confirmedClasses, formerClassNames, importMeta, lastGuardedRemoval } from '../imports/store';
import { readinessUsers } from '../users/facts';
import { readiness } from '../../shared/domain/readiness';
import type { Readiness } from '../../shared/domain/readiness';
import { getLocation, listLocations } from '../locations/locations';
import { dutchNumber as nl, plural } from '../../shared/domain/names';

export interface OverviewDeps {
  readonly db: Database.Database;
  readonly signedIn: (brin6: string) => boolean;
  readonly apiConfigured: boolean;
  readonly today?: Date;
}

function importHead(db: Database.Database, brin6: string, status: 'pending' | 'confirmed') {
  return importMeta(db, brin6, status);
}

/** What main knows of one location, as the pure step rules need it. */
export function locationFacts(deps: OverviewDeps, brin6: string): LocationFacts {
  const { db } = deps;
  const location = getLocation(db, brin6);
  const pending = importHead(db, brin6, 'pending');
  const confirmed = importHead(db, brin6, 'confirmed');
  const roster = confirmed ? rosterClasses(db, brin6) : null;
  const fetchedAt = rosterFetchedAt(db, brin6);
  return {
    signedIn: deps.signedIn(brin6),
    lastSignInAt: location?.lastSignInAt ?? null,
    apiConfigured: deps.apiConfigured,
    pendingImport: pending ? { schooljaar: pending.schooljaar, importedAt: pending.importedAt } : null,
    confirmedImport: confirmed ? { schooljaar: confirmed.schooljaar, confirmedAt: confirmed.confirmedAt ?? confirmed.importedAt } : null,
    upload: uploadState(db, brin6),
    rosterFetchedAt: fetchedAt,
    deliveredAt: schoolDataDeliveredAt(db, brin6),
    comparison: roster && fetchedAt ? { classes: roster.totals.classes, mismatched: roster.totals.mismatched } : null,
  };
}


/** Whether the admin confirmed the file in force although it is of another school year (the second confirmation). */
function otherYearAcknowledged(summary: unknown): boolean {
  return typeof summary === 'object' && summary !== null && (summary as { otherYear?: unknown }).otherYear === true;
}

/** The one readiness rule (shared/domain/readiness.ts) for a location, from its steps 1–5, file and users. */
export function locationReadiness(deps: OverviewDeps, brin6: string, facts: LocationFacts = locationFacts(deps, brin6)): Readiness {
  const confirmed = importMeta(deps.db, brin6, 'confirmed');
  const classes = confirmed ? confirmedClasses(deps.db, brin6) : [];
  const users = readinessUsers(deps.db, brin6);
  const known = new Set(classes.map((c) => c.key));
  const named = users.flatMap((u) => u.roles.flatMap((r) => ('classes' in r ? r.classes.filter((k) => !known.has(k)) : [])));
  return readiness({
    steps: stepProgress(facts),
    confirmed: confirmed ? { schooljaar: confirmed.schooljaar, otherYearAcknowledged: otherYearAcknowledged(confirmed.summary) } : null,
    currentSchoolYear: schoolYearOf(deps.today ?? new Date()),
    users,
    classes,
    formerClassNames: formerClassNames(deps.db, brin6, named),
  });
}

/** One row of "Mijn schoollocaties"; null when the location is not in this console. */
export function locationOverview(deps: OverviewDeps, brin6: string): LocationOverview | null {
  const location = getLocation(deps.db, brin6);
  if (!location) return null;
  const facts = locationFacts(deps, brin6);
  const sync = syncStatus(deps.db, [brin6])[0];
  const warnings: string[] = [];
  if (sync && sync.delayed > 0) {
    warnings.push(`${plural(sync.delayed, 'wijziging is', 'wijzigingen zijn')} vertraagd: de console probeert het steeds opnieuw, maar ze komen niet aan. Reden: ${sync.delayedReason ?? 'onbekend'}`);
  } else if (sync?.lastError) warnings.push(`Laatste synchronisatie: ${sync.lastError}`);
  if (sync && sync.failed > 0) {
    warnings.push(`${plural(sync.failed, 'wijziging is', 'wijzigingen zijn')} geweigerd door de centrale dienst. Bekijk de melding en pas de gegevens aan.`);
  }
  if (sync && sync.conflicts > 0) {
    warnings.push(`${plural(sync.conflicts, 'wijziging botst', 'wijzigingen botsen')} met een wijziging van iemand anders. Kies welke versie blijft.`);
  }
  const removal = lastGuardedRemoval(deps.db, brin6);
  if (removal) {
    warnings.push(
      `Bij de laatste bevestiging (${removal.sourceName}) verdwenen ${nl(removal.removedPupils)} van de ${nl(removal.confirmedPupils)} leerlingen (${removal.percent} %). Klopt dat niet? Importeer het volledige bestand opnieuw en bevestig het.`,
    );
  }
  const current = schoolYearOf(deps.today ?? new Date());
  const ready = locationReadiness(deps, brin6, facts);
  return {
    brin6: location.brin6,
    name: location.name,
    username: location.username,
    steps: [...stepProgress(facts), ...ready.userSteps],
    readiness: { ready: ready.ready, gaps: ready.gaps.map((g) => ({ ...g, userIds: [...g.userIds] })) },
    signedIn: facts.signedIn,
    pending: sync?.pending ?? 0,
    failed: sync?.failed ?? 0,
    conflicts: sync?.conflicts ?? 0,
    delayed: sync?.delayed ?? 0,
    lastSuccessAt: sync?.lastSuccessAt ?? null,
    schooljaar: facts.confirmedImport?.schooljaar ?? null,
    schoolYearCurrent: facts.confirmedImport ? facts.confirmedImport.schooljaar === current : null,
    warnings,
  };
}

export function locationsOverview(deps: OverviewDeps): LocationOverview[] {
  return listLocations(deps.db).map((l) => locationOverview(deps, l.brin6)!);
}
