/**
 * The only thing that crosses into the renderer: one object with a function per contract method, plus `subscribe`
 * for main's events (filtered to the known event names), and `uploadFile` for a file the user chose. No generic
 * invoke/send, no Node, no Electron objects.
 * Runs sandboxed (bundled to one CommonJS file).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { BRIDGE_EVENT_CHANNEL, BRIDGE_GLOBAL, UPLOAD_CHANNEL, bridgeMethodNames, isBridgeEventName } from '../shared/bridge';
import type { BridgeApi, Subscribe, UploadFile } from '../shared/bridge';

const subscribe: Subscribe = (event, listener) => {
  if (!isBridgeEventName(event)) throw new Error(`Unknown event ${String(event)}`);
  const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) listener(payload as never);
  };
  ipcRenderer.on(BRIDGE_EVENT_CHANNEL, handler);
  return () => void ipcRenderer.removeListener(BRIDGE_EVENT_CHANNEL, handler);
};

/** The file the user chose, as name and bytes over the one upload channel; main stages it and returns its id. */
const uploadFile: UploadFile = async (file, name) => ipcRenderer.invoke(UPLOAD_CHANNEL, name, await file.arrayBuffer());

const api = Object.freeze({
  ...Object.fromEntries(bridgeMethodNames.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(method, input)])),
  subscribe,
  uploadFile,
}) as unknown as BridgeApi;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
