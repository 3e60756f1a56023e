/**
 * The only thing that crosses into the renderer: one object with a function per contract method.
 * No generic invoke/send, no Node, no Electron objects. Runs sandboxed (bundled to one CommonJS file).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, bridgeMethodNames } from '../shared/bridge';
import type { BridgeApi } from '../shared/bridge';

const api = Object.freeze(
  Object.fromEntries(
    bridgeMethodNames.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(method, input)]),
  ),
) as BridgeApi;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
