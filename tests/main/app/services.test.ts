import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { DATABASE_FILE_NAME } from '../../../main/db/database';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/poll';

describe('services (shared by Electron, browser mode and CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('starts on an empty folder: no locations, status not configured', async () => {
    const services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    const dispatch = createDispatcher(services.handlers);
    expect(await dispatch('locations:list-all', undefined, { trusted: true })).toEqual({ ok: true, value: [] });
    expect(await dispatch('sync:get-status', undefined, { trusted: true })).toEqual({
      ok: true,
      value: { connection: 'not-configured', offlineSince: null, problem: null, nextRoundAt: null, pendingChanges: 0, locations: [] },
    });
    expect(fs.existsSync(path.join(dir, DATABASE_FILE_NAME))).toBe(true);
    services.close();
  });

  it('keeps the shell usable when the database is refused, and says why', async () => {
    fs.writeFileSync(path.join(dir, DATABASE_FILE_NAME), 'kapot'.repeat(1000));
    const services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    const dispatch = createDispatcher(services.handlers);
    const info = await dispatch('app:get-info', undefined, { trusted: true });
    expect(info.ok).toBe(true);
    if (info.ok) {
      expect(info.value).toMatchObject({ databaseVersion: null });
      const [notice] = (info.value as { notices: { level: string; message: string }[] }).notices;
      expect(notice).toMatchObject({ level: 'error' });
      expect(notice?.message).toContain('beschadigd');
    }
    const locations = await dispatch('locations:list-all', undefined, { trusted: true });
    expect(locations).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(fs.readFileSync(path.join(dir, DATABASE_FILE_NAME), 'utf8')).toBe('kapot'.repeat(1000));
    services.close();
  });

  it('reports "unknown" (being checked, not "not configured" and not yet "offline") once an API address is set, then offline when it does not answer', async () => {
    const services = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
    const dispatch = createDispatcher(services.handlers);
    // Nothing listens on port 9 of this machine: the probe fails at once.
    await dispatch('settings:set-api-base-url', { apiBaseUrl: 'http://127.0.0.1:9' }, { trusted: true });
    const status = async () => ((await dispatch('sync:get-status', undefined, { trusted: true })) as { ok: true; value: { connection: string; offlineSince: string | null } }).value;
    expect(['unknown', 'offline']).toContain((await status()).connection);
    await until(async () => (await status()).connection === 'offline', 'the probe to find the service unreachable');
    expect((await status()).offlineSince).not.toBeNull();
    services.close();
  });
});
