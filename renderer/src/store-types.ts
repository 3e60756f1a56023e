/** The shell's and the location store's shapes (renderer/src/store.ts holds the stores). */
import type { BridgeError, ImportProgress, LocationOverview, SyncRound } from '../../shared/bridge';

/**
 * The screens: the multi-location overview, steps 1–8 of the current location, "wie ziet wat", the log, and the
 * location's Numo coupling, test-taking IP allowlist and school-year plan.
 */
export type View =
  | 'overview'
  | LocationOverview['steps'][number]['id']
  | 'add-users'
  | 'assign-roles'
  | 'invite'
  | 'who-sees-what'
  | 'audit'
  | 'numo'
  | 'allowlist'
  | 'plan'
  | 'rollover';

/** A short-lived message after an action ("Locatie toegevoegd"), read out by screen readers. */
export interface Toast {
  readonly id: number;
  readonly message: string;
}

export interface SyncAllRun {
  readonly running: boolean;
  /** The locations that take part (signed in when it started). */
  readonly signedIn: readonly string[];
  readonly rounds: Readonly<Record<string, SyncRound>>;
  readonly notSignedIn: ReadonlyArray<{ readonly brin6: string; readonly pending: number }>;
  readonly error: BridgeError | null;
}

/** An import in progress: the file is handed over, then read in main's worker. */
export interface ImportRun {
  readonly fileName: string;
  readonly stage: 'uploading' | 'reading';
  readonly progress: ImportProgress | null;
}
