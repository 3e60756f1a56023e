import type Database from 'better-sqlite3';

/**
 * `sync_marks` (migration 0012): what a feature remembers of its resource between sync rounds — the users feed's
 * cursor, when the roster was fetched, which import the service acknowledged. The engine keeps them and knows none of
 * them; the feature that owns a mark names it (`resource`, `key`) and reads and writes its text. Its SQL lives here.
 */
export function syncMark(db: Database.Database, brin6: string, resource: string, key: string): string | null {
  return (db.prepare('SELECT value FROM sync_marks WHERE brin6 = ? AND resource = ? AND key = ?').pluck().get(brin6, resource, key) as string | undefined) ?? null;
}

/** Sets marks of one resource together (null removes one). Inside the caller's transaction where it has one. */
export function setSyncMarks(db: Database.Database, brin6: string, resource: string, marks: Readonly<Record<string, string | null>>): void {
  const put = db.prepare('INSERT INTO sync_marks (brin6, resource, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (brin6, resource, key) DO UPDATE SET value = excluded.value');
  const drop = db.prepare('DELETE FROM sync_marks WHERE brin6 = ? AND resource = ? AND key = ?');
  for (const [key, value] of Object.entries(marks)) {
    if (value === null) drop.run(brin6, resource, key);
    else put.run(brin6, resource, key, value);
  }
}
