import type Database from 'better-sqlite3';
import type { ImportHistoryEntry } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import { recordAudit } from '../audit/audit';

/**
 * The history of confirmed imports per location (migration 0009): the newest KEPT_IMPORTS keep their data, older ones
 * only a summary (AVG); an earlier import can be made the pending one again (restore).
 */

/** Confirmed imports (the one in force included) whose data the console keeps, per location; older ones are purged. */
export const KEPT_IMPORTS = 5;
/** Summaries (no personal data) of purged imports kept per location. */
export const KEPT_SUMMARIES = 50;

/**
 * Keeps the data of the newest KEPT_IMPORTS confirmed imports; older ones lose every pupil, class and teacher row
 * (AVG) and keep only their summary, until there are more than KEPT_SUMMARIES of those.
 */
export function purgeHistory(db: Database.Database, brin6: string, now: Date): void {
  const older = db
    .prepare("SELECT id FROM imports WHERE brin6 = ? AND status = 'previous' AND purged_at IS NULL ORDER BY confirmed_at DESC, id DESC LIMIT -1 OFFSET ?")
    .pluck()
    .all(brin6, KEPT_IMPORTS - 1) as number[];
  for (const id of older) {
    for (const table of IMPORT_TABLES) db.prepare(`DELETE FROM ${table} WHERE import_id = ?`).run(id);
    db.prepare('UPDATE imports SET purged_at = ? WHERE id = ?').run(now.toISOString(), id);
  }
  db.prepare(
    `DELETE FROM imports WHERE id IN (SELECT id FROM imports WHERE brin6 = ? AND status = 'previous' AND purged_at IS NOT NULL
       ORDER BY confirmed_at DESC, id DESC LIMIT -1 OFFSET ?)`,
  ).run(brin6, KEPT_SUMMARIES);
}

/** The tables that hold an import's rows (personal data), all keyed by `import_id`. */
const IMPORT_TABLES = ['import_vestigingen', 'import_groepen', 'import_leerlingen', 'import_leerling_clusters', 'import_leerkrachten', 'import_leerkracht_groepen'] as const;

/** One row of the history (the contract's `ImportHistoryEntry`). */
export type HistoryEntry = ImportHistoryEntry;

/** The confirmed imports of a location, newest first. */
export function importHistory(db: Database.Database, brin6: string): HistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.confirmed_at AS confirmedAt, i.source_name AS file, i.schooljaar, i.status, i.purged_at AS purgedAt,
              json_extract(i.summary_json, '$.removal.addedPupils') AS added, json_extract(i.summary_json, '$.removal.removedPupils') AS removed,
              json_extract(i.summary_json, '$.counts.leerlingen') AS leerlingen, json_extract(i.summary_json, '$.counts.groepen') AS groepen,
              s.confirmed_at AS restoredFromConfirmedAt
       FROM imports i LEFT JOIN imports s ON s.id = json_extract(i.summary_json, '$.restoredFrom') WHERE i.brin6 = ? AND i.status IN ('confirmed', 'previous') ORDER BY i.confirmed_at DESC, i.id DESC`,
    )
    .all(brin6) as Array<{
    id: number;
    confirmedAt: string;
    file: string;
    schooljaar: string;
    status: string;
    purgedAt: string | null;
    added: number | null;
    removed: number | null;
    leerlingen: number | null;
    groepen: number | null;
    restoredFromConfirmedAt: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    confirmedAt: r.confirmedAt,
    file: r.file,
    schooljaar: r.schooljaar,
    counts: { leerlingen: r.leerlingen ?? 0, groepen: r.groepen ?? 0 },
    added: r.added ?? 0,
    removed: r.removed ?? 0,
    current: r.status === 'confirmed',
    restorable: r.status === 'previous' && r.purgedAt === null,
    // A restored import is a copy: when the import it was restored from was confirmed (null: not a restore, or gone).
    restoredFrom: r.restoredFromConfirmedAt,
  }));
}

/**
 * "Vorige import terugzetten": an earlier confirmed import (by default the one before the current) becomes the new
 * pending import — a copy of its rows, replacing any pending one — so that confirming it is an ordinary confirm, with
 * its own diff, guard, queue entry and log line. Returns the new pending import's id.
 */
export function restoreImport(db: Database.Database, brin6: string, id: number | null, now: Date = new Date()): number {
  return db.transaction(() => {
    const source = (
      id === null
        ? db.prepare("SELECT * FROM imports WHERE brin6 = ? AND status = 'previous' AND purged_at IS NULL ORDER BY confirmed_at DESC, id DESC LIMIT 1").get(brin6)
        : db.prepare("SELECT * FROM imports WHERE brin6 = ? AND id = ? AND status IN ('confirmed', 'previous')").get(brin6, id)
    ) as { id: number; status: string; purged_at: string | null; confirmed_at: string | null; schooljaar: string; schoolkey: string | null; xsdversie: string | null; source_name: string; summary_json: string } | undefined;
    if (!source) {
      throw new ServiceError('invalid-input', id === null ? 'Er is geen eerdere import om terug te zetten.' : `Import ${id} bestaat niet bij deze locatie. Kies een import uit de lijst met eerdere imports.`);
    }
    if (source.status === 'confirmed') throw new ServiceError('invalid-input', 'Deze import is al de bevestigde. Kies een eerdere import.');
    if (source.purged_at !== null) {
      throw new ServiceError('invalid-input', `Van deze import (${source.source_name}) bewaart de console geen leerlinggegevens meer (alleen de laatste ${KEPT_IMPORTS} imports). Importeer het bestand opnieuw.`);
    }
    db.prepare("DELETE FROM imports WHERE brin6 = ? AND status = 'pending'").run(brin6);
    const { removal: _removal, ...kept } = JSON.parse(source.summary_json) as Record<string, unknown>;
    const summary = { ...kept, restoredFrom: source.id };
    const copy = Number(
      db
        .prepare(`INSERT INTO imports (brin6, status, schooljaar, schoolkey, xsdversie, source_name, imported_at, summary_json) VALUES (?, 'pending', ?, ?, ?, ?, ?, ?)`)
        .run(brin6, source.schooljaar, source.schoolkey, source.xsdversie, source.source_name, now.toISOString(), JSON.stringify(summary)).lastInsertRowid,
    );
    for (const table of IMPORT_TABLES) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE name <> 'import_id'`).pluck().all() as string[]).join(', ');
      db.prepare(`INSERT INTO ${table} (import_id, ${columns}) SELECT ?, ${columns} FROM ${table} WHERE import_id = ?`).run(copy, source.id);
    }
    recordAudit(db, brin6, 'Eerdere import teruggezet', `${source.source_name} (schooljaar ${source.schooljaar}, bevestigd op ${(source.confirmed_at ?? '').slice(0, 10)}) staat klaar om te bevestigen`, now);
    return copy;
  }).immediate();
}

// ---- the confirmed import as other capabilities read it (users: classes and teachers; numo: pupil numbers) ----


