import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, keyFileStore, newDatabaseKey } from '../../../main/db/key';
import { entryKeyStore, keyringCommands, osKeyringStore } from '../../../main/db/os-keyring';
import type { RunProgram } from '../../../main/db/os-keyring';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * The OS keyring for browser mode and the CLI (issue 34, point 3). `secret-tool` and `security` are OS programs this
 * machine does not have; `keyring` below plays them (what they answer: status and output), so the store's decisions
 * are tested here; the programs' own behaviour is their documented one.
 */
function keyring(options: { present: boolean; refuses?: boolean }) {
  const entries = new Map<string, string>();
  const calls: string[][] = [];
  const run: RunProgram = (command, args, input) => {
    calls.push([command, ...args]);
    if (!options.present) return { status: null, stdout: '' }; // ENOENT: no such program
    const folder = args[args.indexOf('datafolder') + 1] ?? args[args.indexOf('-a') + 1]!;
    if (args[0] === 'lookup' || args[0] === 'find-generic-password') return entries.has(folder) ? { status: 0, stdout: `${entries.get(folder)}\n` } : { status: 1, stdout: '' };
    if (options.refuses) return { status: 1, stdout: '' };
    entries.set(folder, (input ?? args[args.indexOf('-w') + 1]!).trim());
    return { status: 0, stdout: '' };
  };
  return { run, entries, calls };
}

describe('the database key in the OS keyring where there is one', () => {
  it('Linux with a keyring: the key goes to secret-tool (on stdin, never on the command line), no key file', () => {
    const dir = makeTempDir();
    try {
      const k = keyring({ present: true });
      const store = osKeyringStore(dir, 'linux', k.run);
      expect(store.load()).toBeNull();
      const key = newDatabaseKey();
      store.save(key);
      expect(store.load()).toBe(key);
      expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
      expect(k.calls.some((c) => c.includes(key))).toBe(false);
      expect(store.description).toBe('de sleutelhanger van het besturingssysteem');
    } finally {
      removeTempDir(dir);
    }
  });

  it('no keyring program, or a keyring that refuses: the 0600 key file, so the data are never without their key', () => {
    for (const options of [{ present: false }, { present: true, refuses: true }]) {
      const dir = makeTempDir();
      try {
        const store = osKeyringStore(dir, 'linux', keyring(options).run);
        const key = newDatabaseKey();
        store.save(key);
        expect(keyFileStore(dir).load()).toBe(key);
        expect(store.load()).toBe(key);
      } finally {
        removeTempDir(dir);
      }
    }
  });

  it('a key file already there keeps being used; Windows has no command-line keyring; the suites opt out', () => {
    const dir = makeTempDir();
    try {
      const key = newDatabaseKey();
      keyFileStore(dir).save(key);
      const k = keyring({ present: true });
      expect(osKeyringStore(dir, 'darwin', k.run).load()).toBe(key);
      expect(k.entries.size).toBe(0);
      expect(keyringCommands('win32', dir)).toBeNull();
      expect(keyringCommands('darwin', dir)!.lookup).toEqual(['security', ['find-generic-password', '-s', 'beheerconsole', '-a', dir, '-w']]);
      expect(entryKeyStore(dir, { BEHEERCONSOLE_KEYRING: 'off' }).description).toContain(KEY_FILE_NAME);
    } finally {
      removeTempDir(dir);
    }
  });
});
