import type Database from 'better-sqlite3';
import { migration0001 } from './0001-create-locations';
import { migration0002 } from './0002-school-data';
import { migration0003 } from './0003-sync-outbox';
import { migration0004 } from './0004-locations-roster';
import { migration0005 } from './0005-users-audit';
import { migration0006 } from './0006-numo-allowlist-plan';
import { migration0007 } from './0007-outbox-by-path';
import { migration0008 } from './0008-outbox-failing-since';
import { migration0009 } from './0009-import-history';
import { migration0010 } from './0010-import-hold';
import { migration0011 } from './0011-outbox-conflict';
import { migration0012 } from './0012-sync-marks';
import { migration0013 } from './0013-rollover-undo';
import type { Migration } from './types';

export type { Migration } from './types';

/** All migrations, oldest first. Never edit one that has shipped: add the next number instead. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013];

export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;

/** Checks the list itself: numbers start at 1 and go up by one (a gap or a duplicate is a merge mistake). */
export function assertMigrationOrder(list: readonly Migration[]): void {
  list.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new Error(`Migration ${m.name} has version ${m.version}, expected ${index + 1}.`);
    }
  });
}

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to `list`'s newest version, each step in its own transaction together with the
 * `user_version` bump, so a crash leaves the file at a whole version. Returns the versions it applied.
 * The caller has already refused a database that is newer than `list` knows.
 */
export function runMigrations(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  assertMigrationOrder(list);
  const applied: number[] = [];
  const current = readSchemaVersion(db);
  for (const m of list) {
    if (m.version <= current) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`Migration ${m.name} broke a foreign key.`);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  return applied;
}
