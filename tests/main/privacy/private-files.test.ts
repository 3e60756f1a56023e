import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import { makePrivate } from '../../../main/app/private-files';
import { createDispatcher } from '../../../main/bridge/registry';
import { bridgeCaller } from '../../helpers/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** Every folder and file of the data folder with its permission bits, relative to it. */
function modes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    out[path.relative(dataDir, at) || '.'] = (fs.statSync(at).mode & 0o777).toString(8);
    if (fs.statSync(at).isDirectory()) for (const name of fs.readdirSync(at)) walk(path.join(at, name));
  };
  walk(dataDir);
  return out;
}

/** Issue 34, point 2: the data folder 0700 and every file 0600 on Linux/macOS — made so, and repaired on open. */
describe('pupil data is private to the PC user who runs the console', () => {
  it('under umask 022 every folder is 0700 and every file 0600: database, its WAL and shm, settings, logs', async () => {
    const dir = makeTempDir();
    const dataDir = path.join(dir, 'data');
    const before = process.umask(0o022);
    try {
      const services = createServices({ dataDir, mode: 'browser', version: '1.0.0' });
      const { call } = bridgeCaller(() => createDispatcher(services.handlers));
      await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
      await call('settings:set-last-location', { brin6: '99ZX10' });
      const seen = modes(dataDir);
      services.close();
      for (const name of ['beheerconsole.sqlite', 'beheerconsole.sqlite-wal', 'beheerconsole.sqlite-shm', 'config.json', path.join('logs', 'browser.log')]) {
        expect(seen[name], name).toBe('600');
      }
      for (const [name, mode] of Object.entries(seen)) expect(mode, name).toMatch(/^(600|700)$/);
      expect(seen['.']).toBe('700');
      expect(seen['logs']).toBe('700');
    } finally {
      process.umask(before);
      removeTempDir(dir);
    }
  });

  it('a folder an older version left open (0755 / 0644) is repaired when the console opens it', async () => {
    const dir = makeTempDir();
    const dataDir = path.join(dir, 'data');
    try {
      createServices({ dataDir, mode: 'cli', version: '1.0.0' }).close();
      for (const [name] of Object.entries(modes(dataDir))) {
        const full = path.join(dataDir, name);
        fs.chmodSync(full, fs.statSync(full).isDirectory() ? 0o755 : 0o644);
      }
      expect(makePrivate(dataDir).length).toBeGreaterThan(2);
      expect(Object.values(modes(dataDir)).every((m) => m === '600' || m === '700')).toBe(true);
      expect(makePrivate(dataDir)).toEqual([]); // nothing left to repair
      expect(makePrivate(dataDir, 'win32')).toEqual([]); // Windows keeps the profile's ACL
      // Only group's and others' bits go: a folder its owner made read-only on purpose stays read-only.
      fs.chmodSync(path.join(dataDir, 'config.json'), 0o444);
      fs.chmodSync(path.join(dataDir, 'logs'), 0o555);
      makePrivate(dataDir);
      expect(modes(dataDir)['config.json']).toBe('400');
      expect(modes(dataDir)['logs']).toBe('500');
      fs.chmodSync(path.join(dataDir, 'logs'), 0o700);
    } finally {
      removeTempDir(dir);
    }
  });
});
