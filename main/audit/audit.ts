import type Database from 'better-sqlite3';
import path from 'node:path';
import type { AuditEntry } from '../../shared/bridge';
import { locationUsername, requireLocation } from '../locations/locations';
import { localTimestamp } from '../../shared/domain/local-time';
import { csvDocument } from '../../shared/domain/csv';

/**
 * The audit log per location: who changed what, and when. Entries are written inside the transaction of the change
 * they describe (so the log never claims a change that was rolled back, nor misses one that was saved). SQL for
 * `audit_log` lives here, and only here; every query is scoped to one BRIN6.
 */

/** Who made a change: the portal username recorded for this location (at sign-in or when added), else "offline". */
export function auditActor(db: Database.Database, brin6: string): string {
  return locationUsername(db, brin6) ?? 'offline';
}

/** Appends one entry. Call it inside the transaction of the change (it does not open one itself). */
export function recordAudit(db: Database.Database, brin6: string, action: string, summary: string, at: Date = new Date()): void {
  db.prepare('INSERT INTO audit_log (brin6, at, actor, action, summary) VALUES (?, ?, ?, ?, ?)').run(brin6, at.toISOString(), auditActor(db, brin6), action, summary);
}

/**
 * The log keeps who did what when, not a removed colleague's name or e-mail (issue 34, the retention rule in the
 * README): in the transaction that removes them, every entry of this location that names them gets the pseudonym
 * instead (the same one each time, so what happened to "gebruiker 3f9a1c2e" stays readable). Call inside that
 * transaction; `texts` are matched exactly (the display name, the e-mail), empty ones are skipped.
 */
export function pseudonymiseAudit(db: Database.Database, brin6: string, texts: readonly string[], pseudonym: string): void {
  const replace = db.prepare('UPDATE audit_log SET summary = replace(summary, @text, @pseudonym) WHERE brin6 = @brin6 AND instr(summary, @text) > 0');
  // Longest first: an e-mail that contains the name is replaced whole.
  for (const text of [...new Set(texts)].filter((t) => t.trim() !== '').sort((a, b) => b.length - a.length)) replace.run({ text, pseudonym, brin6 });
}

/**
 * Every export of pupil or user data is on record (issue 34): what, how many records, and the file name it was given
 * (never a folder: where it went stays the admin's). One entry, on its own (an export changes nothing).
 */
export function recordExport(db: Database.Database, brin6: string, what: string, records: string, fileName: string, at: Date = new Date()): void {
  recordAudit(db, brin6, 'Gegevens geëxporteerd', `${what}: ${records} → ${path.basename(fileName)}`, at);
}

/** Newest first (the same second: the later entry first). */
export function listAudit(db: Database.Database, brin6: string): AuditEntry[] {
  requireLocation(db, brin6);
  return db.prepare('SELECT id, at, actor, action, summary FROM audit_log WHERE brin6 = ? ORDER BY id DESC').all(brin6) as AuditEntry[];
}

/**
 * The log as CSV for Dutch Excel: `;`-separated, CRLF line ends, header "Tijdstip;Wie;Actie;Omschrijving", a BOM-less
 * UTF-8 string (the renderer saves it), every field safe to open in a spreadsheet (shared/domain/csv). Times in the
 * PC's local time with the offset (shared/domain/local-time). File name `logboek-<BRIN6>-<yyyy-mm-dd>.csv`, the
 * local date of `today`.
 */
export function exportAuditCsv(db: Database.Database, brin6: string, today: Date = new Date()): { fileName: string; csv: string } {
  const entries = listAudit(db, brin6);
  // Local time with its offset, as the screen shows it (stored in UTC): "2026-12-06 15:02:31 +01:00".
  const csv = csvDocument(['Tijdstip', 'Wie', 'Actie', 'Omschrijving'], entries.map((e) => [localTimestamp(new Date(e.at)), e.actor, e.action, e.summary]));
  return { fileName: `logboek-${brin6}-${localTimestamp(today).slice(0, 10)}.csv`, csv };
}
