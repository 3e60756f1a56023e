import type { CapabilityContext } from '../capability/context';
import type { EventListener } from '../capability/handlers';
import { ServiceError } from '../errors/service-error';
import { listLocations } from '../locations/locations';
import { scrubFreedPages } from '../db/scrub';
import { SyncService, memoryVault } from '../sync';
import type { Transport } from '../transport/transport';
import type { UploadStaging } from '../uploads/staging';
import type { OpenedStores } from './open';
import type { ServicesOptions } from './services-api';
import { syncRegistry } from './sync-resources';

const UNAVAILABLE = 'De lokale gegevens konden niet worden geopend. Lees de melding bovenaan het venster.';

/**
 * The event bus, the sync engine and what every capability gets (CapabilityContext), with the cross-cutting part of
 * a change written once: `mutation` tells the status bar and, in the window, sends the queue in the background.
 */
export function createContext(
  options: ServicesOptions,
  stores: OpenedStores,
  wiring: { readonly listeners: Set<EventListener>; readonly emit: EventListener; readonly uploads: UploadStaging; readonly transport: () => Transport },
) {
  const { settings, database, log } = stores;
  const { emit, uploads, transport } = wiring;
  const vault = options.vault ?? memoryVault();
  let closed = false;
  const sync: SyncService | null = database
    ? new SyncService(
        database.db,
        settings,
        vault,
        { registry: syncRegistry, locations: () => listLocations(database.db).map((l) => l.brin6) },
        () => {
          // A probe that answers after close (the CLI's, a test's) has nobody to tell, and no database to ask.
          if (!closed) emit('sync:status', sync!.status());
        },
        (round) => {
          log.info('sync.round', round);
          // A delivered deletion, a colleague the feed removed, a roster replaced: what the round deleted is gone from
          // the file too (issue 34). A round without an answer wrote nothing.
          if (round.outcome !== 'offline' && !closed) scrubFreedPages(database.db);
          emit('sync:round', { brin6: round.brin6, outcome: round.outcome, sent: round.sent, failed: round.failed, pending: round.pending });
        },
        transport,
      )
    : null;
  const requireDb = () => {
    if (!database) throw new ServiceError('unavailable', UNAVAILABLE);
    return database.db;
  };
  const requireSync = () => {
    if (!sync) throw new ServiceError('unavailable', UNAVAILABLE);
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
    today: () => options.today?.() ?? new Date(),
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
  const subscribe = (listener: EventListener) => {
    wiring.listeners.add(listener);
    return () => void wiring.listeners.delete(listener);
  };
  return {
    ctx,
    sync,
    subscribe,
    close: () => {
      closed = true;
      sync?.stop();
    },
  };
}
