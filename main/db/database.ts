import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseOpenError } from './errors';
import { nativeBindingOptions } from './native-binding';
import { applyKey, encryptPlainDatabase, fileKind, recoverEncryption } from './cipher';
import { latestSchemaVersion, migrations, readSchemaVersion, runMigrations } from './migrations';
import type { Migration } from './migrations';

export { DatabaseOpenError } from './errors';

export const DATABASE_FILE_NAME = 'beheerconsole.sqlite';

export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly file: string;
  /** The key it is encrypted with (cipher.ts), or null for a plain file; other connections to it need the same. */
  readonly key: string | null;
  readonly schemaVersion: number;
  /** Versions applied by this open; empty when the file was already current. */
  readonly applied: readonly number[];
}

/**
 * Opens (or creates) the local cache and migrates it.
 *
 * Order matters, so nothing is written to a file we must not touch: first read the header and the
 * version and check integrity on a connection that cannot write; only then switch on WAL and migrate.
 * A damaged file or one from a newer app is refused with a Dutch message and left byte-for-byte as it was.
 */
export function openDatabase(file: string, list: readonly Migration[] = migrations, options: { readonly key?: string | null } = {}): OpenedDatabase {
  const key = options.key ?? null;
  const latest = list.at(-1)?.version ?? 0;
  const plainOpen = (f: string) => new Database(f, binding());
  // A migration to encryption that a crash interrupted is finished (or dropped) first.
  recoverEncryption(plainOpen, file, key);
  const existed = fs.existsSync(file);
  if (existed) {
    const kind = fileKind(file);
    if (kind === 'plain') {
      inspectExisting(file, latest, null);
      // A plain file from before issue 34, opened with a key: encrypted once, atomically (cipher.ts).
      if (key) encryptPlainDatabase(plainOpen, file, key);
    } else inspectExisting(file, latest, key, kind);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Made 0600 before SQLite opens it: its -wal and -shm files take the database file's mode (issue 34).
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  }

  const db = new Database(file, binding());
  try {
    if (key) applyKey(db, key);
    // Freed pages go back to the file system (scrub.ts): set before the first table, or applied once by a VACUUM.
    if (!existed) db.pragma('auto_vacuum = INCREMENTAL');
    configureConnection(db);
    if (existed && db.pragma('auto_vacuum', { simple: true }) !== 2) {
      db.pragma('auto_vacuum = INCREMENTAL');
      // Rewrites the file once: also drops whatever earlier deletes left in its free pages.
      db.exec('VACUUM');
    }
    const applied = runMigrations(db, list);
    return { db, file, key, schemaVersion: readSchemaVersion(db), applied };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Per-connection settings. WAL survives a killed process; `synchronous = FULL` because school PCs are switched
 * off at the wall and the outbox must survive that too; foreign keys are per connection and off by default;
 * `secure_delete` zeroes what a delete frees (pupil data that is deleted is gone from the file, issue 34).
 */
export function configureConnection(db: Database.Database): void {
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

let chosenBinding: { nativeBinding?: string } | undefined;
/** Node's or Electron's build of better-sqlite3, chosen once per process (and per worker thread). */
function binding(): { nativeBinding?: string } {
  chosenBinding ??= nativeBindingOptions();
  return chosenBinding;
}

function inspectExisting(file: string, latest: number, key: string | null, kind: 'plain' | 'empty' | 'other' = 'plain'): void {
  // An empty file is no console's database (a copy that failed, a file made by hand): never opened as an empty
  // console over what the admin may think is there (issue 34).
  if (kind === 'empty') {
    throw new DatabaseOpenError(
      'corrupt',
      `Het gegevensbestand ${file} is leeg (0 bytes), waarschijnlijk een mislukte kopie, en is niet geopend. ` +
        'Zet de goede kopie terug; of verwijder dit lege bestand, dan begint de console met een leeg bestand.',
      file,
    );
  }
  // Encrypted (or not a database at all) and no key to try: never a new, empty console over it.
  if (kind === 'other' && !key) {
    throw new DatabaseOpenError(
      'no-key',
      `Het gegevensbestand ${file} is beschadigd, of versleuteld met een sleutel die hier ontbreekt, en is niet geopend. ` +
        'Het bestand is niet gewijzigd: zet de sleutel terug die erbij hoort (README, Problemen oplossen), of maak een kopie voor de servicedesk en verplaats het bestand; dan begint de console met een leeg bestand.',
      file,
    );
  }
  let probe: Database.Database | undefined;
  // A header that says WAL makes even a read-only connection create -wal and -shm beside the file: those of a
  // refused file are ours to take away again, so the folder is exactly as it was.
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let refused = false;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, ...binding() });
    if (key && kind === 'other') applyKey(probe, key);
    let version: number;
    try {
      version = readSchemaVersion(probe);
    } catch (error) {
      // With a key: SQLITE_NOTADB is the wrong key (or a file that is no database) — said as such, nothing changed.
      if (key && kind === 'other' && (error as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new DatabaseOpenError(
          'wrong-key',
          `Het gegevensbestand ${file} kan met de sleutel van deze console niet worden geopend: de sleutel hoort bij een ander bestand, of het bestand is beschadigd. ` +
            'Het bestand is niet gewijzigd. Zet de sleutel terug die erbij hoort, of verplaats het bestand; dan begint de console met een leeg bestand.',
          file,
        );
      }
      throw error;
    }
    if (version > latest) {
      throw new DatabaseOpenError(
        'too-new',
        `Het gegevensbestand ${file} is gemaakt door een nieuwere versie van de Beheerconsole (schemaversie ${version}, deze versie kent tot ${latest}). ` +
          'Installeer de nieuwste versie van de Beheerconsole. Het bestand is niet gewijzigd.',
        file,
      );
    }
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (error) {
    refused = true;
    if (error instanceof DatabaseOpenError) throw error;
    // Could not even be opened, in a folder the console may not write to: that is the cause, not a damaged file.
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN' && !folderWritable(path.dirname(file))) {
      throw new DatabaseOpenError(
        'unreadable',
        `De gegevensmap ${path.dirname(file)} is alleen-lezen, en het gegevensbestand kan daar niet worden geopend (SQLite heeft er zijn hulpbestanden nodig). ` +
          'Er is niets gewijzigd. Vraag de ICT-afdeling om schrijfrechten op die map, of start de console met een andere gegevensmap (--data-dir).',
        file,
      );
    }
    throw new DatabaseOpenError(
      'corrupt',
      `Het gegevensbestand ${file} is beschadigd of geen database van de Beheerconsole en is niet geopend. ` +
        'Het bestand is niet gewijzigd: maak er een kopie van voor de servicedesk en verplaats het, dan begint de console met een leeg bestand.',
      file,
    );
  } finally {
    probe?.close();
    if (refused) for (const f of sidecars) fs.rmSync(f, { force: true });
  }
}

/** Whether this process may create files in `dir` (a read-only mount answers EROFS, also to root). */
export function folderWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export { latestSchemaVersion };
