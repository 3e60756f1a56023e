import type { YearGuard } from '../../shared/domain/import-guard';
import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/edexml/findings';
import type { Counts, SchoolIdentification } from '../../shared/edexml/model';
import { diffImports, sameData } from './diff';
import type { DiffCounts, SchoolDataDiff } from './diff';
import { analyseFile } from '../edexml/engine';
import type { AnalyseOptions, Analysis } from '../edexml/engine';
import type { ModelSink } from '../edexml/model/builder';
import { beginPendingImport, importId } from './store';
import type { PendingImportWriter } from './store';

/** The report of `validate` and `import`, as the CLI prints it with --json and the bridge will carry it. */
export interface EdexmlReport {
  readonly ok: boolean;
  readonly version: string | null;
  readonly school: { readonly brin6: string | null; readonly schoolkey: string | null; readonly schooljaar: string | null };
  readonly counts: Counts;
  readonly findings: readonly Finding[];
  readonly dropped: readonly string[];
  readonly diff?: SchoolDataDiff;
  /** The diff as counts only (the CLI's text report, which prints no keys). */
  readonly diffCounts?: DiffCounts;
  readonly stored?: 'pending' | 'confirmed';
  /** The id of the import it was stored as (step 3 and the CLI confirm exactly this one). */
  readonly importId?: number;
  /** The file holds exactly the confirmed data: nothing was stored, there is nothing to confirm. */
  readonly identical?: true;
}

export function reportOf(analysis: Analysis): EdexmlReport {
  const school: SchoolIdentification | null = analysis.school;
  return {
    ok: analysis.ok,
    version: analysis.version,
    school: { brin6: school?.brin6 ?? null, schoolkey: school?.schoolkey ?? null, schooljaar: school?.schooljaar ?? null },
    counts: analysis.counts,
    findings: analysis.findings,
    dropped: analysis.dropped,
  };
}

export interface ImportOptions extends Omit<AnalyseOptions, 'keepModel' | 'targetBrin6' | 'sink'> {
  readonly brin6: string;
  readonly sourceName: string;
  /**
   * false: the caller shows the diff later (step 3 asks for it with names), so a pending import's report leaves it
   * out — no list of every key of a first import is built, nor copied back from the writer thread.
   */
  readonly reportDiff?: boolean;
  /** The caller confirms this import right after (the CLI's `import --confirm`): another file must not replace it meanwhile. */
  readonly hold?: boolean;
}

class Blocked extends Error {}
/** The file holds exactly the confirmed data: the transaction is rolled back, an earlier pending import stays. */
class Identical extends Error {
  constructor(readonly report: EdexmlReport) {
    super('identical');
  }
}

/**
 * Reads a file into the pending import's sink and returns its analysis, synchronously, inside the import's
 * transaction: here on this thread, or (the worker) on a reader thread that streams the records over while this
 * thread writes them (read-in-parallel.ts).
 */
export type ReadInto = (file: string, options: Omit<AnalyseOptions, 'sink' | 'keepModel'>, sink: ModelSink) => Analysis;

const readHere: ReadInto = (file, options, sink) => analyseFile(file, { ...options, sink });

/** The finding of a file stored for review but not confirmed, because the guard against destructive files applies. */
export function massRemovalFinding(reasons: readonly string[]): Finding {
  return {
    severity: 'error',
    code: 'domain.mass-removal',
    line: 0,
    column: 0,
    message: `${reasons.join(' ')} Het bestand is ingelezen maar niet bevestigd. Controleer of dit het juiste bestand is; bevestig het dan in stap 3.`,
  };
}

/** The file is of another school year and the second confirmation (that year, typed) was not given. */
export function otherYearFinding(guard: YearGuard): Finding {
  return {
    severity: 'error',
    code: 'domain.other-year',
    line: 0,
    column: 0,
    message: `Het bestand is van schooljaar ${guard.schooljaar}, niet van het huidige schooljaar ${guard.current}. Het is ingelezen maar niet bevestigd. Meestal is een nieuwe export uit je leerlingadministratie nodig; is dit toch het juiste bestand, bevestig het dan in stap 3 door het schooljaar te typen.`,
  };
}

/** Most findings a report or a stored import keeps; `findingsTotal` says how many there were. */
export const MAX_FINDINGS = 1000;

/** Errors first, then warnings (each in file order), at most `max`. */
export function capFindings(all: readonly Finding[], max: number = MAX_FINDINGS): { findings: Finding[]; findingsTotal: number } {
  const ordered = [...all.filter((f) => f.severity === 'error'), ...all.filter((f) => f.severity !== 'error')];
  return { findings: ordered.slice(0, max), findingsTotal: all.length };
}

/**
 * The connection an import writes through, made ready once. Its page cache: with SQLite's default 2 MB a transaction
 * spills pages to the WAL while it writes. The writer thread (the app) keeps a cache that holds a whole import
 * (100,000 pupils ≈ 19 MB): 6–7 % off an import of 30,000 or 100,000 pupils. The CLI (`here`, a process that imports
 * one file and ends, whose peak memory is what a school's script sees) keeps CLI_CACHE_MB.
 */
export function importConnection(db: Database.Database, where: 'thread' | 'here' = 'thread'): Database.Database {
  db.pragma(`cache_size = -${(where === 'thread' ? 32 : CLI_CACHE_MB) * 1024}`);
  return db;
}

/**
 * The CLI's page cache for an import, in MB. Measured (CLI `import --confirm`, 100,000 pupils, 54.5 MB, 2 runs each,
 * xmllint --schema 3.9 s beside them): 2 MB 2.40–2.45 s and 130–131 MB peak RSS; 8 MB 2.25–2.28 s, 137–139 MB;
 * 16 MB 2.29–2.30 s, 144–147 MB; 32 MB 2.22–2.27 s, 150–151 MB.
 */
export const CLI_CACHE_MB = 8;

/**
 * Step 2: read the file for this location straight into a new pending import inside one
 * transaction, and commit only when nothing blocks; then report the diff against the confirmed data. A blocked or
 * failed import changes nothing: the transaction is rolled back, the earlier pending and confirmed data stay.
 */
export function importFile(db: Database.Database, file: string, options: ImportOptions, read: ReadInto = readHere): EdexmlReport {
  let blocked: EdexmlReport | null = null;
  try {
    return db
      .transaction((): EdexmlReport => {
        const writer = beginPendingImport(db, options.brin6, { sourceName: options.sourceName, ...(options.hold ? { hold: true } : {}) });
        const analysis = read(file, { ...options, targetBrin6: options.brin6 }, writer.sink);
        if (!analysis.ok || !analysis.school) {
          blocked = reportOf(analysis);
          throw new Blocked();
        }
        return completeImport(db, writer, analysis, options);
      })
      .immediate();
  } catch (error) {
    if (error instanceof Blocked && blocked) return blocked;
    if (error instanceof Identical) return error.report;
    throw error;
  }
}

/**
 * The end of every import, inside its transaction, once the whole file was read without blocking findings:
 * record school and summary, and the diff against the confirmed data. Confirming is step 3's, always
 * (main/imports/confirm.ts): there is one confirm path. A file holding exactly the
 * confirmed data throws Identical: nothing is stored (no pending import, no history entry), importFile says so.
 */
export function completeImport(db: Database.Database, writer: PendingImportWriter, analysis: Analysis, options: ImportOptions): EdexmlReport {
  const report = reportOf(analysis);
  const { findings, findingsTotal } = capFindings(report.findings);
  writer.finish(analysis.school!, { counts: report.counts, findings, findingsTotal, dropped: report.dropped, version: report.version });
  const confirmed = importId(db, options.brin6, 'confirmed');
  if (confirmed !== null && sameData(db, confirmed, writer.id)) throw new Identical({ ...report, identical: true });
  const id = { importId: writer.id };
  if (options.reportDiff === false) return { ...report, stored: 'pending', ...id };
  return { ...report, diff: diffImports(db, confirmed, writer.id), stored: 'pending', ...id };
}
