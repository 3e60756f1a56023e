import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { method, noInput } from './contract';
import { networkProblemSchema } from './network';

/** Whether one whole document (Numo, the IP allowlist) reached the service. synced: the service has this version; pending: queued; failed / conflict: see `message` (Dutch). */
export const syncStateSchema = z.object({
  state: z.enum(['synced', 'pending', 'failed', 'conflict']),
  message: z.string().nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

/**
 * Why: the status bar must tell a coordinator honestly whether work has reached the central service.
 * `not-configured` until an API address is set; `unknown` until the service was asked (never shown as offline);
 * then online (it answered) or offline (it could not be reached), with since when.
 */
/** What one sync round of one location did (also the `sync:round` event, as each location finishes). */
export const syncRoundSchema = z.object({
  brin6: z.string(),
  outcome: z.enum(['ok', 'offline', 'sign-in', 'error']),
  sent: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative().nullable(),
});
export type SyncRound = z.infer<typeof syncRoundSchema>;

export const syncStatusSchema = z.object({
  connection: z.enum(['not-configured', 'unknown', 'online', 'offline']),
  /** While offline: since when the service could not be reached. */
  offlineSince: z.string().nullable(),
  /**
   * Why the service gave no answer (issue 30): offline, proxy, tls (certificate), diverted (a web filter or sign-in
   * page answered), timeout or service; `code` is `cause.detail` for support; `message` is Dutch with the next step.
   */
  problem: networkProblemSchema.nullable(),
  /** When the next background round runs (it also checks for activated invitations); null when none is planned. */
  nextRoundAt: z.string().nullable(),
  pendingChanges: z.number().int().nonnegative(),
  /** Per location: queued, refused, conflicting and delayed changes, last success and last error (Dutch), signed in or not. */
  locations: z.array(
    z.object({
      brin6: z.string(),
      pending: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      conflicts: z.number().int().nonnegative(),
      /** Queued changes that keep failing to arrive (tried 3 times, or failing for over a minute): still retried. */
      delayed: z.number().int().nonnegative(),
      /** The reason for the oldest delayed change (Dutch, from the service or the network); null when none. */
      delayedReason: z.string().nullable(),
      /** The last round in which everything that was tried arrived; never just "one request answered". */
      lastSuccessAt: z.string().nullable(),
      lastError: z.string().nullable(),
      signedIn: z.boolean(),
      /** The service's reason the last sign-in was refused (wrong password, account of another BRIN6), until one succeeds. */
      signInRefused: z.string().nullable(),
    }),
  ),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncMethods = {
  'sync:sign-in': method({
    summary: 'Aanmelden bij de centrale dienst met het portaalaccount van één locatie (BRIN6).',
    input: z.object({
      brin6: brin6Schema,
      username: z.string().min(1, { message: 'Vul je gebruikersnaam in.' }).max(256),
      password: z.string().min(1, { message: 'Vul je wachtwoord in.' }).max(1024),
    }),
    output: syncStatusSchema,
  }),
  'sync:sign-out': method({
    summary: 'Afmelden voor één locatie: het sleutelbewijs wordt vergeten; de wachtrij blijft bewaard.',
    input: z.object({ brin6: brin6Schema }),
    output: syncStatusSchema,
  }),
  'sync:sync-all': method({
    summary: 'Synchroniseert elke aangemelde locatie, elk met haar eigen account; noemt de locaties die eerst een aanmelding nodig hebben.',
    input: noInput,
    output: z.object({
      status: syncStatusSchema,
      /** Per signed-in location, in the order they ran: what the round did. */
      rounds: z.array(syncRoundSchema),
      /** Locations without a sign-in: nothing was sent for them (never with another location's account). */
      notSignedIn: z.array(z.object({ brin6: z.string(), pending: z.number().int().nonnegative() })),
    }),
  }),
  'sync:sync-now': method({
    summary: 'Verstuurt de wachtrij en haalt wijzigingen op, nu.',
    input: z.object({ brin6: z.string().optional() }).optional(),
    output: syncStatusSchema,
  }),
  'sync:get-status': method({
    summary: 'Verbinding met de centrale dienst en het aantal wijzigingen dat nog moet worden verstuurd.',
    input: noInput,
    output: syncStatusSchema,
  }),
};
