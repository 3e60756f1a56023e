import fs from 'node:fs';
import path from 'node:path';

/**
 * Every byte the console keeps in a data folder (database, its WAL and shared memory, key, settings, logs), as
 * `strings` over the folder would read it. A file that vanished meanwhile (a -shm removed as the last connection
 * closed) is skipped.
 */
export function dataFolderBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      parts.push(fs.readFileSync(path.join(entry.parentPath, entry.name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return Buffer.concat(parts);
}

/** Which of `texts` can still be read somewhere in the data folder (UTF-8). */
export function stillReadable(dir: string, texts: readonly string[]): string[] {
  const bytes = dataFolderBytes(dir);
  return texts.filter((t) => bytes.includes(Buffer.from(t, 'utf8')));
}
