/**
 * Electron main entry. Thin: it builds the same services as browser mode and the CLI, then adds the
 * window, the app:// protocol and the IPC transport. Everything else lives in the capability folders.
 */
import { app, dialog } from 'electron';
import { fileURLToPath } from 'node:url';
import { readDataDirArg } from './app/args';
import { createServices } from './app/services';
import type { Services } from './app/services';
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
    services = createServices({ dataDir: app.getPath('userData'), mode: 'electron', version: app.getVersion() });
  } catch (error) {
    dialog.showErrorBox('Beheerconsole kan niet starten', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const origins = allowedOrigins(devServerUrl);
  serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));
  registerIpcHandlers(createDispatcher(services.handlers, (line) => console.error(line)), origins);
  const window = createMainWindow({
    preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    origins,
    settings: services.settings,
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => services?.close());
