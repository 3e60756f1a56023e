import { create } from 'zustand';
import type { AppInfo, BridgeApi, BridgeError, Location, SyncStatus } from '../../shared/bridge';

/** The shell's state: what main told us, and the one Dutch error to show when a call failed. */
export interface ShellState {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly info: AppInfo | null;
  readonly locations: readonly Location[];
  readonly status: SyncStatus | null;
  readonly error: BridgeError | null;
  load(bridge: BridgeApi): Promise<void>;
}

let subscribed = false;

export const useShell = create<ShellState>()((set) => ({
  phase: 'loading',
  info: null,
  locations: [],
  status: null,
  error: null,
  async load(bridge) {
    const info = await bridge['app:get-info']();
    if (!info.ok) {
      set({ phase: 'failed', error: info.error });
      return;
    }
    const [locations, status] = await Promise.all([bridge['locations:list-all'](), bridge['sync:get-status']()]);
    set({
      phase: 'ready',
      info: info.value,
      // A refused database still lets the shell open; the notice says why there are no locations.
      locations: locations.ok ? locations.value : [],
      status: status.ok ? status.value : null,
      error: status.ok ? null : status.error,
    });
    // From here on, main tells us when the sync status changes (once, however often the shell loads).
    if (!subscribed) {
      subscribed = true;
      bridge.subscribe('sync:status', (next) => set({ status: next }));
    }
  },
}));
