import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/edexml/findings';
import type { Counts, SchoolIdentification } from '../../shared/edexml/model';
import { diffSchoolData } from './diff';
import type { SchoolDataDiff } from './diff';
import { analyseFile } from './engine';
import type { AnalyseOptions, Analysis } from './engine';
import { confirmPendingImport, loadImport, storePendingImport } from './store';

/** The report of `validate` and `import`, as the CLI prints it with --json and the bridge will carry it. */
export interface EdexmlReport {
  readonly ok: boolean;
  readonly version: string | null;
  readonly school: { readonly brin6: string | null; readonly schoolkey: string | null; readonly schooljaar: string | null };
  readonly counts: Counts;
  readonly findings: readonly Finding[];
  readonly dropped: readonly string[];
  readonly diff?: SchoolDataDiff;
  readonly stored?: 'pending' | 'confirmed';
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

export interface ImportOptions extends Omit<AnalyseOptions, 'keepModel' | 'targetBrin6'> {
  readonly brin6: string;
  readonly confirm?: boolean;
  readonly sourceName: string;
}

/**
 * Step 2 (and 3 with `confirm`): analyse the file for this location, and only when nothing blocks, store it as the
 * location's pending data and compute the diff against the confirmed data. A blocked file changes nothing.
 */
export function importFile(db: Database.Database, file: string, options: ImportOptions): EdexmlReport {
  const analysis = analyseFile(file, { ...options, keepModel: true, targetBrin6: options.brin6 });
  const report = reportOf(analysis);
  if (!analysis.ok || !analysis.data) return report;
  const data = analysis.data;
  const diff = diffSchoolData(loadImport(db, options.brin6, 'confirmed'), data);
  storePendingImport(db, options.brin6, data, {
    sourceName: options.sourceName,
    summary: { counts: report.counts, findings: report.findings.length, dropped: report.dropped, version: report.version },
  });
  if (options.confirm) confirmPendingImport(db, options.brin6);
  return { ...report, diff, stored: options.confirm ? 'confirmed' : 'pending' };
}
