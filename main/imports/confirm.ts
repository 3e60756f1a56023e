import type Database from 'better-sqlite3';
import { ServiceError } from '../errors/service-error';
import { recordAudit } from '../audit/audit';
import { enqueue, supersedeUntried } from '../sync';
import { guardAcknowledged, removalGuard, schoolYearGuard, yearAcknowledged } from '../../shared/domain/import-guard';
import type { RemovalGuard, YearGuard } from '../../shared/domain/import-guard';
import { schoolYearOf } from '../../shared/domain/school-year';
import { plural } from '../../shared/domain/names';
import { countsOf, diffCounts, diffImports, diffSummary, removalFacts } from './diff';
import type { DiffCounts, SchoolDataDiff } from './diff';
import { purgeHistory } from './history';
import { importId } from './store';

/**
 * Step 3's confirm: exactly the reviewed pending import becomes the one in force (or nothing changes and the admin is
 * told why), guarded against destructive files, logged and queued for the service in one transaction; and the hold a
 * command keeps on the file it confirms right after.
 */

export interface ConfirmOptions {
  readonly now?: Date;
  /** What the admin typed for the guard's second confirmation (the number of removed pupils, or the new schoolkey). */
  readonly acknowledge?: string;
  /** The CLI's --allow-removals: the guard is answered in advance. */
  readonly allowRemovals?: boolean;
  /** What the admin typed when the file is of another school year (that year). */
  readonly acknowledgeYear?: string;
  /** The CLI's --allow-other-year: the school-year guard is answered in advance. */
  readonly allowOtherYear?: boolean;
  /** The guard's threshold (percent of the confirmed pupils; the setting, default 10). */
  readonly thresholdPercent?: number;
  /** The diff of this pending import against the confirmed one, when the caller computed it already (the CLI). */
  readonly diff?: SchoolDataDiff;
  /**
   * The import the admin reviewed (step 3's diff and guard, or the one the CLI just stored): when the pending import
   * is another one by now — a second window or process read another file meanwhile — nothing is confirmed
   * (ReviewChangedError). Absent only for callers that confirm whatever is pending (tests, restore).
   */
  readonly importId?: number;
}

/** The pending import is not the one that was reviewed: nothing changed; the message says which file is there now. */
export class ReviewChangedError extends ServiceError {
  constructor(message: string) {
    super('invalid-input', message, [{ path: ['importId'], message }]);
  }
}

function reviewChanged(db: Database.Database, brin6: string, reviewed: number): ReviewChangedError {
  const now = db.prepare("SELECT source_name AS sourceName, imported_at AS importedAt FROM imports WHERE brin6 = ? AND status = 'pending'").get(brin6) as
    | { sourceName: string; importedAt: string }
    | undefined;
  const was = db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(reviewed) as string | undefined;
  if (now) {
    const time = new Date(now.importedAt).toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' });
    return new ReviewChangedError(`Er is intussen een ander bestand ingelezen (${now.sourceName}, ${time}). Controleer dat eerst; het bestand dat je controleerde is niet bevestigd.`);
  }
  if (was === 'confirmed' || was === 'previous') return new ReviewChangedError('Dit bestand is intussen al bevestigd (door een ander venster of programma). Er is niets opnieuw bevestigd.');
  return new ReviewChangedError('Er is geen ingelezen bestand om te bevestigen (meer). Importeer eerst het EDEXML-bestand (stap 2).');
}

/** Confirming would remove too much and the second confirmation was not given: nothing changed. */
export class MassRemovalError extends ServiceError {
  constructor(readonly guard: RemovalGuard) {
    super('invalid-input', `${guard.reasons.join(' ')} Controleer of dit het juiste bestand is. Wil je het toch bevestigen, typ dan ${guard.confirmText} ter bevestiging.`);
  }
}

/** The file is of another school year and the admin did not type that year: nothing changed. */
export class OtherYearError extends ServiceError {
  constructor(readonly guard: YearGuard) {
    const message = `Dit bestand is van schooljaar ${guard.schooljaar}, niet van het huidige schooljaar ${guard.current}. Meestal is een nieuwe export uit je leerlingadministratie nodig. Is dit toch het juiste bestand, typ dan ${guard.schooljaar} ter bevestiging.`;
    super('invalid-input', message, [{ path: ['acknowledgeYear'], message }]);
  }
}

/** The pending import against the confirmed one, as keys (the CLI's report); null when nothing is pending. */
export function pendingDiff(db: Database.Database, brin6: string, id?: number): SchoolDataDiff | null {
  const pending = importId(db, brin6, 'pending');
  // The import a command stored: if another process replaced it meanwhile, there is nothing of ours to compare.
  if (pending === null || (id !== undefined && pending !== id)) return null;
  return diffImports(db, importId(db, brin6, 'confirmed'), pending);
}

/** The pending import's diff against the confirmed one, counted in SQL (the CLI's text report); null when nothing is pending. */
export function pendingCounts(db: Database.Database, brin6: string, id?: number): DiffCounts | null {
  const pending = importId(db, brin6, 'pending');
  if (pending === null || (id !== undefined && pending !== id)) return null;
  return diffCounts(db, importId(db, brin6, 'confirmed'), pending);
}

/** The guard for confirming the pending import now (null when nothing is pending). */
export function pendingGuard(db: Database.Database, brin6: string, thresholdPercent?: number, diff?: SchoolDataDiff | DiffCounts): RemovalGuard | null {
  const pending = importId(db, brin6, 'pending');
  return pending === null ? null : removalGuard(removalFacts(db, importId(db, brin6, 'confirmed'), pending, diff), thresholdPercent);
}

/**
 * Makes the pending import the one in force, dropping the previous one, and queues it for the central service —
 * all in one transaction, with its log entry (file, school year, counts, and added / removed / changed / moved). An
 * older queued upload of this location is superseded. False when nothing is pending. Throws MassRemovalError (and
 * changes nothing) when the guard against destructive files applies and was not answered.
 */
export function confirmPendingImport(db: Database.Database, brin6: string, options: ConfirmOptions = {}): boolean {
  const now = options.now ?? new Date();
  return db.transaction(() => {
    const pending = db.prepare("SELECT id, source_name AS sourceName, schooljaar FROM imports WHERE brin6 = ? AND status = 'pending'").get(brin6) as
      | { id: number; sourceName: string; schooljaar: string }
      | undefined;
    if (options.importId !== undefined && pending?.id !== options.importId) throw reviewChanged(db, brin6, options.importId);
    if (!pending) return false;
    const confirmedId = importId(db, brin6, 'confirmed');
    // Counts are all a confirm needs (the log line, the guard, the summary): no row per changed pupil is built.
    const diff = options.diff ? countsOf(options.diff) : diffCounts(db, confirmedId, pending.id);
    const guard = removalGuard(removalFacts(db, confirmedId, pending.id, diff), options.thresholdPercent);
    if (guard.needed && !options.allowRemovals && !guardAcknowledged(guard, options.acknowledge)) throw new MassRemovalError(guard);
    // A reviewed confirm (the window, the CLI) of another school year needs that year typed (or --allow-other-year).
    const year = schoolYearGuard(pending.schooljaar, schoolYearOf(now));
    const reviewed = options.importId !== undefined;
    if (reviewed && year.needed && !options.allowOtherYear && !yearAcknowledged(year, options.acknowledgeYear)) throw new OtherYearError(year);
    const counts = db.prepare("SELECT (SELECT COUNT(*) FROM import_leerlingen WHERE import_id = @id) AS leerlingen, (SELECT COUNT(*) FROM import_groepen WHERE import_id = @id AND samengesteld = 0) AS groepen").get({ id: pending.id }) as { leerlingen: number; groepen: number };
    recordAudit(
      db,
      brin6,
      'Schoolgegevens bevestigd',
      `${pending.sourceName}: schooljaar ${pending.schooljaar || '—'}${year.needed && reviewed ? ` (bewust bevestigd; het huidige schooljaar is ${year.current})` : ''}, ${plural(counts.leerlingen, 'leerling', 'leerlingen')}, ${plural(counts.groepen, 'klas', 'klassen')}; ${diff.first ? 'eerste import' : diffSummary(diff)}${guard.needed ? ` (na tweede bevestiging: ${guard.reasons.join(' ')})` : ''}${guard.leavers ? `. ${guard.leavers}` : ''}`,
      now,
    );
    // The import in force becomes history (restorable); the oldest beyond KEPT_IMPORTS lose their data (purgeHistory).
    db.prepare("UPDATE imports SET status = 'previous' WHERE brin6 = ? AND status = 'confirmed'").run(brin6);
    db.prepare("UPDATE imports SET status = 'confirmed', confirmed_at = ?, held_until = NULL WHERE id = ?").run(now.toISOString(), pending.id);
    purgeHistory(db, brin6, now);
    // What this confirm changed, kept with it: the history lists it, the overview warns while these data are in force.
    const removal = {
      addedPupils: diff.leerlingen.added,
      removedPupils: guard.removedPupils,
      confirmedPupils: guard.confirmedPupils,
      percent: guard.percent,
      guarded: guard.needed,
    };
    db.prepare("UPDATE imports SET summary_json = json_set(summary_json, '$.removal', json(?)) WHERE id = ?").run(JSON.stringify(removal), pending.id);
    // Another school year confirmed on purpose: the readiness rule counts it as such (main/overview).
    if (year.needed && reviewed) db.prepare("UPDATE imports SET summary_json = json_set(summary_json, '$.otherYear', json('true')) WHERE id = ?").run(pending.id);
    supersedeUntried(db, brin6, 'putSchoolData');
    enqueue(db, brin6, { routeId: 'putSchoolData', body: { importId: pending.id } });
    return true;
  }).immediate();
}

/** Releases the hold of a pending import its command will not confirm after all (the guard said no). */
export function releaseHold(db: Database.Database, brin6: string, id: number): void {
  db.prepare("UPDATE imports SET held_until = NULL WHERE id = ? AND brin6 = ? AND status = 'pending'").run(id, brin6);
}

