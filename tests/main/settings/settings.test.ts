import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_FILE_NAME, openSettings } from '../../../main/settings/settings';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

describe('settings store (conf, electron-store file format)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('remembers the last opened locations for the switcher: most recent first, each once, at most 8; a removed one is forgotten', () => {
    const { store } = openSettings(dir, { version: '0.1.0' });
    for (let n = 10; n <= 20; n++) store.setLastLocation(`99ZX${n}`);
    store.setLastLocation('99ZX15');
    expect(store.get().recentLocations).toEqual(['99ZX15', '99ZX20', '99ZX19', '99ZX18', '99ZX17', '99ZX16', '99ZX14', '99ZX13']);
    store.clearLastLocation('99ZX19');
    expect(openSettings(dir, { version: '0.1.0' }).store.get().recentLocations).toEqual(['99ZX15', '99ZX20', '99ZX18', '99ZX17', '99ZX16', '99ZX14', '99ZX13']);
  });

  it('starts with defaults and keeps changes across restarts in config.json', () => {
    const { store, notice } = openSettings(dir, { version: '0.1.0' });
    expect(notice).toBeNull();
    expect(store.get()).toEqual({ apiBaseUrl: null, serviceAddress: { source: 'none', changeable: true, policyWhere: null }, lastLocation: null, recentLocations: [], removalThresholdPercent: 10 });
    store.setApiBaseUrl('https://api.example.nl');
    store.setLastLocation('99ZX10');
    store.setWindowBounds({ x: 10, y: 20, width: 1000, height: 700, maximized: false });

    expect(store.file).toBe(path.join(dir, SETTINGS_FILE_NAME));
    const onDisk = JSON.parse(fs.readFileSync(store.file, 'utf8'));
    expect(onDisk).toMatchObject({ apiBaseUrl: 'https://api.example.nl', lastLocation: '99ZX10' });

    const again = openSettings(dir, { version: '0.1.0' }).store;
    expect(again.get()).toEqual({ apiBaseUrl: 'https://api.example.nl', serviceAddress: { source: 'setting', changeable: true, policyWhere: null }, lastLocation: '99ZX10', recentLocations: ['99ZX10'], removalThresholdPercent: 10 });
    expect(again.getWindowBounds()).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('refuses to persist a value its schema forbids', () => {
    const { store } = openSettings(dir, { version: '0.1.0' });
    expect(() => store.setLastLocation('niet-een-brin')).toThrow();
    expect(store.get().lastLocation).toBeNull();
  });

  it('moves a corrupt file aside, starts with defaults and says so in Dutch', () => {
    const file = path.join(dir, SETTINGS_FILE_NAME);
    fs.writeFileSync(file, '{ "apiBaseUrl": "https://api.exa');
    const { store, notice } = openSettings(dir, { version: '0.1.0', now: () => new Date('2026-11-24T10:00:00.000Z') });
    expect(store.get()).toEqual({ apiBaseUrl: null, serviceAddress: { source: 'none', changeable: true, policyWhere: null }, lastLocation: null, recentLocations: [], removalThresholdPercent: 10 });
    expect(notice).toMatch(/beschadigd.*standaardwaarden/);
    const aside = path.join(dir, `${SETTINGS_FILE_NAME}.corrupt-2026-11-24T10-00-00-000Z`);
    expect(notice).toContain(path.basename(aside));
    expect(fs.readFileSync(aside, 'utf8')).toBe('{ "apiBaseUrl": "https://api.exa');
  });

  it('treats a file that breaks the schema like a corrupt one', () => {
    fs.writeFileSync(path.join(dir, SETTINGS_FILE_NAME), JSON.stringify({ lastLocation: 12 }));
    const { store, notice } = openSettings(dir, { version: '0.1.0' });
    expect(notice).not.toBeNull();
    expect(store.get().lastLocation).toBeNull();
  });
});
