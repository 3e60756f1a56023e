import path from 'node:path';
import { DATABASE_FILE_NAME, openDatabase } from '../../main/db/database';
import type { OpenedDatabase } from '../../main/db/database';
import { keyFileStore } from '../../main/db/key';

/** A console's own (encrypted) database in its data folder, opened as the console opens it: with the key kept beside it. */
export function openConsoleDatabase(dataDir: string): OpenedDatabase {
  return openDatabase(path.join(dataDir, DATABASE_FILE_NAME), undefined, { key: keyFileStore(dataDir).load() });
}
