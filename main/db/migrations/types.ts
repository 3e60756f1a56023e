import type Database from 'better-sqlite3';

/** One schema step. `version` is the file's number; `up` runs inside the runner's transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
  /**
   * The step rebuilds a table that others reference (SQLite cannot change a CHECK in place): foreign keys are off
   * around its transaction, as SQLite's documented procedure asks, and `foreign_key_check` must be clean before it
   * commits. Without this, dropping the old table would cascade-delete every child row.
   */
  readonly rebuildsTables?: boolean;
}
