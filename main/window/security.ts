/**
 * The Electron security baseline as data and pure functions, so tests can prove it is on without an
 * Electron binary (none can be downloaded here). `main/window/window.ts` applies exactly these.
 * Checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */

/** The scheme the packaged renderer is served from; never http:// in production. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'beheerconsole';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** webPreferences of every window. Read-only so nothing can switch a setting off at run time. */
export function secureWebPreferences(preloadPath: string, options: { readonly devTools?: boolean } = {}) {
  return Object.freeze({
    preload: preloadPath,
    // Off in an installed app unless support started it with --support-devtools (main/window/menu.ts).
    devTools: options.devTools ?? false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const);
}

/**
 * Content-Security-Policy for the renderer: only our own files, no inline or eval'd script, no remote anything.
 * `connect-src 'self'` lets browser mode reach its own bridge; in Electron 'self' is app://beheerconsole.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The same policy for the `<meta>` tag, which ignores `frame-ancestors` (that one only works as a header). */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** The development server (electron-vite dev) is the only other origin a window may show, and only in dev. */
export function allowedOrigins(devServerUrl: string | undefined): readonly string[] {
  const dev = devServerUrl ? originOf(devServerUrl) : null;
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN];
}

/**
 * `scheme://host[:port]` of a URL, or null. Not `URL.origin`: Node's URL (main process) answers "null" for
 * non-special schemes such as app://, which would make every message from our own window look foreign.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:', `${APP_SCHEME}:`].includes(parsed.protocol) || parsed.host === '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** `will-navigate` / `will-redirect`: stay on our own origin; everything else is refused. */
export function isAllowedNavigation(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/**
 * The sites a link in the console may open in the user's browser (issue 35): Cito's, Kurve's (Numo), Basispoort's and
 * the central service's own host — https only, no user name or password in the address. Anything else a page asks
 * for is refused (a compromised or mistaken page cannot send the coordinator anywhere).
 */
export const EXTERNAL_HOSTS = ['cito.nl', 'kurve.nl', 'basispoort.nl'] as const;

export function externalLinkAllowed(url: string, serviceUrl: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  if (EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))) return true;
  if (!serviceUrl) return false;
  try {
    return host === new URL(serviceUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
}

/** `setWindowOpenHandler`: no new windows, ever (links to the Cito sites open in the system browser by design later). */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** `setPermissionRequestHandler`: the console needs no camera, location, notifications or the like. */
export function permissionRequestHandler(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** What the IPC layer knows of the frame a message came from. */
export interface SenderFrame {
  readonly url: string;
  /** True when the frame is the window's top frame (no iframe may call main). */
  readonly isTopFrame: boolean;
}

/** Every `ipcMain.handle` call: the app's own origin, top frame only. */
export function isTrustedSender(frame: SenderFrame | null | undefined, origins: readonly string[]): boolean {
  if (!frame || !frame.isTopFrame) return false;
  return isAllowedNavigation(frame.url, origins);
}
