import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_FILE_NAME, electronStoreOptions, openSettings, settingsOptions } from '../../../main/settings/settings';
import type { StoredSettings } from '../../../main/settings/settings';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * electron-store imports `electron` when loaded, and the Electron binary cannot run here. Its only use of Electron
 * is `app.getPath('userData')`, `app.getVersion()` and one `ipcMain.on` listener for renderers: this stand-in gives
 * those, so the real electron-store (and the real conf inside it) writes a real file that conf then reads.
 */
const electronStandIn = vi.hoisted(() => ({ userData: '', listeners: [] as string[] }));
vi.mock('electron', () => ({
  default: {
    app: { getPath: () => electronStandIn.userData, getVersion: () => '0.1.0' },
    ipcMain: { on: (channel: string) => electronStandIn.listeners.push(channel) },
    shell: {},
  },
}));

describe('one config.json for every entry point: electron-store in Electron, conf elsewhere', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    electronStandIn.userData = path.join(dir, 'elders');
  });
  afterEach(() => removeTempDir(dir));

  it('the Electron variant of the options names the same folder, file, schema, defaults and migrations as conf’s', () => {
    const options = settingsOptions(dir, '0.1.0');
    const forElectron = electronStoreOptions(options);
    expect(forElectron.name).toBe('config');
    expect(forElectron).not.toHaveProperty('configName');
    expect(forElectron.cwd).toBe(dir);
    expect(forElectron.schema).toBe(options.schema);
    expect(forElectron.defaults).toBe(options.defaults);
    expect(forElectron.migrations).toBe(options.migrations);
    expect(forElectron.projectVersion).toBe('0.1.0');
    expect(forElectron.clearInvalidConfig).toBe(false);
  });

  it('what electron-store writes, conf reads from the same file — and the other way round', async () => {
    const { default: ElectronStore } = await import('electron-store');
    const inElectron = openSettings(dir, { version: '0.1.0', backend: (options) => new ElectronStore<StoredSettings>(electronStoreOptions(options)) }).store;
    expect(inElectron.file).toBe(path.join(dir, SETTINGS_FILE_NAME));
    inElectron.setApiBaseUrl('https://api.example.nl');
    inElectron.setLastLocation('99ZX10');
    inElectron.setUpdatesEnabled(false);
    // Not in Electron's userData: the folder given wins.
    expect(fs.existsSync(electronStandIn.userData)).toBe(false);

    const inBrowserMode = openSettings(dir, { version: '0.1.0' }).store;
    expect(inBrowserMode.file).toBe(inElectron.file);
    expect(inBrowserMode.get()).toEqual({ apiBaseUrl: 'https://api.example.nl', serviceAddress: { source: 'setting', changeable: true, policyWhere: null }, lastLocation: '99ZX10', recentLocations: ['99ZX10'], removalThresholdPercent: 10 });
    expect(inBrowserMode.getUpdatesEnabled()).toBe(false);
    inBrowserMode.setRemovalThreshold(25);

    const again = new ElectronStore<StoredSettings>(electronStoreOptions(settingsOptions(dir, '0.1.0')));
    expect(again.get('removalThresholdPercent')).toBe(25);
    // The schema is enforced by both, because both got it from the same options.
    expect(() => again.set('lastLocation', 'geen-brin')).toThrow();
    expect(() => new Conf<StoredSettings>(settingsOptions(dir, '0.1.0')).set('lastLocation', 'geen-brin')).toThrow();
  });
});
