import type Database from 'better-sqlite3';

/**
 * Deleted means gone (issue 34): with `secure_delete` on (every connection, database.ts) SQLite zeroes the content it
 * frees; what remains are older copies of those pages in the write-ahead log and free pages at the end of the file.
 * After a removal — a location, a colleague, imports past their retention, a delivered deletion — this moves the log
 * into the file and truncates it to zero bytes, then gives the freed pages back (`auto_vacuum = INCREMENTAL`), so
 * `strings` over the data folder finds nothing of what was removed. Outside any transaction: a checkpoint cannot run
 * inside one. A reader that still holds an old snapshot (another process) can keep the checkpoint from finishing; the
 * next scrub completes it.
 */
export function scrubFreedPages(db: Database.Database): { readonly complete: boolean } {
  if (db.inTransaction) throw new Error('scrubFreedPages must run outside a transaction');
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  db.pragma('incremental_vacuum');
  // The vacuum itself went through the log: move that in and truncate again.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { complete: result?.busy === 0 };
}
