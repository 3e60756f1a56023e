import { entryKeyStore } from '../db/os-keyring';
import type { Services } from '../app/services';
import type { CliMethodsOf } from '../app/cli-methods';
import type { CliInput, CliOutput } from '../capability/cli-method';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import type { TransportFactory } from '../transport/transport';
import type { MachinePolicy } from '../policy/policy';
import { builtServiceUrl } from '../app/build-config';
import { dataFolderOf } from '../app/paths';
import { NO_POLICY } from '../policy/policy';
import type { parseCliArgs } from './options';

// Modules are loaded per command: `validate` in a school's script should not pay for SQLite and settings.
const services = () => import('../app/services');

/**
 * Exit codes, the same for every command: 3 is "no connection with the central service" (offline, proxy,
 * certificate, a web filter's page, no answer in time), never confused with a usage error (2).
 */
export const EXIT = { ok: 0, finding: 1, usage: 2, network: 3 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** Where data lives when --data-dir is not given. */
  readonly defaultDataDir?: string;
  /** How the user starts a command, for help and hints: `npm run cli --` (checkout) or the installed executable. */
  readonly invocation?: string;
  /** The installed app passes Chromium's network stack (main/transport/electron.ts); `npm run cli` uses undici. */
  readonly transportFactory?: TransportFactory;
  /** IT's policy on this PC (main/policy/), read once by the process (main/cli/run.ts); absent: none. */
  readonly policy?: MachinePolicy;
  /** The environment the sign-in and proxy variables are read from (tests pass their own); the process's by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The data folder of a command: `--data-dir`, else the caller's default (tests), else IT's policy, else the OS default. */
export function cliDataDir(given: string | undefined, io: CliIo): string {
  return given ?? io.defaultDataDir ?? dataFolderOf(undefined, io.policy ?? NO_POLICY, io.env).folder;
}

/** `npm run cli --` in a checkout; the executable's name in the installed app (main/index.ts passes it). */
export function cliName(io: CliIo): string {
  return io.invocation ?? 'npm run cli --';
}

/** What every command gets from the parsed command line (cli.ts checks the shared options first). */
export interface CommandContext {
  readonly io: CliIo;
  readonly dataDir: string;
  /** --brin6, checked (upper case, six characters). */
  readonly brin6: string | undefined;
  /** The first word after the command (a file), or ''. */
  readonly file: string;
  /** Every word after the command. */
  readonly rest: readonly string[];
  readonly json: boolean;
  /** --max-mb in bytes. */
  readonly maxBytes: number | undefined;
  readonly values: ReturnType<typeof parseCliArgs>['values'];
}

/** A method's name as a log event ("import:start" → "import.start"): the logger refuses ':' (issue 34). */
export function logEventOf(method: string): string {
  return method.toLowerCase().replace(/[^a-z0-9-]+/g, '.').replace(/^\.+|\.+$/g, '') || 'unknown';
}

/** A bridge call as the CLI makes it: the same dispatcher as the window's IPC and browser mode's HTTP. */
export type Call = <M extends BridgeMethodName>(method: M, input: unknown) => Promise<BridgeOutput<M>>;

/** A CLI-only method of the contract (main/capability/cli-method.ts), through the same dispatcher. */
export type CliCall = <M extends keyof CliMethodsOf>(method: M, input: CliInput<CliMethodsOf[M]>) => Promise<CliOutput<CliMethodsOf[M]>>;

/** A refusal of the dispatcher, carried to `withServices`, which prints it and ends the command with `exit`. */
export class Refused extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}

/**
 * Opens the services on the data folder, runs `run` with the dispatcher as a third transport (beside IPC and HTTP),
 * and always closes them. A handler's refusal (a rule said no) ends with exit 1 and its Dutch message; input the
 * contract refuses, or a failure nobody answered, with exit 2. `needsDatabase`: a refused database ends the command
 * with exit 2 and the Dutch notice (`check` reports it itself instead).
 */
export async function withServices(
  dataDir: string,
  io: CliIo,
  run: (opened: { services: Services; call: Call; cli: CliCall }) => number | Promise<number>,
  needsDatabase = true,
  caFile: { path: string; text: string | null } | null = null,
): Promise<number> {
  const [{ createServices }, { createDispatcher, isAnsweredByHandler }, { ServiceError }] = await Promise.all([
    services(),
    import('../bridge/registry'),
    import('../errors/service-error'),
  ]);
  let opened: Services;
  try {
    opened = createServices({
      dataDir,
      mode: 'cli',
      version: io.version,
      databaseKeys: entryKeyStore(dataDir, io.env ?? process.env),
      ...(io.policy ? { policy: io.policy } : {}),
      buildServiceUrl: builtServiceUrl(),
      ...(io.transportFactory ? { transportFactory: io.transportFactory } : {}),
      ...(io.env ? { env: io.env } : {}),
      ...(caFile ? { caFile } : {}),
    });
  } catch (error) {
    io.stderr(`De gegevensmap ${dataDir} kan niet worden gebruikt: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const dispatch = createDispatcher(opened.handlers, (line, error, method) => opened.log.error(`cli.${logEventOf(method)}`, error), opened.cli);
  const call: Call = async (method, input) => {
    const result = await dispatch(method, input, { trusted: true });
    if (result.ok) return result.value as BridgeOutput<typeof method>;
    // The window marks the fields and sums up ("Vul het gemarkeerde veld goed in."); here nothing is marked, so the
    // fields' own messages are the message.
    const fields = result.error.issues?.filter((i) => i.path.length > 0).map((i) => i.message) ?? [];
    throw new Refused(fields.length > 0 ? fields.join(' ') : result.error.message, isAnsweredByHandler(result) ? EXIT.finding : EXIT.usage);
  };
  const cli: CliCall = (method, input) => (call as (m: string, i: unknown) => Promise<never>)(method, input);
  try {
    if (needsDatabase && !opened.database) {
      for (const n of opened.getInfo().notices) io.stderr(`FOUT: ${n.message}\n`);
      return EXIT.usage;
    }
    // What the window shows at its top, the command line says too: a settings file moved aside (issue 34).
    for (const n of opened.getInfo().notices) if (n.level === 'warning') io.stderr(`LET OP: ${n.message}\n`);
    return await run({ services: opened, call, cli });
  } catch (error) {
    if (error instanceof Refused) {
      io.stderr(`${error.message}\n`);
      return error.exit;
    }
    // A file that cannot be read or is too large (staging it for import): a read error, exit 2.
    if (error instanceof ServiceError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    opened.close();
  }
}

/** Like the screens, the CLI works on a location only once it is in this console; exit 1 with the hint otherwise. */
export async function requireLocationHere(call: Call, brin6: string, io: CliIo): Promise<void> {
  const known = await call('locations:list-all', undefined);
  if (!known.some((l) => l.brin6 === brin6)) {
    throw new Refused(`Locatie ${brin6} staat niet in deze console. Voeg haar eerst toe: ${cliName(io)} locations add ${brin6} --name "Naam van de school"`, EXIT.finding);
  }
}

