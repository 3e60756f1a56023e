import Conf from 'conf';
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../shared/bridge';
import { BRIN6_PATTERN } from '../../shared/domain/brin';
import { DEFAULT_REMOVAL_THRESHOLD_PERCENT } from '../../shared/domain/import-guard';

export const SETTINGS_FILE_NAME = 'config.json';

/** Window bounds are main-process only; they never cross the bridge. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface StoredSettings {
  apiBaseUrl: string | null;
  lastLocation: string | null;
  removalThresholdPercent: number;
  window: WindowBounds | null;
}

const defaults: StoredSettings = { apiBaseUrl: null, lastLocation: null, removalThresholdPercent: DEFAULT_REMOVAL_THRESHOLD_PERCENT, window: null };

/** JSON Schema conf checks on every write: a bug cannot persist garbage. */
const schema = {
  apiBaseUrl: { type: ['string', 'null'] },
  lastLocation: { type: ['string', 'null'], pattern: BRIN6_PATTERN.source },
  removalThresholdPercent: { type: 'number', minimum: 1, maximum: 100 },
  window: {
    type: ['object', 'null'],
    properties: {
      x: { type: 'number' },
      y: { type: 'number' },
      width: { type: 'number', minimum: 200 },
      height: { type: 'number', minimum: 200 },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
  },
} as const;

export interface SettingsStore {
  get(): Settings;
  setApiBaseUrl(url: string): Settings;
  setLastLocation(brin6: string): Settings;
  /** The guard against destructive files: the share of the confirmed pupils (percent) a confirm may remove unasked. */
  setRemovalThreshold(percent: number): Settings;
  /** Forgets the last location if it is this one (the location was removed). */
  clearLastLocation(brin6: string): Settings;
  getWindowBounds(): WindowBounds | null;
  setWindowBounds(bounds: WindowBounds): void;
  readonly file: string;
}

export interface OpenSettingsResult {
  readonly store: SettingsStore;
  /** Set when the old file was unreadable and moved aside: the Dutch notice for the user. */
  readonly notice: string | null;
}

/**
 * One settings module for Electron, browser mode and the CLI.
 * Why `conf` and not `electron-store`: electron-store is a thin layer over conf (same author, same file format)
 * that imports `electron` when loaded, so it cannot run in Node. In Electron the folder is `app.getPath('userData')`,
 * exactly where electron-store would put `config.json`.
 */
export function openSettings(dir: string, now: () => Date = () => new Date()): OpenSettingsResult {
  let notice: string | null = null;
  let conf: Conf<StoredSettings>;
  try {
    conf = create(dir);
  } catch {
    // A corrupt file makes conf throw; `clearInvalidConfig` would wipe it silently. Keep it, aside, and say so.
    const file = path.join(dir, SETTINGS_FILE_NAME);
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, aside);
    conf = create(dir);
    notice =
      `De instellingen waren beschadigd en zijn opnieuw op standaardwaarden gezet. ` +
      `Het oude bestand staat nog als ${path.basename(aside)} in ${dir}. Controleer het adres van de centrale dienst.`;
  }
  const read = (): Settings => ({ apiBaseUrl: conf.get('apiBaseUrl'), lastLocation: conf.get('lastLocation'), removalThresholdPercent: conf.get('removalThresholdPercent') });
  const store: SettingsStore = {
    file: conf.path,
    get: read,
    setApiBaseUrl(url) {
      conf.set('apiBaseUrl', url);
      return read();
    },
    setLastLocation(brin6) {
      conf.set('lastLocation', brin6);
      return read();
    },
    setRemovalThreshold(percent) {
      conf.set('removalThresholdPercent', percent);
      return read();
    },
    clearLastLocation(brin6) {
      if (conf.get('lastLocation') === brin6) conf.set('lastLocation', null);
      return read();
    },
    getWindowBounds: () => conf.get('window'),
    setWindowBounds(bounds) {
      conf.set('window', bounds);
    },
  };
  return { store, notice };
}

function create(dir: string): Conf<StoredSettings> {
  return new Conf<StoredSettings>({
    cwd: dir,
    configName: 'config',
    projectName: 'beheerconsole',
    defaults,
    schema,
    clearInvalidConfig: false,
  });
}
