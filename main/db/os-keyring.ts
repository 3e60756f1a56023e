import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { KeyUnavailableError, isDatabaseKey, keyFileStore } from './key';
import type { KeyStore } from './key';

/** Runs an OS program: exit status and what it printed (stdin given when the secret must not be on the command line). */
export type RunProgram = (command: string, args: readonly string[], input?: string) => { readonly status: number | null; readonly stdout: string };

const runProgram: RunProgram = (command, args, input) => {
  const result = spawnSync(command, [...args], { input, encoding: 'utf8', timeout: 10_000, stdio: ['pipe', 'pipe', 'ignore'] });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '' };
};

const SERVICE = 'beheerconsole';

/**
 * The OS keyring for browser mode and the CLI (plain Node has no keychain API; issue 34): libsecret through
 * `secret-tool` on Linux (GNOME Keyring, KWallet's Secret Service), the login keychain through `security` on macOS —
 * one entry per data folder. Used only where it answers: no program, no session keyring (a server, SSH without a
 * desktop), or Windows (no command-line way to read a credential back) → the 0600 key file beside the data, as
 * before. A key file that is already there keeps being used (moving it could lock the data out of another entry
 * point that reads the file).
 */
export function osKeyringStore(dataDir: string, platform: NodeJS.Platform = process.platform, run: RunProgram = runProgram): KeyStore {
  const file = keyFileStore(dataDir);
  const folder = path.resolve(dataDir);
  const keyring = keyringCommands(platform, folder);
  let usable: boolean | null = null;
  const keyringWorks = () => {
    if (usable !== null) return usable;
    // A lookup of our own entry: status 0 (found) or 1 (not there) means the keyring answers; anything else does not.
    const probe = keyring ? run(keyring.lookup[0], keyring.lookup[1]) : { status: null, stdout: '' };
    usable = probe.status === 0 || probe.status === 1 || (platform === 'darwin' && probe.status === 44);
    return usable;
  };
  return {
    get description() {
      return keyring && keyringWorks() ? 'de sleutelhanger van het besturingssysteem' : file.description;
    },
    load() {
      const fromFile = file.load();
      if (fromFile || !keyring || !keyringWorks()) return fromFile;
      const found = run(keyring.lookup[0], keyring.lookup[1]);
      if (found.status !== 0) return null;
      const hex = found.stdout.trim();
      if (!isDatabaseKey(hex)) throw new KeyUnavailableError('De sleutel van de gegevens in de sleutelhanger van het besturingssysteem is beschadigd.');
      return hex;
    },
    save(hex) {
      if (!keyring || !keyringWorks()) return file.save(hex);
      const stored = run(keyring.store(hex)[0], keyring.store(hex)[1], keyring.stdinSecret ? hex : undefined);
      // A keyring that refuses after all (locked, cancelled): the key file, so the data are never without their key.
      if (stored.status !== 0 || run(keyring.lookup[0], keyring.lookup[1]).stdout.trim() !== hex) file.save(hex);
    },
  };
}

/**
 * Browser mode's and the CLI's key store: the OS keyring where it answers, else the key file. `BEHEERCONSOLE_KEYRING=off`
 * keeps to the key file (the test suites set it, so a developer's keyring does not collect an entry per temp folder).
 */
export function entryKeyStore(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyStore {
  return env['BEHEERCONSOLE_KEYRING'] === 'off' ? keyFileStore(dataDir) : osKeyringStore(dataDir);
}

/** The commands for this platform's keyring, or null where there is none to use from a command line. */
export function keyringCommands(
  platform: NodeJS.Platform,
  folder: string,
): { lookup: [string, string[]]; store: (hex: string) => [string, string[]]; stdinSecret: boolean } | null {
  if (platform === 'linux') {
    const attributes = ['service', SERVICE, 'datafolder', folder];
    return {
      lookup: ['secret-tool', ['lookup', ...attributes]],
      store: () => ['secret-tool', ['store', '--label', `Beheerconsole: sleutel van ${folder}`, ...attributes]],
      stdinSecret: true,
    };
  }
  if (platform === 'darwin') {
    return {
      lookup: ['security', ['find-generic-password', '-s', SERVICE, '-a', folder, '-w']],
      store: (hex) => ['security', ['add-generic-password', '-s', SERVICE, '-a', folder, '-w', hex]],
      stdinSecret: false,
    };
  }
  return null;
}
