import type { BridgeApi, BridgeInput, BridgeMethodName, BridgeOutput, BridgeResult } from '../../shared/bridge';

let bridge: BridgeApi | null = null;

/** The shell's load hands the bridge over once (Electron's preload object, or browser mode's HTTP client). */
export function setBridge(b: BridgeApi): void {
  bridge = b;
}

/** Calls main; a missing bridge (should not happen after load) is a Dutch error like any other. */
export async function call<M extends BridgeMethodName>(
  method: M,
  ...input: undefined extends BridgeInput<M> ? [BridgeInput<M>?] : [BridgeInput<M>]
): Promise<BridgeResult<BridgeOutput<M>>> {
  if (!bridge) return { ok: false, error: { code: 'unavailable', message: 'De console is nog niet gestart. Laad het venster opnieuw.' } };
  const fn = bridge[method] as (i?: unknown) => Promise<BridgeResult<BridgeOutput<M>>>;
  return fn(input[0]);
}

export function getBridge(): BridgeApi | null {
  return bridge;
}

