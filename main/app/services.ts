import path from 'node:path';
import type { AppInfo, BridgeEventName, BridgeInput, BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { DATABASE_FILE_NAME, DatabaseOpenError, openDatabase } from '../db/database';
import type { OpenedDatabase } from '../db/database';
import { latestSchemaVersion } from '../db/migrations';
import { listLocations } from '../locations/locations';
import { SyncService, memoryVault } from '../sync/service';
import type { TokenVault } from '../sync/service';
import { openSettings } from '../settings/settings';
import type { SettingsStore } from '../settings/settings';
import { ServiceError } from './errors';

export type AppMode = AppInfo['mode'];

/** A main→renderer event: its name and its payload (checked against shared/bridge/events.ts by the tests). */
export type EventListener = (name: BridgeEventName, payload: unknown) => void;

/** The implementation of each bridge method: validated input in, plain output out (the registry wraps it). */
export type Handlers = {
  readonly [M in BridgeMethodName]: (input: BridgeInput<M>) => BridgeOutput<M> | Promise<BridgeOutput<M>>;
};

export interface Services {
  readonly handlers: Handlers;
  readonly settings: SettingsStore;
  readonly dataDir: string;
  /** The open cache, or null when the file was refused (then `info.notices` says why). */
  readonly database: OpenedDatabase | null;
  /** Events for the renderer (Electron IPC or browser-mode server-sent events carry them). */
  readonly events: { subscribe(listener: EventListener): () => void };
  /** The sync engine (null when the database was refused). */
  readonly sync: SyncService | null;
  /** Version, mode and start-up notices; also what `app:get-info` answers. */
  getInfo(): AppInfo;
  close(): void;
}

export interface ServicesOptions {
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  /** Where sign-in tokens are kept; memory only unless the Electron main process passes an encrypted vault. */
  readonly vault?: TokenVault;
}

/**
 * Starts everything main owns, the same way for Electron, browser mode and the CLI.
 * Why one factory: the three entry points differ only in transport, never in behaviour.
 * A refused database does not stop the start: the shell opens and tells the user what to do.
 */
export function createServices(options: ServicesOptions): Services {
  const notices: AppInfo['notices'] = [];
  const { store: settings, notice } = openSettings(options.dataDir);
  if (notice) notices.push({ level: 'warning', message: notice });

  let database: OpenedDatabase | null = null;
  try {
    database = openDatabase(path.join(options.dataDir, DATABASE_FILE_NAME));
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    notices.push({ level: 'error', message: error.message });
  }

  const requireDb = () => {
    if (!database) {
      throw new ServiceError('unavailable', 'De lokale gegevens konden niet worden geopend. Lees de melding bovenaan het venster.');
    }
    return database.db;
  };

  const getInfo = (): AppInfo => ({
    name: 'Beheerconsole',
    version: options.version,
    mode: options.mode,
    schemaVersion: latestSchemaVersion,
    databaseVersion: database?.schemaVersion ?? null,
    notices,
  });

  const listeners = new Set<EventListener>();
  const emit: EventListener = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const sync: SyncService | null = database
    ? new SyncService(database.db, settings, options.vault ?? memoryVault(), () => emit('sync:status', sync!.status()))
    : null;
  const requireSync = () => {
    if (!sync) throw new ServiceError('unavailable', 'De lokale gegevens konden niet worden geopend. Lees de melding bovenaan het venster.');
    return sync;
  };
  const offlineStatus = () => ({
    connection: settings.get().apiBaseUrl ? ('offline' as const) : ('not-configured' as const),
    pendingChanges: 0,
    locations: [],
  });

  const handlers: Handlers = {
    'app:get-info': getInfo,
    'locations:list-all': () => listLocations(requireDb()),
    'settings:get-all': () => settings.get(),
    'settings:set-api-base-url': ({ apiBaseUrl }) => settings.setApiBaseUrl(apiBaseUrl),
    'settings:set-last-location': ({ brin6 }) => settings.setLastLocation(brin6),
    'sync:get-status': () => (sync ? sync.status() : offlineStatus()),
    'sync:sign-in': async ({ brin6, username, password }) => {
      await requireSync().signIn(brin6, username, password);
      await requireSync().syncNow(brin6);
      return requireSync().status();
    },
    'sync:sync-now': async (input) => {
      await requireSync().syncNow(input?.brin6);
      return requireSync().status();
    },
  };

  return {
    handlers,
    settings,
    dataDir: options.dataDir,
    database,
    getInfo,
    sync,
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    close() {
      sync?.stop();
      database?.db.close();
    },
  };
}
