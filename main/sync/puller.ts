import type Database from 'better-sqlite3';
import { userFeedSchema } from '../../shared/api/resources';
import { applyFeedDelete, applyFeedUpsert } from '../users/sync';

export interface PullOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs?: number;
  readonly pageSize?: number;
}

export interface PullResult {
  readonly applied: number;
  readonly cursor: string;
  readonly error: string | null;
  readonly needsSignIn: boolean;
  readonly unreachable?: boolean;
}

/**
 * Follows a location's users change feed from the stored cursor and applies each page to `users` (main/users/sync.ts:
 * a user with changes still queued here keeps what the admin sees until they are delivered) in one transaction
 * together with the new cursor, so a crash between pages neither skips nor repeats a change.
 */
export async function pullUsers(db: Database.Database, brin6: string, options: PullOptions): Promise<PullResult> {
  db.prepare('INSERT INTO sync_state (brin6) VALUES (?) ON CONFLICT (brin6) DO NOTHING').run(brin6);
  let cursor = db.prepare('SELECT feed_cursor FROM sync_state WHERE brin6 = ?').pluck().get(brin6) as string;
  let applied = 0;
  const saveCursor = db.prepare('UPDATE sync_state SET feed_cursor = ? WHERE brin6 = ?');
  for (;;) {
    let response: Response;
    try {
      response = await fetch(new URL(`/v1/locations/${brin6}/users?since=${encodeURIComponent(cursor)}&limit=${options.pageSize ?? 500}`, options.baseUrl), {
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      return { applied, cursor, error: 'Geen verbinding met de centrale dienst.', needsSignIn: false, unreachable: true };
    }
    if (response.status === 401) return { applied, cursor, error: 'Je sessie is verlopen. Meld je opnieuw aan.', needsSignIn: true };
    if (!response.ok) return { applied, cursor, error: `De centrale dienst antwoordde met status ${response.status}.`, needsSignIn: false };
    const page = userFeedSchema.safeParse(await response.json().catch(() => null));
    if (!page.success) return { applied, cursor, error: 'De centrale dienst gaf een onverwacht antwoord.', needsSignIn: false };
    db.transaction(() => {
      for (const change of page.data.changes) {
        if (change.kind === 'upsert') applyFeedUpsert(db, brin6, change.user);
        else applyFeedDelete(db, brin6, change.id);
      }
      saveCursor.run(page.data.cursor, brin6);
    })();
    applied += page.data.changes.length;
    cursor = page.data.cursor;
    if (!page.data.more) return { applied, cursor, error: null, needsSignIn: false };
  }
}
