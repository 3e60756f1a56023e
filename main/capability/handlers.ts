import type { z } from 'zod';
import type { BridgeContract, BridgeEventName, BridgeMethodName, BridgeOutput } from '../../shared/bridge';

/** A main→renderer event: its name and its payload (checked against shared/bridge/events.ts by the tests). */
export type EventListener = (name: BridgeEventName, payload: unknown) => void;

/** The implementation of each bridge method: validated input in, plain output out (the registry wraps it). */
export type Handlers = {
  readonly [M in BridgeMethodName]: (input: HandlerInput<M>) => BridgeOutput<M> | Promise<BridgeOutput<M>>;
};

/** What a handler receives: the input after the contract's schema parsed it (trimmed, upper-cased, defaults). */
export type HandlerInput<M extends BridgeMethodName> = z.output<BridgeContract[M]['input']>;

