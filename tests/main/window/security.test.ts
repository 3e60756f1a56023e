import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  allowedOrigins,
  isAllowedNavigation,
  isTrustedSender,
  originOf,
  permissionRequestHandler,
  secureWebPreferences,
  windowOpenHandler,
} from '../../../main/window/security';

const source = (file: string) => fs.readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

describe('Electron security baseline', () => {
  it('keeps isolation, sandbox and web security on, and Node off', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(Object.isFrozen(prefs)).toBe(true);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    // Developer tools are off unless the caller (main/index.ts, devToolsAllowed) says otherwise.
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });

  it('uses a strict CSP: nothing inline or eval, nothing remote', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['style-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(source('renderer/index.html')).toContain('content="%CONTENT_SECURITY_POLICY%"');
  });

  it('blocks navigation away from the app and every window.open', () => {
    const origins = allowedOrigins(undefined);
    expect(origins).toEqual([APP_ORIGIN]);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`, origins)).toBe(true);
    expect(isAllowedNavigation('https://gebruikersbeheer.cito.nl/', origins)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', origins)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', origins)).toBe(false);
    expect(isAllowedNavigation('niet een url', origins)).toBe(false);
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
    expect(allowedOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173']);
  });

  it('denies every permission request', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      permissionRequestHandler(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
  });

  it('trusts only the top frame of the app origin as an IPC sender', () => {
    const origins = [APP_ORIGIN];
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isTopFrame: true }, origins)).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isTopFrame: false }, origins)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isTopFrame: true }, origins)).toBe(false);
    expect(isTrustedSender(null, origins)).toBe(false);
  });

  it('applies the baseline in the Electron entry points (which cannot run here)', () => {
    const window = source('main/window/window.ts');
    expect(window).toContain('webPreferences: secureWebPreferences(options.preloadPath, { devTools: options.devTools })');
    expect(window.match(/webPreferences/g)).toHaveLength(1);
    expect(window).toContain('setWindowOpenHandler(');
    expect(window).toContain('return windowOpenHandler();');
    expect(window).toMatch(/on\('will-navigate', guard\)/);
    expect(window).toMatch(/on\('will-redirect', guard\)/);
    expect(window).toContain('setPermissionRequestHandler(permissionRequestHandler)');
    expect(window).toContain("'content-security-policy': CONTENT_SECURITY_POLICY");
    const index = source('main/index.ts');
    expect(index).toContain('app.enableSandbox()');
    expect(index).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(index).not.toMatch(/http:\/\/|file:\/\//);
    const ipc = source('main/bridge/ipc.ts');
    expect(ipc).toContain('isTrustedSender(');
    expect(ipc).toContain('dispatch(method, input, { trusted })');
    // The file hand-over channel gets the same sender check; its name and bytes are validated by receiveUpload.
    expect(ipc).toContain('receiveUpload(uploads, isTrusted(event), name, bytes)');
    const preload = source('preload/index.ts');
    expect(preload).toContain('contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api)');
    expect(preload).not.toMatch(/ipcRenderer\.send\b|exposeInMainWorld\([^B]/);
    // The one listener: main's events, on one channel, filtered to the contract's event names.
    expect(preload.match(/ipcRenderer\.on\(/g)).toHaveLength(1);
    expect(preload).toContain('ipcRenderer.on(BRIDGE_EVENT_CHANNEL, handler)');
    expect(preload).toContain('if (!isBridgeEventName(event))');
    // Besides the methods: only the upload, as name and bytes of a File the user chose, on its one channel.
    expect(preload).toContain('ipcRenderer.invoke(UPLOAD_CHANNEL, name, await file.arrayBuffer())');
    expect(preload.match(/ipcRenderer\.invoke\(/g)).toHaveLength(2);
  });
});

describe('origin of app:// URLs in the main process', () => {
  it('is app://beheerconsole, although Node URL says "null" for custom schemes', () => {
    expect(new URL(`${APP_ORIGIN}/index.html`).origin).toBe('null');
    expect(originOf(`${APP_ORIGIN}/index.html`)).toBe(APP_ORIGIN);
    expect(originOf('http://127.0.0.1:5173/x')).toBe('http://127.0.0.1:5173');
    expect(originOf('data:text/html,hoi')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
  });
});
