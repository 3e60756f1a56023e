import type Database from 'better-sqlite3';
import fs from 'node:fs';

/**
 * Encrypted at rest (issue 34, point 3), as Signal Desktop does it: SQLCipher's format through
 * better-sqlite3-multiple-ciphers (installed under better-sqlite3's name: the same API, the same imports). The key is
 * 32 random bytes used raw (`x'…'`: no passphrase stretching, so opening costs nothing extra), set before the first
 * statement of every connection. A wrong key answers SQLITE_NOTADB at the first read.
 */
export function applyKey(db: Database.Database, hexKey: string, pragma: 'key' | 'rekey' = 'key'): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`${pragma} = "x'${hexKey}'"`);
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What the first 16 bytes say: a plain SQLite file, an empty one, or something else (encrypted, or not ours). */
export function fileKind(file: string): 'plain' | 'empty' | 'other' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const read = fs.readSync(fd, head, 0, 16, 0);
    if (read === 0) return 'empty';
    return read === 16 && head.equals(PLAIN_HEADER) ? 'plain' : 'other';
  } finally {
    fs.closeSync(fd);
  }
}

/** The copy a migration encrypts before it takes the plain file's place. */
export const encryptingCopy = (file: string) => `${file}.encrypting`;

/**
 * A plain database (from before issue 34) becomes an encrypted one, once and atomically: its write-ahead log is moved
 * in, the file copied, the copy encrypted in place (`rekey`, with a rollback journal), checked with the key (integrity,
 * the same row count in every table), and only then the plain file is overwritten with zeros and the copy renamed over
 * it. A crash at any point leaves either the plain file or a verified encrypted copy (`recoverEncryption` finishes).
 */
export function encryptPlainDatabase(open: (file: string) => Database.Database, file: string, hexKey: string): void {
  const copy = encryptingCopy(file);
  const counts = new Map<string, number>();
  const plain = open(file);
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    for (const name of plain.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]) {
      counts.set(name, plain.prepare(`SELECT COUNT(*) FROM "${name.replace(/"/g, '""')}"`).pluck().get() as number);
    }
  } finally {
    plain.close();
  }
  fs.rmSync(copy, { force: true });
  fs.copyFileSync(file, copy);
  fs.chmodSync(copy, 0o600);
  const target = open(copy);
  try {
    // rekey works on a rollback journal, not on a write-ahead log.
    target.pragma('journal_mode = DELETE');
    target.exec('VACUUM');
    applyKey(target, hexKey, 'rekey');
  } finally {
    target.close();
  }
  verifyEncrypted(open, copy, hexKey, counts);
  overwriteWithZeros(file);
  for (const side of [`${file}-wal`, `${file}-shm`]) fs.rmSync(side, { force: true });
  fs.renameSync(copy, file);
}

/** The encrypted copy opens with the key, is intact, and holds every row the plain file had (else it throws). */
function verifyEncrypted(open: (file: string) => Database.Database, file: string, hexKey: string, counts?: ReadonlyMap<string, number>): void {
  const db = open(file);
  try {
    applyKey(db, hexKey);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the encrypted copy is not intact: ${String(check)}`);
    for (const [name, count] of counts ?? []) {
      const now = db.prepare(`SELECT COUNT(*) FROM "${name.replace(/"/g, '""')}"`).pluck().get() as number;
      if (now !== count) throw new Error(`the encrypted copy lost rows of ${name}: ${now} of ${count}`);
    }
  } finally {
    db.close();
  }
}

/** The plain file's bytes are gone before its name is reused (a rename alone would leave them in free blocks). */
function overwriteWithZeros(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    const zeros = Buffer.alloc(Math.min(size, 1 << 20));
    for (let at = 0; at < size; at += zeros.length) fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * After a crash during `encryptPlainDatabase`: an encrypted copy that verifies takes the place of a file that is no
 * longer a plain database (it was being overwritten); in every other case the copy is dropped (the plain file is
 * still whole and is encrypted again).
 */
export function recoverEncryption(open: (file: string) => Database.Database, file: string, hexKey: string | null): void {
  const copy = encryptingCopy(file);
  if (!fs.existsSync(copy)) return;
  let verified = false;
  if (hexKey) {
    try {
      verifyEncrypted(open, copy, hexKey);
      verified = true;
    } catch {
      verified = false;
    }
  }
  const originalPlain = fs.existsSync(file) && fileKind(file) === 'plain';
  if (verified && !originalPlain) {
    for (const side of [`${file}-wal`, `${file}-shm`]) fs.rmSync(side, { force: true });
    fs.renameSync(copy, file);
  } else {
    overwriteWithZeros(copy);
    fs.rmSync(copy, { force: true });
  }
}
