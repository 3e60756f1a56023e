import path from 'node:path';
import { dataFolderOf } from '../app/paths';
import { machinePolicy } from '../app/build-config';
import type { MachinePolicy } from '../policy/policy';
import { createLogger } from '../log/logger';
import { EXIT, runCli } from './cli';
import { isCliCommand, parseLaunchArgs } from './options';
import type { TransportFactory } from '../transport/transport';

export interface CliProcessOptions {
  readonly version: string;
  /** `npm run cli --`, or the installed executable's name. */
  readonly invocation: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The installed app: Chromium's network stack for the commands that reach the service. */
  readonly transportFactory?: TransportFactory;
  /** Where the sign-in and proxy variables are read; the process's environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** IT's policy; read from this PC (registry, machine-wide file) when not given. */
  readonly policy?: MachinePolicy;
}

/**
 * One command as a process runs it, for both `npm run cli` and the installed executable: the command, a line in
 * `<data folder>/logs/cli.log` (command, exit code, duration — no arguments, they name files and people), and a Dutch
 * line instead of a stack for anything unexpected.
 */
export async function runCliProcess(args: readonly string[], options: CliProcessOptions): Promise<number> {
  const started = Date.now();
  const { values, positionals } = parseLaunchArgs(args);
  const given = values['data-dir'];
  // IT's policy, read once (registry and machine-wide file): the data folder, the service address, the certificate.
  const policy = options.policy ?? machinePolicy(options.env ?? process.env);
  const { folder, warning } = dataFolderOf(typeof given === 'string' ? path.resolve(given) : undefined, policy, options.env ?? process.env);
  if (warning) options.stderr(`LET OP: ${warning}\n`);
  const log = createLogger({ dataDir: folder, name: 'cli' });
  // Only a known command word is logged: anything else typed there could be a file or a person's name.
  const first = positionals[0];
  const command = isCliCommand(first) ? first : values.version === true ? 'version' : first === undefined ? 'help' : 'unknown';
  try {
    const code = await runCli(args, {
      stdout: options.stdout,
      stderr: options.stderr,
      version: options.version,
      invocation: options.invocation,
      ...(options.transportFactory ? { transportFactory: options.transportFactory } : {}),
      ...(options.env ? { env: options.env } : {}),
      policy,
    });
    log.info('cli.command', { command, exit: code, ms: Date.now() - started, version: options.version });
    return code;
  } catch (error) {
    log.error('cli.crash', error, { command, version: options.version });
    options.stderr(
      `Er ging iets onverwachts mis; er is niets gewijzigd. De details staan in ${log.file}; stuur dat bestand mee als je dit meldt.\n`,
    );
    return EXIT.usage;
  }
}
