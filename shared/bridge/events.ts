import { z } from 'zod';
import { syncRoundSchema, syncStatusSchema } from './sync';
import { updateStateSchema } from './app';
import { proxyLoginRequestSchema } from './network';

/** Progress of reading an EDEXML file in the worker (step 2): phase and bytes. */
export const importProgressSchema = z.object({
  brin6: z.string(),
  phase: z.enum(['lezen', 'controleren', 'opslaan', 'klaar']),
  bytesRead: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

/**
 * What main pushes to the renderer, by name, with the schema of its payload. Why: the renderer never polls the
 * remote API (nor main): it is told when sync status changes.
 */
export const bridgeEvents = {
  'sync:status': syncStatusSchema,
  'import:progress': importProgressSchema,
  /** One location's round finished (the overview table shows "Alles synchroniseren" per location). */
  'sync:round': syncRoundSchema,
  /** A new version is being fetched or is ready; the renderer shows "Nieuwe versie klaar — herstart om bij te werken". */
  'app:update': updateStateSchema,
  /** The school's proxy wants a user name and password (407): the window asks, `network:answer-proxy-login` answers. */
  'network:proxy-login': proxyLoginRequestSchema,
  /** Electron: a menu entry the window carries out (Bestand → Support en updates, Help → Verbinding testen). */
  'app:menu': z.object({ command: z.enum(['support', 'check-connection']) }),
  /** Electron: the admin chose Opslaan when closing the window with unsaved work; the page saves, then closes. */
  'window:save-before-close': z.object({}),
} as const;

export type BridgeEventName = keyof typeof bridgeEvents;
export type BridgeEventPayload<E extends BridgeEventName> = z.output<(typeof bridgeEvents)[E]>;

export function isBridgeEventName(name: string): name is BridgeEventName {
  return Object.hasOwn(bridgeEvents, name);
}

/** Subscribes to one event; returns the function that ends the subscription. */
export type Subscribe = <E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void) => () => void;
