import Conf from 'conf';
import type { Options as ConfOptions } from 'conf';
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../shared/bridge';
import { BRIN6_PATTERN } from '../../shared/domain/brin';
import { DEFAULT_REMOVAL_THRESHOLD_PERCENT } from '../../shared/domain/import-guard';
import { NO_ADDRESS_POLICY, lockedAddressMessage, resolveServiceAddress } from './address';
import type { AddressPolicy } from './address';

export const SETTINGS_FILE_NAME = 'config.json';

/** Window bounds are main-process only; they never cross the bridge. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** How many recently opened locations the switcher lists first. */
export const RECENT_LOCATIONS = 8;

export type StoredSettings = {
  apiBaseUrl: string | null;
  lastLocation: string | null;
  /** The switcher's "recent" list: the last opened locations, most recent first (at most RECENT_LOCATIONS). */
  recentLocations: string[];
  removalThresholdPercent: number;
  window: WindowBounds | null;
  /** Automatic updates of the desktop app (IT's policy can override this: main/policy/, main/updates/policy.ts). */
  updatesEnabled: boolean;
  /**
   * The school's own certificates (PEM), trusted beside the system's: for a network with TLS inspection whose
   * certificate this PC does not know (issue 30). Public certificates only; main checks them before saving.
   */
  schoolCertificates: string | null;
};

const defaults: StoredSettings = {
  apiBaseUrl: null,
  lastLocation: null,
  recentLocations: [],
  removalThresholdPercent: DEFAULT_REMOVAL_THRESHOLD_PERCENT,
  window: null,
  updatesEnabled: true,
  schoolCertificates: null,
};

/** JSON Schema conf checks on every write: a bug cannot persist garbage. */
const schema = {
  apiBaseUrl: { type: ['string', 'null'] },
  lastLocation: { type: ['string', 'null'], pattern: BRIN6_PATTERN.source },
  recentLocations: { type: 'array', items: { type: 'string', pattern: BRIN6_PATTERN.source }, maxItems: 8 },
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
  updatesEnabled: { type: 'boolean' },
  schoolCertificates: { type: ['string', 'null'], maxLength: 1_000_000 },
} as const;

/**
 * Changes of the file's shape between versions, keyed by the app version that introduced them (conf runs each once,
 * in order, and records the last in the file). None yet: every key added so far has a default.
 */
const migrations: NonNullable<ConfOptions<StoredSettings>['migrations']> = {};

/**
 * The one description of the settings file, for both libraries: conf in browser mode and the CLI, electron-store
 * (a thin layer over the same conf) in Electron. Same folder, file name, schema and migrations: one `config.json`
 * serves every entry point.
 */
export function settingsOptions(dir: string, version: string): ConfOptions<StoredSettings> {
  return {
    cwd: dir,
    configName: 'config',
    projectName: 'beheerconsole',
    projectVersion: version,
    defaults,
    schema,
    migrations,
    clearInvalidConfig: false,
    // Private to the PC's user (issue 34): written 0600 whatever the umask.
    configFileMode: 0o600,
  };
}

/**
 * The same options as electron-store takes them: it names the file `name` (and sets `configName` from it) and takes
 * the folder and version from Electron's `app` when they are not given; both are given here.
 */
export function electronStoreOptions(options: ConfOptions<StoredSettings>): Omit<ConfOptions<StoredSettings>, 'configName'> & { name: string } {
  const { configName, ...rest } = options;
  return { ...rest, name: configName ?? 'config' };
}

/** Builds the store from the shared options: conf by default; the Electron entry passes electron-store. */
export type SettingsBackend = (options: ConfOptions<StoredSettings>) => Conf<StoredSettings>;

export const confBackend: SettingsBackend = (options) => new Conf<StoredSettings>(options);

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
  /** The school's own choice for automatic updates (IT's policy may still override it). */
  getUpdatesEnabled(): boolean;
  /** The school's certificates (PEM) trusted beside the system's, or null. */
  getSchoolCertificates(): string | null;
  setSchoolCertificates(pem: string | null): void;
  setUpdatesEnabled(enabled: boolean): void;
  readonly file: string;
}

export interface OpenSettingsResult {
  readonly store: SettingsStore;
  /** Set when the old file was unreadable and moved aside: the Dutch notice for the user. */
  readonly notice: string | null;
}

export interface OpenSettingsOptions {
  /** The app's version (conf records it with the migrations). */
  readonly version: string;
  readonly backend?: SettingsBackend;
  readonly now?: () => Date;
  /** IT's policy for the service address (main/policy/), absent: none. */
  readonly addressPolicy?: AddressPolicy;
  /** The address built into this version, or null. */
  readonly buildServiceUrl?: string | null;
}

/** Saving an address IT fixed: refused with the Dutch reason. */
export class AddressLockedError extends Error {}

/**
 * One settings module for Electron, browser mode and the CLI.
 * Electron uses electron-store, the others conf: electron-store is a thin layer over conf (same author, same file
 * format) that imports `electron` when loaded, so it cannot run in Node. Both are built from `settingsOptions`.
 */
export function openSettings(dir: string, options: OpenSettingsOptions): OpenSettingsResult {
  const now = options.now ?? (() => new Date());
  const create = () => (options.backend ?? confBackend)(settingsOptions(dir, options.version));
  let notice: string | null = null;
  let conf: Conf<StoredSettings>;
  try {
    conf = create();
  } catch {
    // A corrupt file makes conf throw; `clearInvalidConfig` would wipe it silently. Keep it, aside, and say so.
    const file = path.join(dir, SETTINGS_FILE_NAME);
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, aside);
    conf = create();
    notice =
      `De instellingen waren beschadigd en zijn opnieuw op standaardwaarden gezet. ` +
      `Het oude bestand staat nog als ${path.basename(aside)} in ${dir}. Controleer het adres van de centrale dienst.`;
  }
  const addressPolicy = options.addressPolicy ?? NO_ADDRESS_POLICY;
  const address = () => resolveServiceAddress({ policy: addressPolicy, setting: conf.get('apiBaseUrl'), buildDefault: options.buildServiceUrl ?? null });
  const read = (): Settings => {
    const effective = address();
    return {
      apiBaseUrl: effective.url,
      serviceAddress: { source: effective.source, changeable: effective.changeable, policyWhere: addressPolicy.where },
      lastLocation: conf.get('lastLocation'),
      recentLocations: conf.get('recentLocations') ?? [],
      removalThresholdPercent: conf.get('removalThresholdPercent'),
    };
  };
  const store: SettingsStore = {
    file: conf.path,
    get: read,
    setApiBaseUrl(url) {
      if (!address().changeable) throw new AddressLockedError(lockedAddressMessage(addressPolicy.where));
      conf.set('apiBaseUrl', url);
      return read();
    },
    setLastLocation(brin6) {
      conf.set('lastLocation', brin6);
      conf.set('recentLocations', [brin6, ...(conf.get('recentLocations') ?? []).filter((b) => b !== brin6)].slice(0, RECENT_LOCATIONS));
      return read();
    },
    setRemovalThreshold(percent) {
      conf.set('removalThresholdPercent', percent);
      return read();
    },
    clearLastLocation(brin6) {
      if (conf.get('lastLocation') === brin6) conf.set('lastLocation', null);
      conf.set('recentLocations', (conf.get('recentLocations') ?? []).filter((b) => b !== brin6));
      return read();
    },
    getWindowBounds: () => conf.get('window'),
    setWindowBounds(bounds) {
      conf.set('window', bounds);
    },
    getSchoolCertificates: () => conf.get('schoolCertificates') ?? null,
    setSchoolCertificates(pem) {
      conf.set('schoolCertificates', pem);
    },
    getUpdatesEnabled: () => conf.get('updatesEnabled'),
    setUpdatesEnabled(enabled) {
      conf.set('updatesEnabled', enabled);
    },
  };
  return { store, notice };
}
