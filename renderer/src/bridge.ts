/**
 * The renderer's one transport switch: the preload's IPC bridge when it is there (Electron), otherwise the
 * same contract over HTTP to the browser-mode server on this page's own origin. Nothing else in the
 * renderer knows which one it is talking to.
 */
import {
  BRIDGE_GLOBAL,
  MAX_UPLOAD_BYTES,
  UPLOAD_PATH,
  bridgeContract,
  bridgeEvents,
  bridgeMethodNames,
  bridgeResultSchema,
  cleanFileName,
  uploadResultSchema,
} from '../../shared/bridge';
import type { BridgeApi, BridgeResult, Subscribe, UploadFile } from '../../shared/bridge';

export const TOKEN_STORAGE_KEY = 'beheerconsole.token';

export function createBridge(): BridgeApi {
  const preloaded = window[BRIDGE_GLOBAL];
  if (preloaded) return preloaded;
  return createHttpBridge(readToken());
}

/**
 * Browser mode hands the per-run token over in the URL fragment (`#token=…`), which is never sent to a server
 * or written to its logs. Keep it for this tab only and remove it from the address bar.
 */
function readToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

function createHttpBridge(token: string | null): BridgeApi {
  const call = async (method: (typeof bridgeMethodNames)[number], input: unknown): Promise<BridgeResult<unknown>> => {
    if (!token) {
      return {
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Deze pagina is geopend zonder toegangssleutel. Open de console via het adres dat "npm run start:browser" toont.',
        },
      };
    }
    let response: Response;
    try {
      response = await fetch(`/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ input: input ?? null }),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'unavailable', message: 'De console reageert niet. Controleer of "npm run start:browser" nog draait.' },
      };
    }
    const parsed = bridgeResultSchema(bridgeContract[method].output).safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return { ok: false, error: { code: 'internal', message: 'De console gaf een onverwacht antwoord. Laad de pagina opnieuw.' } };
    }
    return parsed.data as BridgeResult<unknown>;
  };
  // Events arrive as server-sent events on /events (EventSource cannot send headers: the token goes in the query).
  let source: EventSource | null = null;
  const subscribe: Subscribe = (event, listener) => {
    if (!token) return () => {};
    source ??= new EventSource(`/events?token=${encodeURIComponent(token)}`);
    const handler = (message: MessageEvent<string>) => {
      const parsed = bridgeEvents[event].safeParse(JSON.parse(message.data));
      if (parsed.success) listener(parsed.data as never);
    };
    source.addEventListener(event, handler);
    return () => source?.removeEventListener(event, handler);
  };
  // Files go as the raw request body (streamed by the browser), never as JSON.
  const uploadFile: UploadFile = async (file, name) => {
    if (!token) return { ok: false, error: { code: 'forbidden', message: 'Deze pagina is geopend zonder toegangssleutel.' } };
    if (file.size > MAX_UPLOAD_BYTES) {
      return {
        ok: false,
        error: { code: 'invalid-input', message: `Het bestand is groter dan ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Kies het EDEXML-bestand van één locatie.` },
      };
    }
    let response: Response;
    try {
      response = await fetch(UPLOAD_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          authorization: `Bearer ${token}`,
          'x-file-name': encodeURIComponent(cleanFileName(name)),
        },
        body: file,
      });
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'De console reageert niet. Controleer of "npm run start:browser" nog draait.' } };
    }
    const parsed = bridgeResultSchema(uploadResultSchema).safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return { ok: false, error: { code: 'internal', message: 'De console gaf een onverwacht antwoord. Kies het bestand opnieuw.' } };
    }
    return parsed.data;
  };
  return Object.freeze({
    ...Object.fromEntries(bridgeMethodNames.map((method) => [method, (input?: unknown) => call(method, input)])),
    subscribe,
    uploadFile,
  }) as unknown as BridgeApi;
}
