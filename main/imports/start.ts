/**
 * Step 2 as the bridge offers it: import a staged upload for one location (in a worker thread, with progress), or
 * route several files by the BRIN6 they name. Step 3 (the pending import's state, its diff, confirm, discard) is in
 * review.ts, which the import thread runs too.
 */
import type Database from 'better-sqlite3';
import type { ImportOutcome, ImportProgress, ImportReport, ImportRouted } from '../../shared/bridge';
import { MAX_UPLOAD_BYTES } from '../../shared/bridge';
import { locationExists, requireLocation } from '../locations/locations';
import type { UploadStaging } from '../uploads/staging';
import { capFindings } from './import';
import type { EdexmlReport } from './import';
import type { EdexmlWorker } from './run-in-worker';
import { reportOf } from './import';
import { sniffSchool } from '../edexml/sniff';
import type { WorkerProgress } from './run-in-worker';

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
export async function startImport(deps: ImportDeps, brin6: string, uploadId: string, hold = false): Promise<ImportOutcome> {
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
      { brin6, sourceName: upload.name, maxBytes: MAX_UPLOAD_BYTES, reportDiff: false, ...(hold ? { hold } : {}), ...(deps.today ? { today: deps.today } : {}) },
      (p: WorkerProgress) => emit(p.phase === 'klaar' ? 'opslaan' : p.phase, p.bytesRead, p.totalBytes),
    );
    emit('klaar', upload.size, upload.size);
    const otherLocation = report.findings.some((f) => f.code === 'domain.other-location');
    if (otherLocation && report.school.brin6) {
      return { kind: 'other-location', fileBrin6: report.school.brin6, known: locationExists(deps.db, report.school.brin6), report: toReport(report) };
    }
    if (report.identical) return { kind: 'identical', report: toReport(report) };
    if (report.ok && report.stored && report.importId !== undefined) return { kind: 'stored', importId: report.importId, report: toReport(report) };
    return { kind: 'blocked', report: toReport(report) };
  } finally {
    deps.uploads.remove(uploadId);
  }
}

/**
 * One of several files (dropped together, or the CLI's `import a.xml b.xml`): routed to the location whose BRIN6 it
 * names, then read exactly as step 2 reads it there (startImport). `expect`: the caller named the location, so the
 * file must be for it. Nothing is confirmed. The staged file is deleted afterwards, whatever the outcome.
 */
export async function routeImport(deps: ImportDeps, uploadId: string, expect?: string, hold = false): Promise<ImportRouted> {
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
    const outcome = await startImport(deps, brin6, uploadId, hold);
    if (outcome.kind === 'other-location') return { kind: 'other-location', brin6, fileBrin6: outcome.fileBrin6, report: outcome.report };
    if (outcome.kind === 'stored') return { kind: 'stored', brin6, importId: outcome.importId, report: outcome.report };
    return { kind: outcome.kind, brin6, report: outcome.report };
  } finally {
    if (!handedOver) deps.uploads.remove(uploadId);
  }
}
