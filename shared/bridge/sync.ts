import { z } from 'zod';
import { method, noInput } from './contract';

/**
 * Why: the status bar must tell a coordinator honestly whether work has reached the central service.
 * `not-configured` until an API address is set; the sync engine fills in online/offline later.
 */
export const syncStatusSchema = z.object({
  connection: z.enum(['not-configured', 'online', 'offline']),
  pendingChanges: z.number().int().nonnegative(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncMethods = {
  'sync:get-status': method({
    summary: 'Verbinding met de centrale dienst en het aantal wijzigingen dat nog moet worden verstuurd.',
    input: noInput,
    output: syncStatusSchema,
  }),
};
