import { serve } from '@hono/node-server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAccounts } from './accounts';
import { createApiApp } from './app';
import { openServerStore } from './store';

/**
 * The reference API server from its command-line arguments (see start.ts for the list): `npm run api` runs it as a
 * program, the tests in their own process (port 0, its own data folder) — the same code either way.
 */
export interface RunningServer {
  readonly origin: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startServer(argv: readonly string[], onEvent: (event: Record<string, unknown>) => void = () => {}): Promise<RunningServer> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      accounts: { type: 'string' },
      'token-ttl': { type: 'string' },
      latency: { type: 'string' },
      'latency-on': { type: 'string', multiple: true },
      'fail-before': { type: 'string' },
      'fail-after': { type: 'string' },
      'drop-after': { type: 'string' },
      'activate-after': { type: 'string' },
      'public-address': { type: 'string' },
      json: { type: 'boolean' },
      'no-throttle': { type: 'boolean' },
      trace: { type: 'boolean' },
    },
  });
  const number = (raw: string | undefined, fallback: number) => (raw === undefined ? fallback : Number(raw));
  const dataDir = values.data ?? fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-api-'));
  const db = openServerStore(dataDir);
  const accounts = loadAccounts(values.accounts ?? new URL('./accounts.example.json', import.meta.url).pathname);
  const app = createApiApp({
    db,
    accounts,
    tokenTtlSeconds: number(values['token-ttl'], 3600),
    throttle: values['no-throttle'] !== true,
    ...(values['activate-after'] !== undefined ? { activateAfterMs: number(values['activate-after'], 0) } : {}),
    ...(values['public-address'] !== undefined ? { publicAddress: values['public-address'] } : {}),
    // One event per held key (no personal data: the key is a random UUID), for tests that crash the server mid-request.
    ...(values.trace ? { onHold: (key: string) => onEvent({ event: 'holding', idempotencyKey: key }) } : {}),
    faults: {
      latencyMs: number(values.latency, 0),
      ...(values['latency-on'] ? { latencyRoutes: values['latency-on'] } : {}),
      failBeforeRate: number(values['fail-before'], 0),
      failAfterRate: number(values['fail-after'], 0),
      dropAfterRate: number(values['drop-after'], 0),
      random: Math.random,
    },
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: number(values.port, 0) }, (info) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        dataDir,
        close: () =>
          new Promise<void>((done) => {
            // Open keep-alive connections would hold close() until they time out.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => {
              db.close();
              done();
            });
          }),
      });
    });
  });
}
