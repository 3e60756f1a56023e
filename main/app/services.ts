import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo, SyncRound } from '../../shared/bridge';
import { DATABASE_FILE_NAME, DatabaseOpenError, openDatabase } from '../db/database';
import type { OpenedDatabase } from '../db/database';
import { latestSchemaVersion } from '../db/migrations';
import { EdexmlWorker } from '../edexml/run-in-worker';
import { listLocations, removeLocation, requireLocation } from '../locations/locations';
import { addLocation, recordSignIn, recordSignOut } from '../accounts/accounts';
import { locationOverview, locationsOverview } from '../overview/overview';
import { rosterClassPupils, rosterClasses, searchPupils } from '../roster/store';
import { SyncService, memoryVault } from '../sync';
import type { Transport, TransportFactory } from '../transport/transport';
import type { ProxyLogins } from '../transport/proxy-login';
import { UploadStaging } from '../uploads/staging';
import type { TokenVault } from '../sync';
import { syncRegistry } from './sync-resources';
import { createNetwork } from './network';
import { importHandlers } from './imports';
import { directAccess } from './direct';
import type { DirectAccess } from './direct';

export type { DirectAccess } from './direct';
import { openSettings } from '../settings/settings';
import type { SettingsBackend, SettingsStore } from '../settings/settings';
import { ServiceError } from '../errors/service-error';
import { createLogger, newestLogFile } from '../log/logger';
import type { Logger } from '../log/logger';
import { readPolicy } from '../updates/policy';
import { UpdateController, UpdateRefusedError } from '../updates/updates';
import type { Updater } from '../updates/updates';
import { exportAuditCsv, listAudit } from '../audit/audit';
import { numoView, saveNumo } from '../numo/numo';
import { allowlistView, checkAddress, saveAllowlist } from '../allowlist/allowlist';
import { removeTask, saveTask, schoolYearPlan } from '../schoolyear/plan';
import { addSuggested, addUser, inviteUsers, listClasses, listSuggestions, listUsers, removeUsers, resolveConflict, setRoles, updateUser } from '../users/users';

/**
 * What only one screen action needs is loaded when it is first asked for: the users' CSV import (papaparse) and the
 * Kurve export (fast-xml-parser's builder). Every CLI command opens these services, and an `import` or `status` should
 * not pay for them (measured with hyperfine, 15 runs: `status` 495 → 468 ms, a 2,000-pupil `import` 609 → 589 ms).
 */
const csv = () => import('../users/csv');
const kurve = () => import('../numo/kurve');

export type AppMode = AppInfo['mode'];

export type { EventListener, HandlerInput, Handlers } from './handler-types';
import type { EventListener, Handlers } from './handler-types';

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

export interface DesktopHooks {
  /** Opens a folder in Explorer/Finder; resolves to an error text, or '' when it opened (Electron's shell.openPath). */
  readonly openFolder: (folder: string) => Promise<string>;
  /** electron-updater in the installed app; null in a development checkout. */
  readonly updater: Updater | null;
  /** Where IT's policy files may be, most authoritative first (main/updates/policy.ts). */
  readonly policyFiles: readonly string[];
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
  /** The rounds of a sync the handler asked for (`sync:sync-all` lists them in its answer). */
  const subscribeRounds = (listener: (round: SyncRound) => void) => {
    const on: EventListener = (name, payload) => {
      if (name === 'sync:round') listener(payload as SyncRound);
    };
    listeners.add(on);
    return () => void listeners.delete(on);
  };
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
  const overviewDeps = () => ({
    db: requireDb(),
    signedIn: (brin6: string) => vault.load(brin6) !== null,
    apiConfigured: settings.get().apiBaseUrl !== null,
    today: today(),
  });
  /** Sends the queue in the background (after a confirm): step 4 proceeds on its own when online. */
  const kickSync = (brin6: string) => {
    // The CLI ends right after the command (and sends with its own `sync`): no background round on a closing database.
    if (sync && settings.get().apiBaseUrl && options.mode !== 'cli') void sync.syncNow(brin6).catch(() => {});
  };
  const requireSync = () => {
    if (!sync) throw new ServiceError('unavailable', 'De lokale gegevens konden niet worden geopend. Lees de melding bovenaan het venster.');
    return sync;
  };
  /** After a local change of users: the status bar counts it at once, and the queue goes out when online. */
  const changed = <T>(brin6: string, value: T): T => {
    if (sync) emit('sync:status', sync.status());
    kickSync(brin6);
    return value;
  };
  const offlineStatus = () => ({
    connection: settings.get().apiBaseUrl ? ('unknown' as const) : ('not-configured' as const),
    offlineSince: null,
    problem: null,
    nextRoundAt: null,
    pendingChanges: 0,
    locations: [],
  });

  // The CLI only waits while it imports: it reads and writes on its own thread, through its own connection (run-in-worker.ts).
  const edexmlWorker = new EdexmlWorker(options.mode === 'cli' && database ? { here: () => database.db } : {});
  if (options.mode !== 'cli' && database) edexmlWorker.prepare();

  const handlers: Handlers = {
    ...importHandlers({ mode: options.mode, database, requireDb, uploads, edexmlWorker, emit, log, settings, today, changed: (brin6) => changed(brin6, null) }),
    ...network.handlers({ requireDb, vault, sync: () => sync }),
    'app:get-info': getInfo,
    'app:get-support': () => ({ logFolder: log.dir, canOpenFolder: options.desktop !== undefined, updates: updates.state() }),
    'app:open-logs': async () => {
      if (options.desktop) {
        fs.mkdirSync(log.dir, { recursive: true });
        const problem = await options.desktop.openFolder(log.dir);
        if (problem) throw new ServiceError('unavailable', `De map met logbestanden kon niet worden geopend. Je vindt haar hier: ${log.dir}`);
        return { kind: 'opened' as const, folder: log.dir };
      }
      const newest = newestLogFile(log.dir);
      if (!newest) return { kind: 'empty' as const, folder: log.dir };
      return { kind: 'download' as const, fileName: path.basename(newest), content: fs.readFileSync(newest, 'utf8') };
    },
    'app:set-updates-enabled': ({ enabled }) => {
      try {
        return updates.setEnabled(enabled);
      } catch (error) {
        if (error instanceof UpdateRefusedError) throw new ServiceError('forbidden', error.message);
        throw error;
      }
    },
    'app:restart-to-update': ({ confirmQueued }) => updates.restart(confirmQueued),
    'app:report-error': ({ kind, message, stack }) => {
      const error = new Error(message);
      error.name = 'RendererError';
      error.stack = stack ?? `RendererError: ${message}`;
      log.error(`renderer.${kind}`, error);
      return null;
    },
    'locations:list-all': () => listLocations(requireDb()),
    'locations:add': (input) => addLocation(requireDb(), input),
    'locations:remove': ({ brin6 }) => {
      const db = requireDb();
      removeLocation(db, brin6);
      vault.clear(brin6);
      settings.clearLastLocation(brin6);
      if (sync) emit('sync:status', sync.status());
      return listLocations(db);
    },
    'locations:get-overview': () => locationsOverview(overviewDeps()),
    'locations:get-progress': ({ brin6 }) => {
      const overview = locationOverview(overviewDeps(), brin6);
      if (!overview) requireLocation(requireDb(), brin6);
      return overview!;
    },
    'roster:get-classes': ({ brin6 }) => rosterClasses(requireDb(), brin6),
    'roster:get-class-pupils': ({ brin6, classKey }) => rosterClassPupils(requireDb(), brin6, classKey),
    'roster:search-pupils': ({ brin6, query }) => searchPupils(requireDb(), brin6, query),
    'settings:get-all': () => settings.get(),
    'settings:set-api-base-url': ({ apiBaseUrl }) => {
      const saved = settings.setApiBaseUrl(apiBaseUrl);
      // A new address: ask at once whether it answers, so step 1 says "bereikbaar" or "niet bereikbaar" truthfully.
      if (sync) void sync.probe();
      return saved;
    },
    'settings:set-last-location': ({ brin6 }) => settings.setLastLocation(brin6),
    'settings:set-removal-threshold': ({ percent }) => settings.setRemovalThreshold(percent),
    'users:list': ({ brin6 }) => listUsers(requireDb(), brin6),
    'users:add': ({ brin6, user }) => changed(brin6, addUser(requireDb(), brin6, user)),
    'users:update': ({ brin6, id, user }) => changed(brin6, updateUser(requireDb(), brin6, id, user)),
    'users:resolve-conflict': ({ brin6, id, choices }) => changed(brin6, resolveConflict(requireDb(), brin6, id, choices)),
    'users:remove': ({ brin6, ids }) => changed(brin6, removeUsers(requireDb(), brin6, ids)),
    'users:set-roles': ({ brin6, ...input }) => changed(brin6, setRoles(requireDb(), brin6, input)),
    'users:invite': ({ brin6, ids }) => changed(brin6, inviteUsers(requireDb(), brin6, ids)),
    'users:list-classes': ({ brin6 }) => listClasses(requireDb(), brin6),
    'users:list-suggestions': ({ brin6 }) => listSuggestions(requireDb(), brin6),
    'users:add-suggested': ({ brin6, ...input }) => changed(brin6, addSuggested(requireDb(), brin6, input)),
    'users:import-csv': async ({ brin6, uploadId, mode }) => {
      const { importCsvUpload } = await csv();
      return changed(brin6, importCsvUpload(requireDb(), uploads, brin6, uploadId, mode));
    },
    'audit:list': ({ brin6 }) => listAudit(requireDb(), brin6),
    'audit:export-csv': ({ brin6 }) => exportAuditCsv(requireDb(), brin6, today()),
    'sync:get-status': () => (sync ? sync.status() : offlineStatus()),
    'sync:sign-in': async ({ brin6, username, password }) => {
      requireLocation(requireDb(), brin6);
      await requireSync().signIn(brin6, username, password);
      recordSignIn(requireDb(), brin6, username);
      await requireSync().syncNow(brin6, { explicit: true });
      return requireSync().status();
    },
    'sync:sign-out': ({ brin6 }) => {
      requireSync().signOut(brin6);
      recordSignOut(requireDb(), brin6);
      return requireSync().status();
    },
    'sync:sync-all': async () => {
      const service = requireSync();
      // A background round already running is joined and one more follows: the last round per location counts.
      const rounds = new Map<string, SyncRound>();
      const off = subscribeRounds((round) => rounds.set(round.brin6, round));
      try {
        await service.syncNow(undefined, { explicit: true });
      } finally {
        off();
      }
      const status = service.status();
      return { status, rounds: [...rounds.values()], notSignedIn: status.locations.filter((l) => !l.signedIn).map((l) => ({ brin6: l.brin6, pending: l.pending })) };
    },
    'sync:sync-now': async (input) => {
      await requireSync().syncNow(input?.brin6, { explicit: true });
      return requireSync().status();
    },
    'numo:get': ({ brin6 }) => numoView(requireDb(), brin6),
    'numo:save': ({ brin6, registration }) => changed(brin6, saveNumo(requireDb(), brin6, registration, today())),
    'numo:export-kurve': async ({ brin6 }) => (await kurve()).buildKurveExport(requireDb(), brin6, { now: today() }),
    'allowlist:get': ({ brin6 }) => allowlistView(requireDb(), brin6, today()),
    'allowlist:save': ({ brin6, entries }) => changed(brin6, saveAllowlist(requireDb(), brin6, entries, today())),
    'allowlist:check-this-pc': async ({ brin6 }) => {
      requireLocation(requireDb(), brin6);
      const seen = await requireSync().whoami(brin6);
      return checkAddress(requireDb(), brin6, seen);
    },
    'plan:get': ({ brin6, schooljaar }) => schoolYearPlan(requireDb(), brin6, schooljaar, today()),
    'plan:save-task': ({ brin6, schooljaar, task }) => saveTask(requireDb(), brin6, schooljaar, task, today()),
    'plan:remove-task': ({ brin6, schooljaar, id }) => removeTask(requireDb(), brin6, schooljaar, id, today()),
  };

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
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    close() {
      closed = true;
      sync?.stop();
      void network.close();
      void edexmlWorker.close();
      database?.db.close();
    },
  };
}
