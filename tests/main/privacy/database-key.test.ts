import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, KeyUnavailableError, SEALED_KEY_FILE_NAME, electronKeyPlace, keyFileStore, newDatabaseKey, sealedKeyStore } from '../../../main/db/key';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * Where the database key is kept (issue 34, point 3). Electron's safeStorage itself runs only in Electron: the
 * decision and the store's bookkeeping are plain functions, tested here with a stand-in for the OS keychain (a
 * reversible transformation bound to a "user"); the real seal/unseal are verified on paper (main/index.ts).
 */
describe('the database key, per data folder', () => {
  it('Electron uses the OS keychain where it protects anything; basic_text or none: the 0600 key file', () => {
    expect(electronKeyPlace({ encryptionAvailable: true, backend: null, platform: 'win32' })).toBe('keychain');
    expect(electronKeyPlace({ encryptionAvailable: true, backend: null, platform: 'darwin' })).toBe('keychain');
    expect(electronKeyPlace({ encryptionAvailable: true, backend: 'gnome_libsecret', platform: 'linux' })).toBe('keychain');
    expect(electronKeyPlace({ encryptionAvailable: true, backend: 'basic_text', platform: 'linux' })).toBe('key-file');
    expect(electronKeyPlace({ encryptionAvailable: false, backend: null, platform: 'win32' })).toBe('key-file');
  });

  it('the key file: written once, 0600, never replaced; a damaged one is refused', () => {
    const dir = makeTempDir();
    try {
      const store = keyFileStore(dir);
      expect(store.load()).toBeNull();
      const key = newDatabaseKey();
      store.save(key);
      expect(store.load()).toBe(key);
      expect(() => store.save(newDatabaseKey())).toThrow();
      expect(store.load()).toBe(key);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
      fs.writeFileSync(path.join(dir, KEY_FILE_NAME), 'geen sleutel');
      expect(() => store.load()).toThrow(KeyUnavailableError);
    } finally {
      removeTempDir(dir);
    }
  });

  it('sealed: a key file of browser mode is taken over and its plain copy removed; another user cannot unseal it', () => {
    const dir = makeTempDir();
    try {
      const sealFor = (user: string) => (plain: string) => Buffer.from(`${user}:${plain}`).reverse();
      const unsealFor = (user: string) => (sealed: Buffer) => {
        const text = Buffer.from(sealed).reverse().toString();
        if (!text.startsWith(`${user}:`)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return text.slice(user.length + 1);
      };
      const key = newDatabaseKey();
      keyFileStore(dir).save(key);
      const mine = sealedKeyStore(dir, sealFor('ria'), unsealFor('ria'));
      expect(mine.load()).toBe(key);
      expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
      expect(fs.readFileSync(path.join(dir, SEALED_KEY_FILE_NAME)).includes(Buffer.from(key))).toBe(false);
      expect(mine.load()).toBe(key);
      const theirs = sealedKeyStore(dir, sealFor('bas'), unsealFor('bas'));
      expect(() => theirs.load()).toThrow(/met de sleutelhanger van dit account niet worden geopend/);
    } finally {
      removeTempDir(dir);
    }
  });
});
