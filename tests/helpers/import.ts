import type Database from 'better-sqlite3';
import { confirmPendingImport } from '../../main/imports/confirm';
import { importFile } from '../../main/imports/import';
import type { EdexmlReport, ImportOptions } from '../../main/imports/import';

/**
 * Steps 2 and 3 in one go, for tests and benches that need confirmed data: the file read into a pending import
 * (importFile), then confirmed through the one confirm path (confirmPendingImport, as step 3 and the CLI do), with
 * the guards against destructive files and another school year answered in advance. A blocked or identical file is returned as read.
 */
export function importConfirmed(db: Database.Database, file: string, options: ImportOptions): EdexmlReport {
  const report = importFile(db, file, options);
  if (report.stored !== 'pending' || report.importId === undefined) return report;
  confirmPendingImport(db, options.brin6, { allowRemovals: true, allowOtherYear: true, importId: report.importId, ...(report.diff ? { diff: report.diff } : {}) });
  return { ...report, stored: 'confirmed' };
}
