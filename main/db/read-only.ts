import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './database';
import type { OpenedDatabase } from './database';

/**
 * A data folder the console may not write to (a read-only share, a locked-down profile): SQLite cannot open its
 * database there (it needs its -shm beside it). What only reads still works (issue 34): the database — still
 * encrypted — is copied into a private temporary folder (0700, removed when the process ends) and opened with
 * `query_only`, so every change is refused with the read-only message (main/errors/faults.ts) and nothing is lost:
 * the folder itself is never written.
 */
export function openReadOnlyCopy(file: string, key: string | null): OpenedDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-alleen-lezen-'));
  fs.chmodSync(dir, 0o700);
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    for (const f of [copy, `${copy}-wal`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
    const opened = openDatabase(copy, undefined, { key });
    opened.db.pragma('query_only = ON');
    return opened;
  } catch (error) {
    remove();
    throw error;
  }
}
