import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { bridgeMethodNames } from '../../shared/bridge';
import { isTrustedSender } from '../window/security';
import type { Dispatch } from './registry';

/**
 * Electron transport: one `ipcMain.handle` per contract method, channel name = method name.
 * The sender check runs on every call (own origin, top frame); the dispatcher validates the payload.
 */
export function registerIpcHandlers(dispatch: Dispatch, origins: readonly string[]): void {
  for (const method of bridgeMethodNames) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null, origins);
      return dispatch(method, input, { trusted });
    });
  }
}
