import type Database from 'better-sqlite3';

/** One schema step. `version` is the file's number; `up` runs inside the runner's transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
