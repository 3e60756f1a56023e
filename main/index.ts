/**
 * Electron main entry. Thin: it builds the same services as browser mode and the CLI, then adds the
 * window, the app:// protocol and the IPC transport. Everything else lives in the capability folders.
 */
import { app, dialog, safeStorage } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataDirArg } from './app/args';
import { BRIDGE_EVENT_CHANNEL } from '../shared/bridge';
import { createServices } from './app/services';
import type { Services } from './app/services';
import { memoryVault } from './sync/service';
import type { TokenVault } from './sync/service';
import { registerIpcHandlers } from './bridge/ipc';
import { createDispatcher } from './bridge/registry';
import { APP_ORIGIN, allowedOrigins } from './window/security';
import { createMainWindow, registerAppScheme, serveRenderer } from './window/window';

const dataDir = readDataDirArg(process.argv);
if (dataDir) app.setPath('userData', dataDir);

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

let services: Services | undefined;

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  try {
    const dataDir = app.getPath('userData');
    services = createServices({ dataDir, mode: 'electron', version: app.getVersion(), vault: keychainVault(dataDir) });
    services.sync?.start();
  } catch (error) {
    dialog.showErrorBox('Beheerconsole kan niet starten', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const origins = allowedOrigins(devServerUrl);
  serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));
  registerIpcHandlers(createDispatcher(services.handlers, (line) => console.error(line)), origins, services.uploads);
  const window = createMainWindow({
    preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    origins,
    settings: services.settings,
  });
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(BRIDGE_EVENT_CHANNEL, name, payload);
  });
  window.on('closed', unsubscribe);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => services?.close());

/**
 * Sign-in tokens encrypted with the OS keychain (DPAPI on Windows: bound to this Windows user, so another account
 * on a shared school PC cannot use them). Without a real keychain (Linux `basic_text`) tokens stay in memory only.
 * A token that cannot be decrypted means: sign in again.
 */
function keychainVault(dataDir: string): TokenVault {
  const usable =
    safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (!usable) return memoryVault();
  const file = path.join(dataDir, 'tokens.encrypted.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(all));
    fs.renameSync(`${file}.tmp`, file);
  };
  return {
    load(brin6) {
      const sealed = read()[brin6];
      if (!sealed) return null;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        return null;
      }
    },
    save(brin6, token) {
      write({ ...read(), [brin6]: safeStorage.encryptString(token).toString('base64') });
    },
    clear(brin6) {
      const { [brin6]: _removed, ...rest } = read();
      write(rest);
    },
  };
}
