/**
 * Electron main entry. Thin: it builds the same services as browser mode and the CLI, then adds the
 * window, the app:// protocol and the IPC transport. Everything else lives in the capability folders.
 *
 * One executable, two ways to start (main/cli/launch.ts decides, tested in Node):
 * - `Beheerconsole.exe status --json` (any CLI command): runs headless with the CLI's exit codes, opens no window
 *   and takes no single-instance lock, so IT can script it while the window is open;
 * - anything else opens the window, one instance per user: a second start focuses the first window.
 */
import { app, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideLaunch, userArgs } from './cli/launch';
import { BRIDGE_EVENT_CHANNEL } from '../shared/bridge';
import { createServices } from './app/services';
import { electronKeyPlace, keyFileStore, sealedKeyStore } from './db/key';
import type { KeyStore } from './db/key';
import type { Services } from './app/services';
import { runCliProcess } from './cli/run';
import { createLogger } from './log/logger';
import type { Logger } from './log/logger';
import { electronStoreOptions } from './settings/settings';
import type { StoredSettings } from './settings/settings';
import { memoryVault } from './sync';
import type { TokenVault } from './sync';
import { registerIpcHandlers } from './bridge/ipc';
import { createDispatcher } from './bridge/registry';
import { electronUpdaterAdapter } from './updates/electron-updater';
import { builtServiceUrl, machinePolicy } from './app/build-config';
import { dataFolderOf } from './app/paths';
import { CrashGuard, crashMessage } from './window/crash';
import { APP_ORIGIN, allowedOrigins } from './window/security';
import { applyMenu, createMainWindow, registerAppScheme, serveRenderer } from './window/window';
import { aboutBox, devToolsAllowed } from './window/menu';
import { electronTransport } from './transport/electron';
import type { TransportFactory } from './transport/transport';

/**
 * Chromium's network stack on the default session for every call to the central service (issue 30): the system
 * proxy, PAC/WPAD, proxy sign-in and the OS certificate store, plus the school's own certificate when IT gave one.
 * Only after `ready` (net works only then).
 */
const chromiumTransport: TransportFactory = (extra) => electronTransport(session.defaultSession, extra?.pem ?? null, extra?.source ?? null);

const launch = decideLaunch(userArgs(process.argv, process.defaultApp === true));
// IT's policy (main/policy/): the registry and the machine-wide file, read once, before anything opens.
const policy = machinePolicy();
// The window's data folder: --data-dir, else the policy's, else Electron's own (a policy folder that cannot be used is said).
const chosen = launch.kind === 'window' ? dataFolderOf(launch.dataDir, policy) : null;

if (launch.kind === 'cli') {
  runHeadless(launch.args);
} else {
  if (launch.dataDir || policy.values.dataFolder) app.setPath('userData', chosen!.folder);
  // Electron's documented pattern: without the lock, quit and do nothing else (no cache opened, no window).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
  } else {
    runWindow();
  }
}

/** The CLI inside the installed app: same commands, parser and exit codes as `npm run cli`. */
function runHeadless(args: readonly string[]): void {
  app.dock?.hide();
  // After `ready`: the commands that reach the service use Chromium's network stack, like the window.
  void app
    .whenReady()
    .then(() =>
      runCliProcess(args, {
        version: app.getVersion(),
        invocation: path.basename(process.execPath),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        transportFactory: chromiumTransport,
        policy,
      }),
    )
    .then((code) => app.exit(code));
}

function runWindow(): void {
  registerAppScheme();
  app.enableSandbox();

  let services: Services | undefined;
  let window: BrowserWindow | undefined;
  const log: Logger = createLogger({ dataDir: app.getPath('userData'), name: 'electron' });
  const crashes = new CrashGuard();

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  // The school's proxy wants a sign-in (NTLM/Kerberos/negotiate happen without asking): the window asks in Dutch
  // (main/transport/proxy-login.ts), the answer stays in memory. A server's own sign-in is never answered here.
  app.on('login', (event, _contents, _details, authInfo, callback) => {
    if (!authInfo.isProxy || !services) return;
    event.preventDefault();
    void services.proxyLogins.request(`${authInfo.host}:${authInfo.port}`, authInfo.realm || null).then((credentials) => {
      if (credentials) callback(credentials.username, credentials.password);
      else callback();
    });
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  /** An uncaught error in main: logged, told in Dutch, and the window reloaded (never a silent white window). */
  const recover = (what: 'renderer' | 'main', error: unknown) => {
    log.error(what === 'main' ? 'app.crash' : 'renderer.gone', error);
    const decision = crashes.record(Date.now());
    const text = crashMessage(what, decision, log.file);
    if (!window || window.isDestroyed()) {
      dialog.showErrorBox(text.title, `${text.message}\n\n${text.detail}`);
      return;
    }
    void dialog.showMessageBox(window, { type: 'error', title: text.title, message: text.message, detail: text.detail, buttons: ['OK'] }).then(() => {
      if (decision === 'reload' && window && !window.isDestroyed()) window.webContents.reload();
    });
  };
  process.on('uncaughtException', (error) => recover('main', error));
  // A promise nobody awaited failed: logged for support; the work it belonged to already answered the screen.
  process.on('unhandledRejection', (reason) => log.error('app.unhandled-rejection', reason));

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    try {
      services = createServices({
        dataDir,
        mode: 'electron',
        version: app.getVersion(),
        vault: keychainVault(dataDir),
        databaseKeys: databaseKeyStore(dataDir),
        settingsBackend: (options) => {
          const store = new ElectronStore<StoredSettings>(electronStoreOptions(options));
          // electron-store answers renderers on this channel; ours never asks, and every IPC channel is a contract method.
          ipcMain.removeAllListeners('electron-store-get-data');
          return store;
        },
        transportFactory: chromiumTransport,
        policy,
        // The policy's data folder that cannot be used: said at the top of the window (the folder used instead is named).
        ...(chosen?.warning ? { startNotices: [chosen.warning] } : {}),
        buildServiceUrl: builtServiceUrl(),
        desktop: {
          openFolder: (folder) => shell.openPath(folder),
          updater: app.isPackaged ? electronUpdaterAdapter() : null,
        },
      });
      services.sync?.start();
    } catch (error) {
      log.error('app.start-failed', error);
      dialog.showErrorBox(
        'Beheerconsole kan niet starten',
        `${error instanceof Error ? error.message : String(error)}\n\nHet logbestand voor support staat in ${log.file}.`,
      );
      app.quit();
      return;
    }
    const ready = services;
    const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
    const origins = allowedOrigins(devServerUrl);
    serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));
    registerIpcHandlers(
      createDispatcher(ready.handlers, (line, error, method) => {
        console.error(line);
        ready.log.error('bridge.internal', error, { method });
      }),
      origins,
      ready.uploads,
    );
    const devTools = devToolsAllowed({ packaged: app.isPackaged, argv: process.argv });
    window = createMainWindow({
      preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
      origins,
      settings: ready.settings,
      devTools,
    });
    const current = window;
    // The Dutch menu: no developer entries in an installed app; Help → Over, Logmap openen, Verbinding testen.
    applyMenu({
      platform: process.platform,
      devTools,
      run: (command) => {
        if (current.isDestroyed()) return;
        if (command === 'about') {
          void dialog.showMessageBox(current, aboutBox({ version: app.getVersion(), electron: process.versions['electron'] ?? null, chrome: process.versions['chrome'] ?? null, node: process.versions.node, dataDir }));
        } else if (command === 'open-logs') {
          fs.mkdirSync(ready.log.dir, { recursive: true });
          void shell.openPath(ready.log.dir);
        } else current.webContents.send(BRIDGE_EVENT_CHANNEL, 'app:menu', { command });
      },
    });
    const unsubscribe = ready.events.subscribe((name, payload) => {
      if (!current.isDestroyed()) current.webContents.send(BRIDGE_EVENT_CHANNEL, name, payload);
    });
    current.on('closed', unsubscribe);
    current.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      recover('renderer', new Error(`render process gone: ${details.reason} (exit code ${details.exitCode})`));
    });
    current.on('unresponsive', () => log.warn('renderer.unresponsive'));
    // Updates: a first look shortly after start, then every few hours (and when the connection comes back).
    const check = () => void ready.updates.maybeCheck();
    setTimeout(check, 30_000).unref();
    setInterval(check, 60 * 60 * 1000).unref();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => services?.close());
}

/**
 * The database key (issue 34): sealed with the OS keychain where it protects anything (main/db/key.ts decides),
 * else the 0600 key file beside the data, as in browser mode and the CLI.
 */
function databaseKeyStore(dataDir: string): KeyStore {
  const place = electronKeyPlace({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    platform: process.platform,
  });
  if (place === 'key-file') return keyFileStore(dataDir);
  return sealedKeyStore(dataDir, (plain) => safeStorage.encryptString(plain), (sealed) => safeStorage.decryptString(sealed));
}

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
