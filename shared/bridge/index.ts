import type { z } from 'zod';
import { appMethods } from './app';
import { importsMethods } from './imports';
import { locationsMethods } from './locations';
import { rosterMethods } from './roster';
import { usersMethods } from './users';
import { auditMethods } from './audit';
import { settingsMethods } from './settings';
import { syncMethods } from './sync';
import { numoMethods } from './numo';
import { allowlistMethods } from './allowlist';
import { planMethods } from './plan';
import { networkMethods } from './network';
import { rolloverMethods } from './rollover';
import type { BridgeResult, MethodSpec } from './contract';

export * from './contract';
export { fieldIssues } from './field-issues';
export * from './app';
export * from './locations';
export * from './imports';
export * from './roster';
export * from './users';
export * from './audit';
export * from './uploads';
export * from './settings';
export * from './sync';
export * from './numo';
export * from './allowlist';
export * from './plan';
export * from './network';
export * from './rollover';
export * from './events';
import type { Subscribe } from './events';
import type { UploadFile } from './uploads';

/**
 * The one bridge contract: every method any process may call on main, by `domain:verb-noun` name.
 * Why one object: main registers exactly these, the preload exposes exactly these, HTTP serves exactly these.
 */
export const bridgeContract = {
  ...appMethods,
  ...locationsMethods,
  ...importsMethods,
  ...rosterMethods,
  ...usersMethods,
  ...auditMethods,
  ...settingsMethods,
  ...syncMethods,
  ...numoMethods,
  ...allowlistMethods,
  ...planMethods,
  ...networkMethods,
  ...rolloverMethods,
} as const satisfies Record<string, MethodSpec>;

export type BridgeContract = typeof bridgeContract;
export type BridgeMethodName = keyof BridgeContract & string;
export type BridgeInput<M extends BridgeMethodName> = z.input<BridgeContract[M]['input']>;
export type BridgeOutput<M extends BridgeMethodName> = z.output<BridgeContract[M]['output']>;

/** The method names, in a stable order; the preload builds its object from this list. */
export const bridgeMethodNames = Object.keys(bridgeContract).sort() as BridgeMethodName[];

export function isBridgeMethodName(name: string): name is BridgeMethodName {
  return Object.hasOwn(bridgeContract, name);
}

/**
 * What the renderer sees: one function per method. Methods without input take no argument.
 * Why: the transport (preload IPC or HTTP) is invisible behind this type.
 */
export type BridgeApi = {
  readonly [M in BridgeMethodName]: undefined extends BridgeInput<M>
    ? (input?: BridgeInput<M>) => Promise<BridgeResult<BridgeOutput<M>>>
    : (input: BridgeInput<M>) => Promise<BridgeResult<BridgeOutput<M>>>;
} & {
  /** Events from main (see events.ts). */
  readonly subscribe: Subscribe;
  /** Hands a file the user chose to main (see uploads.ts); `import:start` takes the id it returns. */
  readonly uploadFile: UploadFile;
};

/** The IPC channel main sends events on (name, payload); the preload filters by name. */
export const BRIDGE_EVENT_CHANNEL = 'bridge:event' as const;

/** The name under which the preload puts the bridge on `window`. */
export const BRIDGE_GLOBAL = 'beheerconsole' as const;
