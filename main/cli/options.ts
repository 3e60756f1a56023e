import { parseArgs } from 'node:util';

/**
 * The one argument table of the command line, shared by `npm run cli` (main/cli/start.ts) and the installed app's
 * executable (main/index.ts via main/cli/launch.ts), so both accept exactly the same commands and options.
 */
export const CLI_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  /** `--version`: the usual spelling of the `version` command. */
  version: { type: 'boolean' },
  brin6: { type: 'string' },
  json: { type: 'boolean' },
  confirm: { type: 'boolean' },
  'allow-removals': { type: 'boolean' },
  'allow-other-year': { type: 'boolean' },
  force: { type: 'boolean' },
  'max-mb': { type: 'string' },
  api: { type: 'string' },
  'ca-file': { type: 'string' },
  out: { type: 'string' },
  'korte-schoolnaam': { type: 'string' },
  import: { type: 'string' },
  name: { type: 'string' },
  username: { type: 'string' },
  strategy: { type: 'string' },
  apply: { type: 'boolean' },
} as const;

export const CLI_COMMANDS = ['version', 'check', 'validate', 'import', 'export', 'export-kurve', 'history', 'restore', 'status', 'sync', 'check-connection', 'locations', 'rollover', 'help'] as const;
export type CliCommand = (typeof CLI_COMMANDS)[number];

export function isCliCommand(word: string | undefined): word is CliCommand {
  return word !== undefined && (CLI_COMMANDS as readonly string[]).includes(word);
}

/** Strict parse for running a command: an unknown option is an error with a Dutch message (main/cli/cli.ts). */
export function parseCliArgs(args: readonly string[]) {
  return parseArgs({ args: [...args], allowPositionals: true, options: CLI_OPTIONS });
}

/**
 * Lenient parse for deciding what a start is: Chromium and Electron add switches of their own (`--no-sandbox`,
 * `--allow-file-access-from-files`, a second instance's `--original-process-start-time`), which must not stop the
 * window from opening.
 */
export function parseLaunchArgs(args: readonly string[]) {
  return parseArgs({ args: [...args], allowPositionals: true, strict: false, options: CLI_OPTIONS });
}
