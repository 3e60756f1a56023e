import type Database from 'better-sqlite3';
import type { AppInfo } from '../../shared/bridge';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings';
import type { SyncService, TokenVault } from '../sync';
import type { UploadStaging } from '../uploads/staging';
import type { EventListener } from './handlers';

/**
 * What every capability's handlers (`main/<cap>/app.ts`) get from the composition root (main/app/services.ts), and
 * nothing more. A capability registers its bridge methods against this, so adding a method touches the contract
 * (`shared/bridge/<cap>.ts`), the capability's own `app.ts` and its screen — never services.ts.
 */
export interface CapabilityContext {
  readonly mode: AppInfo['mode'];
  /** The open cache; a refused file answers every method with the Dutch reason (the notice at the top says more). */
  requireDb(): Database.Database;
  readonly settings: SettingsStore;
  readonly uploads: UploadStaging;
  readonly log: Logger;
  /** Where sign-in tokens are kept (encrypted in Electron). */
  readonly vault: TokenVault;
  /** "Today" (tests set it): school years, plans, file names. */
  today(): Date;
  /** Events to the renderer. */
  readonly emit: EventListener;
  /** The sync engine, or null when the database was refused. */
  sync(): SyncService | null;
  requireSync(): SyncService;
  /**
   * The cross-cutting part of every method that changes a location's data, written on the handler's own line:
   * `ctx.mutation(brin6, addUser(…))` — the status bar counts the queued change at once, and the queue goes out in the
   * background when a service is configured (not in the CLI, which ends right after and sends with its own `sync`).
   */
  mutation<T>(brin6: string, value: T): T;
  /** The status bar after something that changes no queue of one location (a location removed). */
  statusChanged(): void;
}
