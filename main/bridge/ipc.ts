import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { UPLOAD_CHANNEL, bridgeMethodNames } from '../../shared/bridge';
import { receiveUpload } from '../uploads/receive';
import type { UploadStaging } from '../uploads/staging';
import { isTrustedSender } from '../window/security';
import type { Dispatch } from './registry';

/**
 * Electron transport: one `ipcMain.handle` per contract method, channel name = method name, plus the file hand-over
 * channel. The sender check runs on every call (own origin, top frame); the dispatcher validates the payload, and
 * `receiveUpload` the file's name and bytes.
 */
export function registerIpcHandlers(dispatch: Dispatch, origins: readonly string[], uploads: UploadStaging): void {
  const isTrusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null, origins);
  };
  for (const method of bridgeMethodNames) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, input: unknown) => {
      const trusted = isTrusted(event);
      return dispatch(method, input, { trusted });
    });
  }
  ipcMain.handle(UPLOAD_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, bytes: unknown) => receiveUpload(uploads, isTrusted(event), name, bytes));
}
