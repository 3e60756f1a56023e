import path from 'node:path';
import { EdexmlWorker } from '../imports/run-in-worker';
import { UploadStaging } from '../uploads/staging';
import { UpdateController } from '../updates/updates';
import { NO_POLICY } from '../policy/policy';
import type { EventListener, Handlers } from '../capability/handlers';
import { auditApp } from '../audit/app';
import { numoApp } from '../numo/app';
import { allowlistApp } from '../allowlist/app';
import { planApp } from '../plan/app';
import { rolloverApp } from '../rollover/app';
import { usersApp } from '../users/app';
import { rosterApp } from '../roster/app';
import { importsApp } from '../imports/app';
import { locationsApp } from '../overview/app';
import { shellMethods } from './shell';
import { syncMethods } from './sync-methods';
import { createNetwork } from './network';
import { cliMethodsOf } from './cli-methods';
import { createContext } from './context';
import { openStores } from './open';
import type { Services, ServicesOptions } from './services-api';

export type { AppMode, Services, ServicesOptions } from './services-api';
export type { DesktopHooks } from './shell';
export type { EventListener, HandlerInput, Handlers } from '../capability/handlers';

/**
 * The contract's methods, each exactly once: a capability that forgets one, or registers one the contract does not
 * know, fails to compile here.
 */
function exactly<T extends Handlers>(handlers: T & Record<Exclude<keyof T, keyof Handlers>, never>): Handlers {
  return handlers;
}

/**
 * The composition root: starts everything main owns, the same way for Electron, browser mode and the CLI (the three
 * differ only in transport, never in behaviour), and registers each capability's methods. Nothing else lives here:
 * a new bridge method goes in its capability's `app.ts`, a synced resource in main/app/sync-resources.ts.
 */
export function createServices(options: ServicesOptions): Services {
  const stores = openStores(options);
  const { log, settings, database, notices, getInfo } = stores;
  const listeners = new Set<EventListener>();
  const emit: EventListener = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const uploads = new UploadStaging(path.join(options.dataDir, 'uploads'));
  const network = createNetwork({
    mode: options.mode,
    policyCaFile: (options.policy ?? NO_POLICY).values['network.caFile'] ?? null,
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
  const { ctx, sync, subscribe, close } = createContext(options, stores, { listeners, emit, uploads, transport: network.transport });
  const updates = new UpdateController({
    updater: options.desktop?.updater ?? null,
    policy: () => options.policy ?? NO_POLICY,
    settingEnabled: () => settings.getUpdatesEnabled(),
    setSettingEnabled: (enabled) => settings.setUpdatesEnabled(enabled),
    pendingChanges: () => sync?.status().pendingChanges ?? 0,
    onChange: (state) => emit('app:update', state),
    log,
  });
  // The CLI only waits while it imports: it reads and writes on its own thread, through its own connection (run-in-worker.ts).
  const edexmlWorker = new EdexmlWorker(options.mode === 'cli' && database ? { here: () => database.db } : { databaseKey: database?.key ?? null });
  if (options.mode !== 'cli' && database) edexmlWorker.prepare();

  const handlers = exactly({
    ...shellMethods(ctx, { getInfo, updates, desktop: options.desktop, policy: options.policy ?? NO_POLICY }),
    ...locationsApp(ctx),
    ...importsApp(ctx, { database, edexmlWorker }),
    ...rosterApp(ctx),
    ...usersApp(ctx),
    ...auditApp(ctx),
    ...syncMethods(ctx, subscribe),
    ...network.handlers({ requireDb: ctx.requireDb, vault: ctx.vault, sync: () => sync }),
    ...numoApp(ctx),
    ...allowlistApp(ctx),
    ...planApp(ctx),
    ...rolloverApp(ctx),
  });

  return {
    handlers,
    cli: cliMethodsOf(ctx),
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
      close();
      void network.close();
      void edexmlWorker.close();
      database?.db.close();
    },
  };
}
