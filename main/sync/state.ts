import type Database from 'better-sqlite3';

/**
 * The `sync_state` table: per location, what the sync engine itself remembers between rounds (last success and
 * error). What a feature remembers of its resource is a mark (marks.ts). Its SQL lives here, and only here.
 */
export interface SyncStateRow {
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
}

const COLUMNS = {
  lastSuccessAt: 'last_success_at',
  lastError: 'last_error',
} as const satisfies Record<keyof SyncStateRow, string>;

const EMPTY: SyncStateRow = { lastSuccessAt: null, lastError: null };

const SELECT = `SELECT ${Object.entries(COLUMNS).map(([field, column]) => `${column} AS ${field}`).join(', ')} FROM sync_state`;

/** What is remembered of a location (defaults when nothing yet). */
export function syncStateOf(db: Database.Database, brin6: string): SyncStateRow {
  return (db.prepare(`${SELECT} WHERE brin6 = ?`).get(brin6) as SyncStateRow | undefined) ?? EMPTY;
}

/** Every location's row, by BRIN6 (the status of all locations in one query). */
export function allSyncStates(db: Database.Database): Map<string, SyncStateRow> {
  return new Map((db.prepare(`${SELECT.replace('SELECT ', 'SELECT brin6, ')}`).all() as Array<SyncStateRow & { brin6: string }>).map(({ brin6, ...row }) => [brin6, row]));
}

/** Sets the given fields (absent ones stay as they are), creating the row when needed. */
export function updateSyncState(db: Database.Database, brin6: string, patch: Partial<SyncStateRow>): void {
  const fields = (Object.keys(patch) as Array<keyof SyncStateRow>).filter((f) => patch[f] !== undefined);
  if (fields.length === 0) return;
  const columns = fields.map((f) => COLUMNS[f]);
  db.prepare(
    `INSERT INTO sync_state (brin6, ${columns.join(', ')}) VALUES (@brin6, ${fields.map((f) => `@${f}`).join(', ')})
     ON CONFLICT (brin6) DO UPDATE SET ${columns.map((c, i) => `${c} = @${fields[i]}`).join(', ')}`,
  ).run({ brin6, ...Object.fromEntries(fields.map((f) => [f, patch[f]])) });
}
