import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail } from '../../shared/bridge';
import type { BridgeResult } from '../../shared/bridge';
import type { Dispatch } from '../bridge/registry';
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
 * this server's own Origin; the Host header must name this server (no DNS rebinding).
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
    const originOk = req.headers.origin === undefined || req.headers.origin === origin;
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

  async function handleBridge(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, fail('forbidden', 'De brug neemt alleen POST-verzoeken aan.'));
      return;
    }
    const auth = Buffer.from(req.headers.authorization ?? '');
    const tokenOk = auth.length === expected.length && crypto.timingSafeEqual(auth, expected);
    const originOk = req.headers.origin === undefined || req.headers.origin === origin;
    if (!tokenOk || !originOk) {
      req.resume();
      sendJson(
        res,
        tokenOk ? 403 : 401,
        fail('forbidden', 'Geen of een verkeerde toegangssleutel. Open de console via het adres dat "npm run start:browser" toont.'),
      );
      return;
    }
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
    sendJson(res, result.ok ? 200 : statusFor(result.error.code), result);
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

function sendJson(res: http.ServerResponse, status: number, body: BridgeResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
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
