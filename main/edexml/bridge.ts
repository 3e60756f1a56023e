/**
 * Steps 2 and 3 as the bridge offers them: import a staged upload for one location (in a worker thread, with
 * progress), show the pending and confirmed import, the diff with names, confirm, discard. SQL stays in store.ts /
 * diff.ts and the name look-ups below, each scoped to one BRIN6.
 */
import type Database from 'better-sqlite3';
import type { ImportDiff, ImportOutcome, ImportProgress, ImportReport, ImportRouted, ImportState, ImportView } from '../../shared/bridge';
import { MAX_UPLOAD_BYTES } from '../../shared/bridge';
import type { Finding } from '../../shared/edexml/findings';
import type { Counts } from '../../shared/edexml/model';
import { ServiceError } from '../errors/service-error';
import { locationExists, requireLocation } from '../locations/locations';
import type { UploadStaging } from '../uploads/staging';
import { diffImports } from './diff';
import { csvDocument } from '../../shared/domain/csv';
import { capFindings } from './import';
import type { EdexmlReport } from './import';
import type { EdexmlWorker } from './run-in-worker';
import { reportOf } from './import';
import { sniffSchool } from './sniff';
import type { WorkerProgress } from './run-in-worker';
import { confirmPendingImport, discardPendingImport, importId, importMeta, pendingGuard, pupilNameSql } from './store';
import { recordAudit } from '../audit/audit';

export interface ImportDeps {
  readonly db: Database.Database;
  readonly databaseFile: string;
  readonly uploads: UploadStaging;
  /** The long-lived EDEXML worker thread of these services (warm for the next file). */
  readonly worker: EdexmlWorker;
  readonly onProgress: (progress: ImportProgress) => void;
  /** For the school-year check (tests). */
  readonly today?: Date;
}

/** Progress events at most this often while reading; phase changes always go out. */
const PROGRESS_INTERVAL_MS = 100;

function toReport(report: EdexmlReport): ImportReport {
  return {
    ok: report.ok,
    version: report.version,
    school: report.school,
    counts: report.counts,
    ...capFindings(report.findings),
    dropped: [...report.dropped],
  };
}

/**
 * Reads the staged file into a new pending import of `brin6`. The staged file is deleted afterwards, whatever the
 * outcome. A file of another BRIN6 changes nothing and says whether that location is in this console.
 */
export async function startImport(deps: ImportDeps, brin6: string, uploadId: string): Promise<ImportOutcome> {
  requireLocation(deps.db, brin6);
  const upload = deps.uploads.get(uploadId);
  let last = 0;
  let lastPhase: ImportProgress['phase'] | null = null;
  const emit = (phase: ImportProgress['phase'], bytesRead: number, totalBytes: number) => {
    const now = Date.now();
    if (phase === lastPhase && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastPhase = phase;
    deps.onProgress({ brin6, phase, bytesRead, totalBytes });
  };
  try {
    emit('lezen', 0, upload.size);
    const report = await deps.worker.import(
      deps.databaseFile,
      upload.file,
      { brin6, sourceName: upload.name, maxBytes: MAX_UPLOAD_BYTES, reportDiff: false, ...(deps.today ? { today: deps.today } : {}) },
      (p: WorkerProgress) => emit(p.phase === 'klaar' ? 'opslaan' : p.phase, p.bytesRead, p.totalBytes),
    );
    emit('klaar', upload.size, upload.size);
    const otherLocation = report.findings.some((f) => f.code === 'domain.other-location');
    if (otherLocation && report.school.brin6) {
      return { kind: 'other-location', fileBrin6: report.school.brin6, known: locationExists(deps.db, report.school.brin6), report: toReport(report) };
    }
    return { kind: report.ok && report.stored ? 'stored' : 'blocked', report: toReport(report) };
  } finally {
    deps.uploads.remove(uploadId);
  }
}

/**
 * One of several files (dropped together, or the CLI's `import a.xml b.xml`): routed to the location whose BRIN6 it
 * names, then read exactly as step 2 reads it there (startImport). `expect`: the caller named the location, so the
 * file must be for it. Nothing is confirmed. The staged file is deleted afterwards, whatever the outcome.
 */
export async function routeImport(deps: ImportDeps, uploadId: string, expect?: string): Promise<ImportRouted> {
  const upload = deps.uploads.get(uploadId);
  let handedOver = false;
  try {
    const school = sniffSchool(upload.file);
    let brin6 = school?.brin6 ?? null;
    if (!brin6) {
      // The start names no BRIN6: the full read says why (or finds it further on, in an unusual file).
      const analysis = await deps.worker.analyse(upload.file, { maxBytes: MAX_UPLOAD_BYTES, ...(deps.today ? { today: deps.today } : {}) });
      if (!analysis.school?.brin6) return { kind: 'unreadable', report: toReport(reportOf(analysis)) };
      brin6 = analysis.school.brin6;
    }
    if (expect && brin6 !== expect) return { kind: 'other-location', brin6: expect, fileBrin6: brin6, report: null };
    if (!locationExists(deps.db, brin6)) return { kind: 'unknown-location', fileBrin6: brin6, suggestedName: school?.vestiging ?? null };
    handedOver = true; // startImport deletes the staged file itself
    const outcome = await startImport(deps, brin6, uploadId);
    if (outcome.kind === 'other-location') return { kind: 'other-location', brin6, fileBrin6: outcome.fileBrin6, report: outcome.report };
    return { kind: outcome.kind, brin6, report: outcome.report };
  } finally {
    if (!handedOver) deps.uploads.remove(uploadId);
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
export function confirmImport(db: Database.Database, brin6: string, options: { acknowledge?: string; thresholdPercent?: number } = {}): ImportState {
  if (!confirmPendingImport(db, brin6, options)) {
    throw new ServiceError('invalid-input', 'Er is geen ingelezen bestand om te bevestigen. Importeer eerst het EDEXML-bestand (stap 2).');
  }
  return importState(db, brin6);
}

export function discardImport(db: Database.Database, brin6: string): ImportState {
  db.transaction(() => {
    const pending = view(db, brin6, 'pending');
    if (discardPendingImport(db, brin6) && pending) recordAudit(db, brin6, 'Ingelezen bestand verworpen', pending.sourceName);
  }).immediate();
  return importState(db, brin6);
}

/** Rows per diff list; `total` says how many there are. */
export const DIFF_LIST_LIMIT = 500;

function capped<T, U>(keys: readonly T[], map: (item: T) => U): { total: number; items: U[] } {
  return { total: keys.length, items: keys.slice(0, DIFF_LIST_LIMIT).map(map) };
}

/** The pending import against the confirmed one, with display names and class names; null when nothing is pending. */
export function importDiff(db: Database.Database, brin6: string, thresholdPercent?: number): ImportDiff | null {
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
  return {
    brin6,
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
