/**
 * `npm run api`: the reference API server on 127.0.0.1. Options:
 *   --port N            (default: a free port)      --data DIR   (default: a temporary folder)
 *   --accounts FILE     portal accounts (JSON: [{username, password, brin6: [..]}]; default server/accounts.example.json)
 *   --token-ttl S       session lifetime in seconds (default 3600)
 *   --latency MS, --fail-before R, --fail-after R, --drop-after R   fault injection (R: share 0..1)
 *   --latency-on ROUTE  only this route id gets the latency (repeatable), e.g. putSchoolData
 *   --activate-after MS stand-in for colleagues who click their activation link: invited users activate after MS
 *   --public-address IP stand-in for the school's public address: what /v1/whoami answers (default: the client's address)
 *   --json              one line of JSON with the origin on stdout (for tests)
 *   --trace             a JSON line on stdout whenever a request holds its Idempotency-Key during --latency
 */
import { serve } from '@hono/node-server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAccounts } from './accounts';
import { createApiApp } from './app';
import { openServerStore } from './store';

const { values } = parseArgs({
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
  ...(values['activate-after'] !== undefined ? { activateAfterMs: number(values['activate-after'], 0) } : {}),
  ...(values['public-address'] !== undefined ? { publicAddress: values['public-address'] } : {}),
  // One JSON line per held key (no personal data: the key is a random UUID), for tests that crash the server mid-request.
  ...(values.trace ? { onHold: (key: string) => void process.stdout.write(`${JSON.stringify({ event: 'holding', idempotencyKey: key })}\n`) } : {}),
  faults: {
    latencyMs: number(values.latency, 0),
    ...(values['latency-on'] ? { latencyRoutes: values['latency-on'] } : {}),
    failBeforeRate: number(values['fail-before'], 0),
    failAfterRate: number(values['fail-after'], 0),
    dropAfterRate: number(values['drop-after'], 0),
    random: Math.random,
  },
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: number(values.port, 0) }, (info) => {
  const origin = `http://127.0.0.1:${info.port}`;
  process.stdout.write(values.json ? `${JSON.stringify({ origin, dataDir })}\n` : `Referentie-API draait op ${origin} (gegevens: ${dataDir}). Stoppen: Ctrl+C\n`);
});

const stop = () => {
  server.close();
  db.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
