import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { routedBrin6 } from '../../shared/bridge';
import type { AppInfo, BridgeContract, BridgeEventName, BridgeMethodName, BridgeOutput, ImportProgress, ImportReport, SyncRound } from '../../shared/bridge';
import { DATABASE_FILE_NAME, DatabaseOpenError, openDatabase } from '../db/database';
import type { OpenedDatabase } from '../db/database';
import { latestSchemaVersion } from '../db/migrations';
import { routeImport, startImport } from '../edexml/bridge';
import { discardImport, importState } from '../edexml/review';
import { importHistory, importId as importIdOf, loadImport, pendingDiff, pendingGuard, releaseHold, restoreImport } from '../edexml/store';
import type { RemovalGuard } from '../../shared/domain/import-guard';
import { EdexmlWorker } from '../edexml/run-in-worker';
import type { ReviewJob, ReviewResult } from '../edexml/review-job';
import { listLocations, removeLocation, requireLocation } from '../locations/locations';
import { addLocation, recordSignIn, recordSignOut } from '../accounts/accounts';
import { locationOverview, locationsOverview } from '../overview/overview';
import { rosterClassPupils, rosterClasses, searchPupils } from '../roster/store';
import { SyncService, checkConnection, memoryVault, pushUntilIdle } from '../sync';
import { nodeTransport } from '../transport/node';
import { transportPlan } from '../transport/plan';
import { parseCertificates } from '../transport/certificates';
import type { Transport, TransportFactory } from '../transport/transport';
import { ProxyLogins } from '../transport/proxy-login';
import { createSession } from '../sync';
import type { PushResult, SignInResult } from '../sync';
import type { SchoolData } from '../../shared/edexml/model';
import type { KurveExport } from '../../shared/bridge/numo';
import type { SchoolDataDiff } from '../edexml/diff';
import { UploadStaging } from '../uploads/staging';
import type { TokenVault } from '../sync';
import { syncRegistry } from './sync-resources';
import { openSettings } from '../settings/settings';
import type { SettingsBackend, SettingsStore } from '../settings/settings';
import { ServiceError } from '../errors/service-error';
import { createLogger, newestLogFile } from '../log/logger';
import type { Logger } from '../log/logger';
import { policyCaFile, readPolicy } from '../updates/policy';
import { UpdateController, UpdateRefusedError } from '../updates/updates';
import type { Updater } from '../updates/updates';
import { exportAuditCsv, listAudit } from '../audit/audit';
import { numoView, saveNumo } from '../numo/numo';
import { allowlistView, checkAddress, saveAllowlist } from '../allowlist/allowlist';
import { removeTask, saveTask, schoolYearPlan } from '../schoolyear/plan';
import { addSuggested, addUser, inviteUsers, listClasses, listSuggestions, listUsers, removeUsers, setRoles, updateUser } from '../users/users';

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

/**
 * What only one screen action needs is loaded when it is first asked for: the users' CSV import (papaparse) and the
 * Kurve export (fast-xml-parser's builder). Every CLI command opens these services, and an `import` or `status` should
 * not pay for them (measured with hyperfine, 15 runs: `status` 495 → 468 ms, a 2,000-pupil `import` 609 → 589 ms).
 */
const csv = () => import('../users/csv');
const kurve = () => import('../numo/kurve');

export type AppMode = AppInfo['mode'];

/** A main→renderer event: its name and its payload (checked against shared/bridge/events.ts by the tests). */
export type EventListener = (name: BridgeEventName, payload: unknown) => void;

/** The implementation of each bridge method: validated input in, plain output out (the registry wraps it). */
export type Handlers = {
  readonly [M in BridgeMethodName]: (input: HandlerInput<M>) => BridgeOutput<M> | Promise<BridgeOutput<M>>;
};

/** What a handler receives: the input after the contract's schema parsed it (trimmed, upper-cased, defaults). */
export type HandlerInput<M extends BridgeMethodName> = z.output<BridgeContract[M]['input']>;

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

export interface DirectAccess {
  /** The diff of the pending import `importId` (the one this command stored) against the confirmed data. */
  pendingDiff(brin6: string, importId: number): SchoolDataDiff | null;
  confirmedData(brin6: string): SchoolData | null;
  kurveExport(brin6: string, options: { korteSchoolnaam?: string }): Promise<KurveExport>;
  pushUntilIdle(brin6: string, options: { baseUrl: string; token: string; maxMs: number }): Promise<PushResult>;
  /**
   * The guard against destructive files for the pending import `importId` (null when another is pending by now),
   * from the diff the command already has: no second diff with names (a 30,000-pupil diff takes most of a second).
   */
  guard(brin6: string, importId: number, diff?: SchoolDataDiff): RemovalGuard | null;
  /** A held pending import the command will not confirm after all (the guard said no): another file may replace it. */
  releaseHold(brin6: string, importId: number): void;
  /** The sign-in of `sync` on the command line: a token for this run only, never stored. */
  createSession(baseUrl: string, brin6: string, username: string, password: string): Promise<SignInResult>;
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
  // A proxy that wants a sign-in: the window asks (a bridge event); the CLI cannot ask and says what to set instead.
  const proxyLogins = new ProxyLogins(
    options.mode === 'cli'
      ? null
      : (request) => {
          if (listeners.size === 0) return false;
          emit('network:proxy-login', request);
          return true;
        },
  );
  // The transport, made again when the school's certificates change (Support en updates).
  const makeTransport = (): Transport => {
    const fromPolicy = policyCaFile(readPolicy(options.desktop?.policyFiles ?? []));
    const policyFile = fromPolicy ? { path: fromPolicy, text: readText(fromPolicy) } : null;
    let plan = transportPlan({ electron: options.transportFactory !== undefined, caFile: options.caFile ?? null, policyCaFile: policyFile, settingPem: settings.getSchoolCertificates() });
    if (!plan.ok) {
      // IT's policy names a certificate that cannot be used: said at the top of the window; the rest still works.
      const { message } = plan;
      if (!notices.some((n) => n.message === message)) notices.push({ level: 'warning', message });
      plan = transportPlan({ electron: options.transportFactory !== undefined, caFile: options.caFile ?? null, settingPem: settings.getSchoolCertificates() });
    }
    const extra = plan.ok && plan.extraPem ? { pem: plan.extraPem, source: plan.extraSource ?? 'instelling' } : null;
    return options.transportFactory ? options.transportFactory(extra) : nodeTransport({
          extraPem: extra?.pem ?? null,
          extraSource: extra?.source ?? null,
          ...(options.env ? { env: options.env } : {}),
          ...(options.mode === 'cli' ? {} : { proxyLogin: (proxy: string) => proxyLogins.request(proxy) }),
        });
  };
  let transport = makeTransport();
  const renewTransport = () => {
    const old = transport;
    transport = makeTransport();
    void old.close();
  };
  const schoolCertificates = () => {
    const pem = settings.getSchoolCertificates();
    const parsed = pem ? parseCertificates(pem) : null;
    return { certificates: parsed?.ok ? [...parsed.certificates] : [] };
  };
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
        () => transport,
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
  const uploads = new UploadStaging(path.join(options.dataDir, 'uploads'));
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
  /** Step 3's work: on the import thread in the app, on the CLI's own thread (review.ts). */
  const review = <J extends ReviewJob>(job: J): Promise<ReviewResult<J['action']>> => {
    const db = requireDb();
    if (options.mode === 'cli') return import('../edexml/review').then(({ runReview }) => runReview(db, job) as ReviewResult<J['action']>);
    return edexmlWorker.review(database!.file, job);
  };
  const importDeps = () => ({ db: requireDb(), databaseFile: database!.file, uploads, worker: edexmlWorker, onProgress: (progress: ImportProgress) => emit('import:progress', progress), today: today() });
  /** The support log's line of every read file (counts and codes only). */
  const logRead = (brin6: string, outcome: string, report: ImportReport | null, started: number) =>
    log.info('import.read', {
      brin6,
      outcome,
      leerlingen: report?.counts.leerlingen ?? 0,
      groepen: report?.counts.groepen ?? 0,
      errors: report?.findings.filter((f) => f.severity === 'error').length ?? 0,
      findings: report?.findingsTotal ?? 0,
      ms: Date.now() - started,
    });

  const handlers: Handlers = {
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
    'import:start': async ({ brin6, uploadId, hold }) => {
      const started = Date.now();
      const outcome = await startImport(importDeps(), brin6, uploadId, hold === true);
      logRead(brin6, outcome.kind, outcome.report, started);
      return outcome;
    },
    'import:route': async ({ uploadId, brin6, hold }) => {
      const started = Date.now();
      const routed = await routeImport(importDeps(), uploadId, brin6, hold === true);
      logRead(routedBrin6(routed) ?? '-', routed.kind, 'report' in routed ? routed.report : null, started);
      return routed;
    },
    'import:get-state': ({ brin6 }) => importState(requireDb(), brin6),
    // Step 3's diff, confirm and CSV on the import thread (the CLI: its own thread): a 30,000-pupil diff never holds
    // up the thread that answers the window.
    'import:get-diff': ({ brin6 }) => review({ action: 'diff', brin6, thresholdPercent: settings.get().removalThresholdPercent }),
    'import:confirm': async ({ brin6, importId, acknowledge }) => {
      const state = await review({ action: 'confirm', brin6, importId, thresholdPercent: settings.get().removalThresholdPercent, ...(acknowledge !== undefined ? { acknowledge } : {}) });
      log.info('import.confirm', { brin6, leerlingen: state.confirmed?.counts.leerlingen ?? 0, groepen: state.confirmed?.counts.groepen ?? 0, acknowledged: acknowledge !== undefined });
      if (sync) emit('sync:status', sync.status());
      kickSync(brin6);
      return state;
    },
    'import:discard': ({ brin6 }) => discardImport(requireDb(), brin6),
    'import:export-diff': ({ brin6 }) => {
      requireLocation(requireDb(), brin6);
      return review({ action: 'export-diff', brin6, today: today().toISOString() });
    },
    'import:list-history': ({ brin6 }) => {
      requireLocation(requireDb(), brin6);
      return importHistory(requireDb(), brin6);
    },
    'import:restore': ({ brin6, importId }) => {
      requireLocation(requireDb(), brin6);
      restoreImport(requireDb(), brin6, importId ?? null);
      log.info('import.restore', { brin6, importId: importId ?? null });
      return importState(requireDb(), brin6);
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
    'network:check-connection': async (input) => {
      const brin6 = input?.brin6;
      if (brin6) requireLocation(requireDb(), brin6);
      const report = await checkConnection({
        transport,
        baseUrl: settings.get().apiBaseUrl,
        token: brin6 ? vault.load(brin6) : null,
        noTokenNote: brin6 ? `Niet aangemeld voor ${brin6}: meld je aan in stap 1 om te zien welk adres de dienst van deze pc ziet.` : 'Kies een locatie en meld je aan om te zien welk adres de dienst van deze pc ziet.',
      });
      log.info('network.check', { transport: report.transport, proxy: report.proxy !== null, extra: report.extraCertificates !== null, status: report.health.status, cause: report.health.problem?.code ?? null });
      return report;
    },
    'network:answer-proxy-login': ({ id, username, password }) => ({ accepted: proxyLogins.answer(id, { username, password }) }),
    'network:cancel-proxy-login': ({ id }) => ({ accepted: proxyLogins.answer(id, null) }),
    'network:get-certificates': () => schoolCertificates(),
    'network:set-certificates': ({ uploadId }) => {
      const upload = uploads.get(uploadId);
      let text: string;
      try {
        if (upload.size > 1_000_000) throw new ServiceError('invalid-input', 'Dit bestand is te groot voor een certificaat (meer dan 1 MB). Kies het certificaat van de school (.pem of .crt).', [{ path: ['uploadId'], message: 'Kies het certificaat van de school (.pem of .crt).' }]);
        text = fs.readFileSync(upload.file, 'latin1');
      } finally {
        uploads.remove(uploadId);
      }
      const parsed = parseCertificates(text);
      if (!parsed.ok) throw new ServiceError('invalid-input', parsed.message, [{ path: ['uploadId'], message: parsed.message }]);
      settings.setSchoolCertificates(parsed.pem);
      renewTransport();
      log.info('network.certificates', { count: parsed.certificates.length });
      if (sync) void sync.probe();
      return schoolCertificates();
    },
    'network:clear-certificates': () => {
      settings.setSchoolCertificates(null);
      renewTransport();
      log.info('network.certificates', { count: 0 });
      return schoolCertificates();
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

  const direct: DirectAccess = {
    pendingDiff: (brin6, importId) => pendingDiff(requireDb(), brin6, importId),
    releaseHold: (brin6, importId) => releaseHold(requireDb(), brin6, importId),
    guard: (brin6, importId, diff) => (importIdOf(requireDb(), brin6, 'pending') === importId ? pendingGuard(requireDb(), brin6, settings.get().removalThresholdPercent, diff) : null),
    confirmedData: (brin6) => loadImport(requireDb(), brin6, 'confirmed'),
    kurveExport: async (brin6, options) => (await kurve()).buildKurveExport(requireDb(), brin6, { ...options, now: today() }),
    async pushUntilIdle(brin6, push) {
      const db = requireDb();
      // Like a round: the Numo/allowlist versions first (If-Match), then the queue until it is empty.
      for (const puller of syncRegistry.pullers.filter((p) => p.phase === 'before-push')) await puller.pull(db, brin6, { ...push, transport }, false);
      return pushUntilIdle(db, brin6, { registry: syncRegistry, ...push, transport });
    },
    createSession: (baseUrl, brin6, username, password) => createSession({ baseUrl, transport }, brin6, username, password),
  };

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
    transport: () => transport,
    proxyLogins,
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    close() {
      closed = true;
      sync?.stop();
      void transport.close();
      void edexmlWorker.close();
      database?.db.close();
    },
  };
}
