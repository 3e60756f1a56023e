import { apiBaseUrlSchema } from '../../shared/bridge/settings';
import { readCaFileOption } from '../transport/plan';
import { EXIT, withServices } from './common';
import type { CliCall, CliIo, CommandContext } from './common';

/** The commands that reach the central service (`sync`, `check-connection`), through the process's one transport. */

/** `sync` and `check-connection`: the same --api and --ca-file, checked before anything opens. */
export async function networkCommand(c: CommandContext & { readonly command: string }): Promise<number> {
  const { io, dataDir, brin6, json, values } = c;
  const caFile = readCaFile(values['ca-file'], io);
  if (caFile === 'refused') return EXIT.usage;
  if (values.api !== undefined && !apiBaseUrlSchema.safeParse(values.api).success) {
    io.stderr(`--api "${values.api.slice(0, 200)}" is geen geldig adres van de centrale dienst. Vul een volledig adres in dat met https:// begint.\n`);
    return EXIT.usage;
  }
  if (c.command === 'check-connection') return checkConnectionCommand(dataDir, io, { api: values.api, brin6, json, caFile });
  return withServices(dataDir, io, async ({ services, call, cli }) => {
    const inUse = services.settings.get();
    if (values.api !== undefined && !inUse.serviceAddress.changeable && values.api !== inUse.apiBaseUrl) {
      io.stderr(`De ICT-afdeling heeft het adres van de centrale dienst vastgelegd (${inUse.apiBaseUrl ?? 'geen'}); --api kan daarom niet. Laat --api weg.\n`);
      return EXIT.usage;
    }
    const baseUrl = values.api ?? inUse.apiBaseUrl;
    if (!baseUrl) {
      io.stderr('Er is nog geen adres van de centrale dienst ingesteld. Geef het mee met --api https://…\n');
      return EXIT.usage;
    }
    const known = (await call('locations:list-all', undefined)).map((l) => l.brin6);
    const target = brin6 ?? (known.length === 1 ? known[0] : undefined);
    if (!target) {
      io.stderr(known.length === 0 ? 'Er zijn nog geen locaties om te versturen.\n' : `Kies een locatie met --brin6 (${known.join(', ')}): elke locatie heeft een eigen account.\n`);
      return EXIT.usage;
    }
    const token = await tokenFromEnvironment(cli, baseUrl, target, io);
    if (typeof token !== 'string') return token;
    let result;
    try {
      result = await cli('cli:push-with-token', { brin6: target, baseUrl, token, maxMs: 60_000 });
    } finally {
      // A session this run signed in for itself ends with it (DELETE /v1/sessions); a BEHEERCONSOLE_TOKEN is the caller's.
      if (ownSession(io)) await cli('cli:sign-out-once', { baseUrl, token });
    }
    if (json) io.stdout(`${JSON.stringify({ ...result, problem: result.problem ? { cause: result.problem.cause, code: result.problem.code, message: result.problem.message } : null })}\n`);
    else io.stdout(`${result.delivered} verstuurd, ${result.failed} geweigerd, ${result.pending} nog in de wachtrij.${result.error ? ` ${result.error}` : ''}\n`);
    if (result.unreachable && result.pending > 0) return EXIT.network;
    return result.pending === 0 && result.failed === 0 ? EXIT.ok : EXIT.finding;
  }, true, caFile);
}

/**
 * The CLI keeps no secrets on disk: a token comes from BEHEERCONSOLE_TOKEN, or a sign-in with
 * BEHEERCONSOLE_USERNAME / BEHEERCONSOLE_PASSWORD, for this run only. Never printed.
 */
async function tokenFromEnvironment(cli: CliCall, baseUrl: string, brin6: string, io: CliIo, optional = false): Promise<string | number> {
  const env = io.env ?? process.env;
  if (env['BEHEERCONSOLE_TOKEN']) return env['BEHEERCONSOLE_TOKEN'];
  const username = env['BEHEERCONSOLE_USERNAME'];
  const password = env['BEHEERCONSOLE_PASSWORD'];
  if (!username || !password) {
    if (optional) return EXIT.ok;
    io.stderr('Meld aan via de omgeving: BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.\n');
    return EXIT.usage;
  }
  const result = await cli('cli:sign-in-once', { baseUrl, brin6, username, password });
  if (result.ok) return result.token;
  // No connection is exit 3 (the message says why); a refused sign-in is a finding to fix (1), not a usage error.
  io.stderr(result.unreachable ? `${result.message}\n` : `Aanmelden mislukt: ${result.message}\n`);
  return result.unreachable ? EXIT.network : EXIT.finding;
}

/** Whether this run signs in itself (user name and password from the environment) rather than using a given token. */
function ownSession(io: CliIo): boolean {
  const env = io.env ?? process.env;
  return !env['BEHEERCONSOLE_TOKEN'] && Boolean(env['BEHEERCONSOLE_USERNAME'] && env['BEHEERCONSOLE_PASSWORD']);
}

/** `--ca-file PATH`: the school's certificates for this run, read and checked first; 'refused' after the message. */
function readCaFile(given: string | undefined, io: CliIo): { path: string; text: string | null } | null | 'refused' {
  if (given === undefined) return null;
  const read = readCaFileOption(given);
  if (read.ok) return read.caFile;
  io.stderr(`${read.message}\n`);
  return 'refused';
}

/** `check-connection`: "Verbinding testen" on the command line, through the same transport as `sync`. */
async function checkConnectionCommand(
  dataDir: string,
  io: CliIo,
  o: { api: string | undefined; brin6: string | undefined; json: boolean; caFile: { path: string; text: string | null } | null },
): Promise<number> {
  return withServices(
    dataDir,
    io,
    async ({ services, cli }) => {
      const baseUrl = o.api ?? services.settings.get().apiBaseUrl;
      const { checkConnection } = await import('../sync');
      let token: string | null = null;
      if (baseUrl && o.brin6) {
        const got = await tokenFromEnvironment(cli, baseUrl, o.brin6, io, true);
        if (typeof got === 'string') token = got;
      }
      const report = await checkConnection({
        transport: services.transport(),
        baseUrl,
        token,
        noTokenNote: o.brin6 ? `Niet aangemeld voor ${o.brin6}: geef BEHEERCONSOLE_TOKEN of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD mee.` : 'Niet gevraagd: geef --brin6 en een aanmelding via de omgeving mee.',
      });
      if (token && baseUrl && ownSession(io)) await cli('cli:sign-out-once', { baseUrl, token });
      if (o.json) io.stdout(`${JSON.stringify({ ok: report.health.ok, ...report })}\n`);
      else io.stdout(report.text);
      if (!baseUrl) return EXIT.usage;
      return report.health.ok ? EXIT.ok : EXIT.network;
    },
    false,
    o.caFile,
  );
}

