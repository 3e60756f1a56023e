import fs from 'node:fs';
import path from 'node:path';

/** The data folder and every folder in it: only its owner may list, enter or write it. */
export const PRIVATE_DIR_MODE = 0o700;
/** Every file in it: only its owner may read or write it. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Private to its user (issue 34): on Linux and macOS the data folder is 0700 and every file in it 0600 — on a shared
 * school PC another account cannot read the pupil data, the settings or the logs. The stores create their files so
 * (the database file before SQLite opens it, whose WAL and shared memory then copy its mode; the log with mode 0600;
 * conf with `configFileMode`); this repairs what an older version, a copy or a restore left open. Windows keeps
 * the profile's ACL (the data folder is under the user's own AppData), so nothing is changed there. Returns what it
 * repaired (relative paths), for the start-up log line; a file it may not change is left as it is.
 */
export function makePrivate(dataDir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return [];
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const repaired: string[] = [];
  // Only group's and others' bits are taken away: an owner's own choice (a folder made read-only on purpose) stays.
  const fix = (at: string, widest: number) => {
    try {
      const now = fs.statSync(at).mode & 0o777;
      const mode = now & widest;
      if (mode !== now) {
        fs.chmodSync(at, mode);
        repaired.push(path.relative(dataDir, at) || '.');
      }
    } catch {
      // Not ours to change (another owner, a read-only mount): the console still opens.
    }
  };
  const walk = (dir: string) => {
    fix(dir, PRIVATE_DIR_MODE);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) fix(full, PRIVATE_FILE_MODE);
    }
  };
  walk(dataDir);
  return repaired;
}
