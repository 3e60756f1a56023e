import type { z } from 'zod';
import { syncStatusSchema } from './sync';

/**
 * What main pushes to the renderer, by name, with the schema of its payload. Why: the renderer never polls the
 * remote API (nor main): it is told when sync status changes.
 */
export const bridgeEvents = {
  'sync:status': syncStatusSchema,
} as const;

export type BridgeEventName = keyof typeof bridgeEvents;
export type BridgeEventPayload<E extends BridgeEventName> = z.output<(typeof bridgeEvents)[E]>;

export function isBridgeEventName(name: string): name is BridgeEventName {
  return Object.hasOwn(bridgeEvents, name);
}

/** Subscribes to one event; returns the function that ends the subscription. */
export type Subscribe = <E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void) => () => void;
