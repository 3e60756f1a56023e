import path from 'node:path';
import { isCliCommand, parseLaunchArgs } from './options';

/**
 * What one start of the executable is: the window, or a headless command (as VS Code's `code --list-extensions`).
 * Plain Node, so the dispatch is tested without Electron (tests/main/cli/launch.test.ts).
 */
export type Launch =
  | { readonly kind: 'window'; readonly dataDir: string | undefined }
  | { readonly kind: 'cli'; readonly args: readonly string[] };

/**
 * The user's own arguments. Packaged: `Beheerconsole.exe status` → argv = [exe, 'status']. From a checkout
 * (`electron .`, `process.defaultApp`): [electron, '.', …]. Node (`npm run cli`): [node, script, …].
 */
export function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}

/**
 * A known command word as the first positional, or `--help`/`-h`/`--version`, runs headless with the same exit
 * codes as `npm run cli`; anything else (no arguments, a shortcut's switches, a file opened with the app) opens
 * the window. `--data-dir` is read by the same table in both cases.
 */
export function decideLaunch(args: readonly string[]): Launch {
  const { values, positionals } = parseLaunchArgs(args);
  const first = positionals[0];
  if (isCliCommand(first) || values.help === true || values.version === true) return { kind: 'cli', args: [...args] };
  const given = values['data-dir'];
  const dataDir = typeof given === 'string' && given !== '' && !given.startsWith('--') ? path.resolve(given) : undefined;
  return { kind: 'window', dataDir };
}
