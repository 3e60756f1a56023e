import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UPLOAD_PATH, fail, ok } from '../../shared/bridge';
import type { BridgeResult } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import { isAnsweredByHandler } from '../bridge/registry';
import type { Dispatch } from '../bridge/registry';
import { UploadTooLargeError } from '../uploads/staging';
import type { UploadStaging } from '../uploads/staging';
import { resolveStaticFile } from '../static/resolve';
import { CONTENT_SECURITY_POLICY } from '../window/security';

export interface BrowserServerOptions {
  readonly dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Defaults to a fresh random token; tests pass their own. */
  readonly token?: string;
  /** Main's events, streamed to the page as server-sent events on /events. */
  readonly events?: { subscribe(listener: (name: string, payload: unknown) => void): () => void };
  /** Where `POST /upload` streams files to (absent: uploads are refused). */
  readonly uploads?: UploadStaging;
}

export interface BrowserServer {
  readonly origin: string;
  readonly token: string;
  /** The address to open: the token travels in the fragment, which the browser never sends to a server. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

/**
 * Browser mode: serves the built renderer and the bridge contract over HTTP on 127.0.0.1 only.
 * Every bridge call must carry the per-run token (Authorization: Bearer) and, when the browser sends one,
 * this server's own Origin (under 127.0.0.1 or localhost, matching the Host); the Host header must name this server
 * (no DNS rebinding).
 * The answers are exactly what the Electron IPC transport gives: the dispatcher is the same.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  let origin = '';
  let hosts: string[] = [];

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'Er ging iets mis in de console. Probeer het opnieuw.'));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hosts.includes(req.headers.host ?? '')) {
      sendJson(res, 421, fail('forbidden', 'Onbekend adres. Open de console via het adres dat "npm run start:browser" toont.'));
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/events') {
      handleEvents(req, res, url);
      return;
    }
    if (url.pathname === UPLOAD_PATH) {
      await handleUpload(req, res);
      return;
    }
    if (url.pathname.startsWith('/bridge/')) {
      await handleBridge(req, res, decodeURIComponent(url.pathname.slice('/bridge/'.length)));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, fail('forbidden', 'Deze opdracht is hier niet toegestaan.'));
      return;
    }
    const target = resolveStaticFile(options.rendererDir, url.pathname);
    if (!target || !fs.existsSync(target.file)) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Niet gevonden');
      return;
    }
    const body = await fs.promises.readFile(target.file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': target.mimeType,
      'content-length': body.length,
      'cache-control': target.file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Server-sent events. EventSource cannot send headers, so the token comes in the query (never logged here). */
  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const given = Buffer.from(`Bearer ${url.searchParams.get('token') ?? ''}`);
    const tokenOk = given.length === expected.length && crypto.timingSafeEqual(given, expected);
    const originOk = ownOrigin(req);
    if (req.method !== 'GET' || !tokenOk || !originOk || !options.events) {
      sendJson(res, tokenOk ? 403 : 401, fail('forbidden', 'Geen of een verkeerde toegangssleutel. Open de console via het adres dat "npm run start:browser" toont.'));
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': verbonden\n\n');
    const unsubscribe = options.events.subscribe((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': \n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }

  /**
   * The page may be opened as http://127.0.0.1:PORT or http://localhost:PORT (both are this server, the Host check
   * above made sure); a browser's Origin must then be that same address. Absent: not a browser's cross-site request.
   */
  function ownOrigin(req: http.IncomingMessage): boolean {
    return req.headers.origin === undefined || req.headers.origin === `http://${req.headers.host ?? ''}`;
  }

  /** The same checks for /bridge and /upload: POST, the per-run token, and this server's own Origin when sent. */
  function refuseCaller(req: http.IncomingMessage, res: http.ServerResponse, what: string): boolean {
    if (req.method !== 'POST') {
      req.resume();
      sendJson(res, 405, fail('forbidden', `${what} neemt alleen POST-verzoeken aan.`));
      return true;
    }
    const auth = Buffer.from(req.headers.authorization ?? '');
    const tokenOk = auth.length === expected.length && crypto.timingSafeEqual(auth, expected);
    const originOk = ownOrigin(req);
    if (!tokenOk || !originOk) {
      // Not read: the connection is closed after the answer, so a large body is never taken in.
      sendJson(
        res,
        tokenOk ? 403 : 401,
        fail('forbidden', 'Geen of een verkeerde toegangssleutel. Open de console via het adres dat "npm run start:browser" toont.'),
        true,
      );
      return true;
    }
    return false;
  }

  /** A file the user chose: the raw body is streamed into main's staging folder, never buffered whole. */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (refuseCaller(req, res, 'Het uploadadres')) return;
    if (!options.uploads) {
      sendJson(res, 503, fail('unavailable', 'Bestanden aanleveren kan nu niet. Start de console opnieuw.'), true);
      return;
    }
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      sendJson(res, 400, fail('invalid-input', 'De bestandsnaam is onleesbaar. Geef het bestand een andere naam en kies het opnieuw.'), true);
      return;
    }
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    try {
      const result = await options.uploads.fromStream(name, req, declared !== undefined && Number.isFinite(declared) ? declared : undefined);
      sendJson(res, 200, ok(result));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // What is left of the body is not read: answer, then close the connection.
      sendJson(res, error instanceof UploadTooLargeError ? 413 : 400, fail(error.code, error.message), true);
    }
  }

  async function handleBridge(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (refuseCaller(req, res, 'De brug')) return;
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      req.resume();
      sendJson(res, 415, fail('invalid-input', 'Verzoek zonder JSON-inhoud. Stuur de invoer als application/json.'));
      return;
    }
    const raw = await readBody(req);
    if (raw === null) {
      sendJson(res, 413, fail('invalid-input', 'Het verzoek is te groot (meer dan 1 MB).'));
      return;
    }
    let input: unknown;
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as { input?: unknown } | null;
      // JSON has no `undefined`: an absent or null input means "no input".
      input = parsed && typeof parsed === 'object' && parsed.input !== null ? parsed.input : undefined;
    } catch {
      sendJson(res, 400, fail('invalid-input', 'Het verzoek is geen geldige JSON.'));
      return;
    }
    const result = await options.dispatch(method, input, { trusted: true });
    sendJson(res, result.ok || isAnsweredByHandler(result) ? 200 : statusFor(result.error.code), result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];

  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function statusFor(code: 'invalid-input' | 'unknown-method' | 'forbidden' | 'unavailable' | 'internal'): number {
  switch (code) {
    case 'invalid-input':
      return 400;
    case 'unknown-method':
      return 404;
    case 'forbidden':
      return 403;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

/** `close`: the request body was not (fully) read; the connection ends after this answer instead of draining it. */
function sendJson(res: http.ServerResponse, status: number, body: BridgeResult<unknown>, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
