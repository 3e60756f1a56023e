/**
 * `npm run start:browser`: the console without Electron. Same services, same contract, served over HTTP on
 * 127.0.0.1 with a per-run token. Options: --port N (default: a free port), --data-dir DIR, --api URL (sets the
 * central service's address at start), --ca-file PEM (the school's certificate, for TLS inspection), --json (one line of JSON with url/origin/token on stdout, for tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { apiBaseUrlSchema } from '../../shared/bridge';
import { dataFolderOf } from '../app/paths';
import { builtServiceUrl, machinePolicy } from '../app/build-config';
import { createServices } from '../app/services';
import { entryKeyStore } from '../db/os-keyring';
import { readAppVersion } from '../app/version';
import { createDispatcher } from '../bridge/registry';
import { startBrowserServer } from './server';
import { readCaFileOption } from '../transport/plan';

async function main(): Promise<number> {
  let values: { port?: string; 'data-dir'?: string; api?: string; 'ca-file'?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, api: { type: 'string' }, 'ca-file': { type: 'string' }, json: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(`Onbekende optie: ${(error as Error).message}\nGebruik: npm run start:browser -- [--port N] [--data-dir MAP] [--api ADRES] [--ca-file CERTIFICAAT.pem]\n`);
    return 2;
  }
  let apiBaseUrl: string | null = null;
  if (values.api !== undefined) {
    const parsed = apiBaseUrlSchema.safeParse(values.api);
    if (!parsed.success) {
      process.stderr.write(`--api "${values.api.slice(0, 200)}" is geen geldig adres van de centrale dienst. ${parsed.error.issues[0]?.message ?? ''}\n`);
      return 2;
    }
    apiBaseUrl = parsed.data;
  }
  // The school's certificate (TLS inspection), checked before anything starts; the proxy comes from HTTPS_PROXY etc.
  let caFile: { path: string; text: string | null } | null = null;
  if (values['ca-file'] !== undefined) {
    const read = readCaFileOption(values['ca-file']);
    if (!read.ok) {
      process.stderr.write(`${read.message}\n`);
      return 2;
    }
    caFile = read.caFile;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`"${values.port}" is geen geldig poortnummer. Kies een getal tussen 1 en 65535, of laat --port weg.\n`);
    return 2;
  }
  const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write('De schermen zijn nog niet gebouwd. Voer eerst "npm run build" uit, of start met "npm run start:browser".\n');
    return 2;
  }
  // IT's policy, read once (registry and machine-wide file): the data folder, the service address, the certificate.
  const policy = machinePolicy();
  const chosen = dataFolderOf(values['data-dir'] !== undefined ? path.resolve(values['data-dir']) : undefined, policy);
  if (chosen.warning) process.stderr.write(`LET OP: ${chosen.warning}\n`);
  const dataDir = path.resolve(chosen.folder);
  let services;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    services = createServices({ dataDir, mode: 'browser', version: readAppVersion(), databaseKeys: entryKeyStore(dataDir), policy, buildServiceUrl: builtServiceUrl(), ...(caFile ? { caFile } : {}) });
    if (apiBaseUrl && services.settings.get().serviceAddress.changeable) services.settings.setApiBaseUrl(apiBaseUrl);
    else if (apiBaseUrl) process.stderr.write(`LET OP: --api wordt genegeerd: de ICT-afdeling heeft het adres van de centrale dienst vastgelegd (${services.settings.get().apiBaseUrl}).\n`);
  } catch (error) {
    process.stderr.write(`De console kan de gegevensmap ${dataDir} niet gebruiken: ${(error as Error).message}\n`);
    return 2;
  }
  const server = await startBrowserServer({
    dispatch: createDispatcher(services.handlers, (line, error, method) => {
      process.stderr.write(`${line}\n`);
      services.log.error('bridge.internal', error, { method });
    }),
    rendererDir,
    port,
    events: services.events,
    uploads: services.uploads,
  }).catch((error: NodeJS.ErrnoException) => {
    process.stderr.write(
      error.code === 'EADDRINUSE'
        ? `Poort ${port} is al in gebruik. Kies een andere met --port, of laat --port weg.\n`
        : `De console kon niet starten: ${error.message}\n`,
    );
    return null;
  });
  if (!server) {
    services.close();
    return 2;
  }
  services.sync?.start();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: server.url, origin: server.origin, token: server.token, dataDir })}\n`);
  } else {
    process.stdout.write(
      `Beheerconsole (browsermodus) draait.\nOpen dit adres in je browser: ${server.url}\nGegevensmap: ${dataDir}\nStoppen: Ctrl+C\n`,
    );
  }
  const stop = () => {
    void server.close().then(() => {
      services.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

void main().then((code) => {
  if (code >= 0) process.exit(code);
});
