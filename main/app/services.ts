import path from 'node:path';
import type { AppInfo } from '../../shared/bridge';
import { DATABASE_FILE_NAME, DatabaseOpenError, openDatabase } from '../db/database';
import type { OpenedDatabase } from '../db/database';
import { latestSchemaVersion } from '../db/migrations';
import { EdexmlWorker } from '../imports/run-in-worker';
import { listLocations } from '../locations/locations';
import { SyncService, memoryVault } from '../sync';
import type { Transport, TransportFactory } from '../transport/transport';
import type { ProxyLogins } from '../transport/proxy-login';
import { UploadStaging } from '../uploads/staging';
import type { TokenVault } from '../sync';
import { syncRegistry } from './sync-resources';
import { createNetwork } from './network';
import { importsApp } from '../imports/app';
import { directAccess } from './direct';
import type { DirectAccess } from './direct';

export type { DirectAccess } from './direct';
import { openSettings } from '../settings/settings';
import type { SettingsBackend, SettingsStore } from '../settings/settings';
import { ServiceError } from '../errors/service-error';
import { createLogger } from '../log/logger';
import type { Logger } from '../log/logger';
import { readPolicy } from '../updates/policy';
import { UpdateController } from '../updates/updates';
import { auditApp } from '../audit/app';
import { numoApp } from '../numo/app';
import { allowlistApp } from '../allowlist/app';
import { planApp } from '../plan/app';
import { usersApp } from '../users/app';
import { rosterApp } from '../roster/app';
import { locationsApp } from '../overview/app';
import { shellMethods } from './shell';
import type { DesktopHooks } from './shell';
export type { DesktopHooks } from './shell';
import { syncMethods } from './sync-methods';

export type AppMode = AppInfo['mode'];

export type { EventListener, HandlerInput, Handlers } from '../capability/handlers';
import type { EventListener, Handlers } from '../capability/handlers';
import type { CapabilityContext } from '../capability/context';

/**
 * The contract's methods, each exactly once: a capability that forgets one, or registers one the contract does not
 * know, fails to compile here.
 */
function exactly<T extends Handlers>(handlers: T & Record<Exclude<keyof T, keyof Handlers>, never>): Handlers {
  return handlers;
}

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
  /**
   * What the CLI does that no screen action does, so it is not a bridge method: read-only output in the CLI's own
   * formats (the diff as keys, the EDEXML export, Kurve with a korte schoolnaam given on the command line), and the
   * push with a token that is used once and never stored (main/cli/cli.ts's help says how that differs).
   */
  readonly direct: DirectAccess;
  /** Files handed over by the renderer (Electron IPC or browser-mode POST /upload), until `import:start` takes them. */
  readonly uploads: UploadStaging;
  /** Version, mode and start-up notices; also what `app:get-info` answers. */
  getInfo(): AppInfo;
  /** The log files for support (`<data folder>/logs/<mode>.log`). */
  readonly log: Logger;
  /** Automatic updates: decisions here, the download in electron-updater (installed app only). */
  readonly updates: UpdateController;
  /** The one transport to the central service of this process (main/transport). */
  transport(): Transport;
  /** Proxy sign-in asked in the window (Electron's app.on('login'), the Node transport in browser mode). */
  readonly proxyLogins: ProxyLogins;
  close(): void;
}

export interface ServicesOptions {
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  /** Where sign-in tokens are kept; memory only unless the Electron main process passes an encrypted vault. */
  readonly vault?: TokenVault;
  /** electron-store in Electron (main/index.ts); conf otherwise. Both from the same options: one config.json. */
  readonly settingsBackend?: SettingsBackend;
  /** "Today" for the school-year checks (tests); defaults to the clock. */
  readonly today?: () => Date;
  /** What only the desktop app can do; browser mode and the CLI leave it out. */
  readonly desktop?: DesktopHooks;
  /**
   * How this process reaches the central service: Electron passes Chromium's network stack
   * (main/transport/electron.ts); without it, undici with the environment's proxy (main/transport/node.ts).
   */
  readonly transportFactory?: TransportFactory;
  /** Where the Node transport reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY; the process's environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** `--ca-file` of the CLI and browser mode: the school's certificates for this run (before the setting). */
  readonly caFile?: { readonly path: string; readonly text: string | null };
}


/**
 * Starts everything main owns, the same way for Electron, browser mode and the CLI.
 * Why one factory: the three entry points differ only in transport, never in behaviour.
 * A refused database does not stop the start: the shell opens and tells the user what to do.
 */
export function createServices(options: ServicesOptions): Services {
  const notices: AppInfo['notices'] = [];
  const log = createLogger({ dataDir: options.dataDir, name: options.mode });
  const { store: settings, notice } = openSettings(options.dataDir, { version: options.version, ...(options.settingsBackend ? { backend: options.settingsBackend } : {}) });
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
  const vault = options.vault ?? memoryVault();
  let closed = false;
  const uploads = new UploadStaging(path.join(options.dataDir, 'uploads'));
  const network = createNetwork({
    mode: options.mode,
    policyFiles: options.desktop?.policyFiles ?? [],
    ...(options.transportFactory ? { transportFactory: options.transportFactory } : {}),
    ...(options.caFile ? { caFile: options.caFile } : {}),
    ...(options.env ? { env: options.env } : {}),
    settings,
    notices,
    listeners,
    emit,
    log,
    uploads,
  });
  const sync: SyncService | null = database
    ? new SyncService(
        database.db,
        settings,
        vault,
        { registry: syncRegistry, locations: () => listLocations(database!.db).map((l) => l.brin6) },
        () => {
          // A probe that answers after close (the CLI's, a test's) has nobody to tell, and no database to ask.
          if (closed) return;
          emit('sync:status', sync!.status());
        },
        (round) => {
          log.info('sync.round', round);
          emit('sync:round', { brin6: round.brin6, outcome: round.outcome, sent: round.sent, failed: round.failed, pending: round.pending });
        },
        network.transport,
      )
    : null;
  const updates = new UpdateController({
    updater: options.desktop?.updater ?? null,
    policy: () => readPolicy(options.desktop?.policyFiles ?? []),
    settingEnabled: () => settings.getUpdatesEnabled(),
    setSettingEnabled: (enabled) => settings.setUpdatesEnabled(enabled),
    pendingChanges: () => sync?.status().pendingChanges ?? 0,
    onChange: (state) => emit('app:update', state),
    log,
  });
  const today = () => options.today?.() ?? new Date();
  const requireSync = () => {
    if (!sync) throw new ServiceError('unavailable', 'De lokale gegevens konden niet worden geopend. Lees de melding bovenaan het venster.');
    return sync;
  };
  const statusChanged = () => {
    if (sync) emit('sync:status', sync.status());
  };
  const ctx: CapabilityContext = {
    mode: options.mode,
    requireDb,
    settings,
    uploads,
    log,
    vault,
    today,
    emit,
    sync: () => sync,
    requireSync,
    statusChanged,
    mutation(brin6, value) {
      statusChanged();
      // The CLI ends right after the command (and sends with its own `sync`): no background round on a closing database.
      if (sync && settings.get().apiBaseUrl && options.mode !== 'cli') void sync.syncNow(brin6).catch(() => {});
      return value;
    },
  };

  // The CLI only waits while it imports: it reads and writes on its own thread, through its own connection (run-in-worker.ts).
  const edexmlWorker = new EdexmlWorker(options.mode === 'cli' && database ? { here: () => database.db } : {});
  if (options.mode !== 'cli' && database) edexmlWorker.prepare();

  const subscribe = (listener: EventListener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  // Every capability registers its own methods; this only wires them (the contract's coverage is checked below).
  const handlers = exactly({
    ...shellMethods(ctx, { getInfo, updates, desktop: options.desktop }),
    ...locationsApp(ctx),
    ...importsApp(ctx, { database, edexmlWorker }),
    ...rosterApp(ctx),
    ...usersApp(ctx),
    ...auditApp(ctx),
    ...syncMethods(ctx, subscribe),
    ...network.handlers({ requireDb, vault, sync: () => sync }),
    ...numoApp(ctx),
    ...allowlistApp(ctx),
    ...planApp(ctx),
  });

  log.info('app.start', {
    mode: options.mode,
    version: options.version,
    schema: latestSchemaVersion,
    database: database?.schemaVersion ?? null,
    platform: process.platform,
    arch: process.arch,
    electron: process.versions['electron'] ?? null,
    node: process.versions.node,
  });

  const direct = directAccess({ requireDb, settings, today, transport: network.transport });

  return {
    handlers,
    direct,
    settings,
    dataDir: options.dataDir,
    database,
    getInfo,
    log,
    updates,
    sync,
    uploads,
    transport: network.transport,
    proxyLogins: network.proxyLogins,
    events: { subscribe },
    close() {
      closed = true;
      sync?.stop();
      void network.close();
      void edexmlWorker.close();
      database?.db.close();
    },
  };
}
