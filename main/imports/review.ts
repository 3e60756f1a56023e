/**
 * Step 3: what the window and the CLI show of the pending import (its state, its diff with names, the diff as CSV),
 * and confirming or discarding it. Also run on the import thread (worker.ts) by `runReview`, so a large diff never
 * holds up the thread that answers the window. Imports nothing of the worker (no cycle through the thread's entry).
 */
import type Database from 'better-sqlite3';
import type { ImportDiff, ImportState, ImportView } from '../../shared/bridge';
import type { Finding } from '../../shared/edexml/findings';
import type { Counts } from '../../shared/edexml/model';
import { csvDocument } from '../../shared/domain/csv';
import { ServiceError } from '../errors/service-error';
import { scrubFreedPages } from '../db/scrub';
import { recordAudit } from '../audit/audit';
import { diffImports } from './diff';
import { discardPendingImport, importId, importMeta, pupilNameSql } from './store';
import { confirmPendingImport, pendingGuard } from './confirm';
import type { ConfirmOptions } from './confirm';
import { schoolYearGuard } from '../../shared/domain/import-guard';
import { schoolYearOf } from '../../shared/domain/school-year';
import type { ReviewJob } from './review-job';


/**
 * Step 3's work on one connection: the worker's writer thread in the app (run-in-worker.ts `review`), the calling
 * thread in the CLI. The diff of a large or re-keyed file takes a good part of a second; here it never holds up the
 * thread that answers the window.
 */
export function runReview(db: Database.Database, job: ReviewJob): unknown {
  switch (job.action) {
    case 'diff':
      return importDiff(db, job.brin6, job.thresholdPercent, new Date(job.today));
    case 'confirm':
      return confirmImport(db, job.brin6, {
        importId: job.importId,
        now: new Date(job.today),
        ...(job.acknowledge !== undefined ? { acknowledge: job.acknowledge } : {}),
        ...(job.acknowledgeYear !== undefined ? { acknowledgeYear: job.acknowledgeYear } : {}),
        ...(job.thresholdPercent !== undefined ? { thresholdPercent: job.thresholdPercent } : {}),
      });
    case 'export-diff':
      return exportDiffCsv(db, job.brin6, new Date(job.today));
  }
}

interface StoredSummary {
  counts?: Counts;
  findings?: Finding[] | number;
  findingsTotal?: number;
  dropped?: string[];
}

const NO_COUNTS: Counts = { groepen: 0, samengestelde_groepen: 0, leerlingen: 0, leerkrachten: 0 };

function view(db: Database.Database, brin6: string, status: 'pending' | 'confirmed'): ImportView | null {
  const meta = importMeta(db, brin6, status);
  if (!meta) return null;
  const head = db.prepare('SELECT schooljaar, schoolkey FROM imports WHERE id = ?').get(meta.id) as { schooljaar: string; schoolkey: string | null };
  const summary = (meta.summary ?? {}) as StoredSummary;
  // Imports stored before the findings were kept have only their number.
  const findings = Array.isArray(summary.findings) ? summary.findings : [];
  const findingsTotal = summary.findingsTotal ?? (typeof summary.findings === 'number' ? summary.findings : findings.length);
  return {
    id: meta.id,
    sourceName: meta.sourceName,
    importedAt: meta.importedAt,
    confirmedAt: meta.confirmedAt,
    school: { brin6, schoolkey: head.schoolkey, schooljaar: head.schooljaar || null },
    counts: summary.counts ?? NO_COUNTS,
    findings,
    findingsTotal,
    dropped: summary.dropped ?? [],
  };
}

export function importState(db: Database.Database, brin6: string): ImportState {
  return { brin6, pending: view(db, brin6, 'pending'), confirmed: view(db, brin6, 'confirmed') };
}

/** Step 3's Bevestigen; `acknowledge`: what the admin typed when the guard against destructive files asked. */
export function confirmImport(db: Database.Database, brin6: string, options: ConfirmOptions = {}): ImportState {
  if (!confirmPendingImport(db, brin6, options)) {
    throw new ServiceError('invalid-input', 'Er is geen ingelezen bestand om te bevestigen. Importeer eerst het EDEXML-bestand (stap 2).');
  }
  // Imports past their retention lost their pupils in the confirm (purgeHistory): gone from the file as well.
  scrubFreedPages(db);
  return importState(db, brin6);
}

export function discardImport(db: Database.Database, brin6: string): ImportState {
  db.transaction(() => {
    const pending = view(db, brin6, 'pending');
    if (discardPendingImport(db, brin6) && pending) recordAudit(db, brin6, 'Ingelezen bestand verworpen', pending.sourceName);
  }).immediate();
  scrubFreedPages(db);
  return importState(db, brin6);
}

/** Rows per diff list; `total` says how many there are. */
export const DIFF_LIST_LIMIT = 500;

function capped<T, U>(keys: readonly T[], map: (item: T) => U): { total: number; items: U[] } {
  return { total: keys.length, items: keys.slice(0, DIFF_LIST_LIMIT).map(map) };
}

/** The pending import against the confirmed one, with display names and class names; null when nothing is pending. */
export function importDiff(db: Database.Database, brin6: string, thresholdPercent?: number, today: Date = new Date()): ImportDiff | null {
  const pendingId = importId(db, brin6, 'pending');
  if (pendingId === null) return null;
  const confirmedId = importId(db, brin6, 'confirmed');
  const diff = diffImports(db, confirmedId, pendingId);
  const groepNaam = db.prepare('SELECT naam FROM import_groepen WHERE import_id = ? AND key = ?').pluck();
  const pupil = db.prepare(
    `SELECT ${pupilNameSql('l')} AS name,
            (SELECT naam FROM import_groepen g WHERE g.import_id = l.import_id AND g.key = l.groep_key) AS groep
     FROM import_leerlingen l WHERE l.import_id = ? AND l.key = ?`,
  );
  const className = (id: number | null, key: string | null): string | null =>
    key === null || id === null ? null : ((groepNaam.get(id, key) as string | undefined) ?? key);
  const pupilRow = (id: number | null, key: string) => {
    const row = id === null ? undefined : (pupil.get(id, key) as { name: string; groep: string | null } | undefined);
    return { key, name: row?.name ?? '', groep: row?.groep ?? null };
  };
  const pendingSchooljaar = (db.prepare('SELECT schooljaar FROM imports WHERE id = ?').pluck().get(pendingId) as string | undefined) ?? '';
  return {
    brin6,
    importId: pendingId,
    yearGuard: schoolYearGuard(pendingSchooljaar, schoolYearOf(today)),
    guard: (({ reasons, ...rest }) => ({ ...rest, reasons: [...reasons] }))(pendingGuard(db, brin6, thresholdPercent, diff)!),
    first: diff.first,
    groepen: {
      added: capped(diff.groepen.added, (key) => ({ key, naam: className(pendingId, key) ?? key })),
      removed: capped(diff.groepen.removed, (key) => ({ key, naam: className(confirmedId, key) ?? key })),
      changed: capped(diff.groepen.changed, (c) => ({ key: c.key, naam: className(pendingId, c.key) ?? c.key, fields: [...c.fields], changes: c.changes.map((x) => ({ ...x })) })),
    },
    leerlingen: {
      added: capped(diff.leerlingen.added, (key) => pupilRow(pendingId, key)),
      removed: capped(diff.leerlingen.removed, (key) => pupilRow(confirmedId, key)),
      changed: capped(diff.leerlingen.changed, (c) => ({
        ...pupilRow(pendingId, c.key),
        fields: [...c.fields],
        changes: c.changes.map((x) => (x.field === 'groep' ? { field: x.field, from: className(confirmedId, x.from), to: className(pendingId, x.to) } : { ...x })),
        ...(c.previousKey !== undefined ? { previousKey: c.previousKey } : {}),
      })),
      moved: capped(diff.leerlingen.moved, (m) => ({
        key: m.key,
        name: pupilRow(pendingId, m.key).name,
        from: className(confirmedId, m.from),
        to: className(pendingId, m.to),
      })),
    },
  };
}

/** The whole diff as CSV rows (no cap), for Excel: one row per added/removed pupil or class, one per changed field. */
export function exportDiffCsv(db: Database.Database, brin6: string, today: Date = new Date()): { fileName: string; csv: string } {
  const pendingId = importId(db, brin6, 'pending');
  if (pendingId === null) throw new ServiceError('invalid-input', 'Er is geen ingelezen bestand, dus ook geen verschil om te exporteren. Importeer eerst het EDEXML-bestand (stap 2).');
  const confirmedId = importId(db, brin6, 'confirmed');
  const diff = diffImports(db, confirmedId, pendingId);
  const pupil = db.prepare(`SELECT ${pupilNameSql('l')} AS name FROM import_leerlingen l WHERE l.import_id = ? AND l.key = ?`).pluck();
  const groep = db.prepare('SELECT naam FROM import_groepen WHERE import_id = ? AND key = ?').pluck();
  const name = (id: number | null, key: string) => (id === null ? '' : ((pupil.get(id, key) as string | undefined) ?? ''));
  const klas = (id: number | null, key: string | null) => (key === null || id === null ? '' : ((groep.get(id, key) as string | undefined) ?? key));
  const rows: string[][] = [];
  for (const key of diff.leerlingen.added) rows.push(['Leerling nieuw', key, name(pendingId, key), '', '', '']);
  for (const key of diff.leerlingen.removed) rows.push(['Leerling verdwenen', key, name(confirmedId, key), '', '', '']);
  for (const c of diff.leerlingen.changed) {
    for (const x of c.changes) {
      const [from, to] = x.field === 'groep' ? [klas(confirmedId, x.from), klas(pendingId, x.to)] : [x.from ?? '', x.to ?? ''];
      rows.push(['Leerling gewijzigd', c.key, name(pendingId, c.key), x.field, from, to]);
    }
  }
  for (const key of diff.groepen.added) rows.push(['Klas nieuw', key, klas(pendingId, key), '', '', '']);
  for (const key of diff.groepen.removed) rows.push(['Klas verdwenen', key, klas(confirmedId, key), '', '', '']);
  for (const c of diff.groepen.changed) for (const x of c.changes) rows.push(['Klas gewijzigd', c.key, klas(pendingId, c.key), x.field, x.from ?? '', x.to ?? '']);
  return {
    fileName: `verschillen-${brin6}-${today.toISOString().slice(0, 10)}.csv`,
    csv: csvDocument(['Soort', 'Sleutel', 'Naam', 'Veld', 'Was', 'Wordt'], rows),
  };
}
