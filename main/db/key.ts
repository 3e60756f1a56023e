import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the key of the encrypted database lives (issue 34, point 3), per data folder. The key is 32 random bytes,
 * used raw (no passphrase stretching: it is random, not typed), as 64 hex digits.
 *
 * - Electron: sealed with the OS keychain through `safeStorage` (DPAPI on Windows, the Keychain on macOS, libsecret
 *   on Linux), in `database.key.sealed`; Linux's `basic_text` backend is refused as for tokens (main/index.ts).
 * - Browser mode and the CLI (plain Node, no keychain API): `database.key` beside the data, 0600. What that protects
 *   against: a copy of the database file alone (a backup, a lost USB stick, a synced folder that took only the
 *   database) and other accounts on the PC (the folder is 0700). What not: someone who can read this user's files —
 *   the same user, an administrator, malware running as the user — reads the key beside it. The README says so.
 */
export interface KeyStore {
  /** Where the key is kept, for messages and the log ("sleutelbestand", "sleutelhanger van het besturingssysteem"). */
  readonly description: string;
  /** The key, or null when there is none yet. Throws KeyUnavailableError when it exists but cannot be read. */
  load(): string | null;
  /** Keeps a new key (only when there was none: an existing key is never replaced). */
  save(hex: string): void;
}

export class KeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyUnavailableError';
  }
}

export const KEY_FILE_NAME = 'database.key';

/** A new random key: 32 bytes as 64 lower-case hex digits. */
export function newDatabaseKey(): string {
  return crypto.randomBytes(32).toString('hex');
}

const HEX_KEY = /^[0-9a-f]{64}$/;

export function isDatabaseKey(text: string): boolean {
  return HEX_KEY.test(text);
}

/** The key file beside the data (browser mode and the CLI): 0600, written once (`wx`), never replaced. */
export function keyFileStore(dataDir: string): KeyStore {
  const file = path.join(dataDir, KEY_FILE_NAME);
  return {
    description: `het sleutelbestand ${file}`,
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8').trim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new KeyUnavailableError(`Het sleutelbestand ${file} kan niet worden gelezen (${(error as NodeJS.ErrnoException).code ?? 'onbekend'}).`);
      }
      if (!isDatabaseKey(text)) throw new KeyUnavailableError(`Het sleutelbestand ${file} is beschadigd: er staat geen geldige sleutel in.`);
      return text;
    },
    save(hex) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, `${hex}\n`, { flag: 'wx', mode: 0o600 });
    },
  };
}

export const SEALED_KEY_FILE_NAME = 'database.key.sealed';

/** What Electron's safeStorage offers on this PC (main/index.ts reads it; the decision is this pure function). */
export interface KeychainFacts {
  readonly encryptionAvailable: boolean;
  /** Linux only: the backend safeStorage chose ('basic_text' is a fixed, public key: no protection). */
  readonly backend: string | null;
  readonly platform: NodeJS.Platform;
}

/**
 * Where Electron keeps the database key: the OS keychain when it protects anything (DPAPI, the Keychain, libsecret
 * or kwallet), else — no keychain, or Linux's `basic_text`, refused as the tokens refuse it — the 0600 key file.
 */
export function electronKeyPlace(facts: KeychainFacts): 'keychain' | 'key-file' {
  if (!facts.encryptionAvailable) return 'key-file';
  if (facts.platform === 'linux' && (facts.backend === null || facts.backend === 'basic_text' || facts.backend === 'unknown')) return 'key-file';
  return 'keychain';
}

/**
 * The key sealed with the OS keychain (Electron's safeStorage: `seal`/`unseal` are its encryptString/decryptString),
 * in `database.key.sealed` (0600). A key file left by browser mode or the CLI on the same data folder is taken over:
 * sealed, then its plain copy removed. A sealed key that cannot be unsealed (another Windows account, a reset
 * keychain) is a Dutch refusal, never a new key (openDatabase would then refuse the file anyway).
 */
export function sealedKeyStore(dataDir: string, seal: (plain: string) => Buffer, unseal: (sealed: Buffer) => string): KeyStore {
  const file = path.join(dataDir, SEALED_KEY_FILE_NAME);
  const plain = keyFileStore(dataDir);
  const store: KeyStore = {
    description: 'de sleutelhanger van het besturingssysteem',
    load() {
      let sealed: Buffer;
      try {
        sealed = fs.readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new KeyUnavailableError(`De sleutel in ${file} kan niet worden gelezen.`);
        const taken = plain.load();
        if (taken) {
          store.save(taken);
          fs.rmSync(path.join(dataDir, KEY_FILE_NAME), { force: true });
        }
        return taken;
      }
      let hex: string;
      try {
        hex = unseal(sealed).trim();
      } catch {
        throw new KeyUnavailableError(
          'De sleutel van de gegevens kan met de sleutelhanger van dit account niet worden geopend (een ander Windows-account, of een vernieuwde sleutelhanger). Er is niets gewijzigd. Open de console met het account waarmee hij is ingericht, of verplaats de gegevensmap.',
        );
      }
      if (!isDatabaseKey(hex)) throw new KeyUnavailableError(`De sleutel in ${file} is beschadigd.`);
      return hex;
    },
    save(hex) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, seal(hex), { flag: 'wx', mode: 0o600 });
    },
  };
  return store;
}
