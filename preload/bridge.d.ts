import type { BridgeApi } from '../shared/bridge';

/** What the preload puts on `window` (absent in browser mode). The renderer's only view of the preload. */
declare global {
  interface Window {
    readonly beheerconsole?: BridgeApi;
  }
}

export {};
