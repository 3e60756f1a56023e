import { BrowserWindow, Menu, dialog, net, protocol, screen, session, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menu';
import type { MenuCommand, MenuEntry } from './menu';
import { BRIDGE_EVENT_CHANNEL } from '../../shared/bridge';
import { onPreventUnload } from './leave';
import { pathToFileURL } from 'node:url';
import type { SettingsStore } from '../settings/settings';
import { resolveStaticFile } from '../static/resolve';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  externalLinkAllowed,
  isAllowedNavigation,
  originOf,
  permissionRequestHandler,
  secureWebPreferences,
  windowOpenHandler,
} from './security';

/** Must run before `app.whenReady()`: makes `app://` a secure, standard origin (fetch, CSP 'self'). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `app://beheerconsole/`, with the CSP header on every response. */
export function serveRenderer(rendererDir: string): void {
  session.defaultSession.protocol.handle(APP_SCHEME, async (request) => {
    const target = originOf(request.url) === APP_ORIGIN ? resolveStaticFile(rendererDir, new URL(request.url).pathname) : null;
    if (!target) return new Response('Niet gevonden', { status: 404 });
    const response = await net.fetch(pathToFileURL(target.file).toString());
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': target.mimeType, 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
  session.defaultSession.setPermissionRequestHandler(permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly startUrl: string;
  readonly origins: readonly string[];
  readonly settings: SettingsStore;
  /** Developer tools: only in development or with --support-devtools (main/window/menu.ts). */
  readonly devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = options.settings.getWindowBounds();
  const visible = saved?.x !== undefined && saved.y !== undefined ? isOnScreen(saved.x, saved.y) : false;
  const win = new BrowserWindow({
    width: saved?.width ?? 1200,
    height: saved?.height ?? 800,
    ...(visible && saved ? { x: saved.x, y: saved.y } : {}),
    minWidth: 800,
    minHeight: 560,
    title: 'Beheerconsole',
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: options.devTools }),
  });
  if (saved?.maximized) win.maximize();

  win.webContents.setWindowOpenHandler((details) => {
    // Links to the allowed sites (Cito, Kurve, Basispoort, the service's host) open in the user's browser, never
    // inside the console; any other address a page asks for is refused (main/window/security.ts).
    if (externalLinkAllowed(details.url, options.settings.get().apiBaseUrl)) void shell.openExternal(details.url);
    return windowOpenHandler();
  });
  const guard = (event: Electron.Event, url: string) => {
    if (!isAllowedNavigation(url, options.origins)) event.preventDefault();
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // Unsaved work when the window closes: the window's own Opslaan / Niet opslaan / Annuleren (main/window/leave.ts).
  win.webContents.on('will-prevent-unload', (event) =>
    onPreventUnload(event, (box) => dialog.showMessageBoxSync(win, box), () => win.webContents.send(BRIDGE_EVENT_CHANNEL, 'window:save-before-close', {})),
  );

  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    options.settings.setWindowBounds({ ...bounds, maximized: win.isMaximized() });
  });
  void win.loadURL(options.startUrl);
  return win;
}

function isOnScreen(x: number, y: number): boolean {
  return screen.getAllDisplays().some(({ bounds }) =>
    x >= bounds.x && y >= bounds.y && x < bounds.x + bounds.width && y < bounds.y + bounds.height,
  );
}

/** The Dutch application menu (main/window/menu.ts) with our own entries carried out by `run`. */
export function applyMenu(input: { readonly platform: NodeJS.Platform; readonly devTools: boolean; readonly run: (command: MenuCommand) => void }): void {
  const toElectron = (entry: MenuEntry): MenuItemConstructorOptions => ({
    ...(entry.label ? { label: entry.label } : {}),
    ...(entry.role ? { role: entry.role } : {}),
    ...(entry.type ? { type: entry.type } : {}),
    ...(entry.command ? { click: () => input.run(entry.command!) } : {}),
    ...(entry.submenu ? { submenu: entry.submenu.map(toElectron) } : {}),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(input).map(toElectron)));
}
