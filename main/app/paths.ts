import os from 'node:os';
import path from 'node:path';
import { chooseDataFolder } from '../policy/policy';
import type { MachinePolicy } from '../policy/policy';

/**
 * The folder Electron's `app.getPath('userData')` uses for this app, computed without Electron, so browser
 * mode and the CLI work on the same database and settings as the desktop window.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  const name = 'Beheerconsole';
  switch (platform) {
    case 'win32':
      return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), name);
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', name);
    default:
      return path.posix.join(env['XDG_CONFIG_HOME'] || path.posix.join(home, '.config'), name);
  }
}

/**
 * The data folder of this run: `--data-dir` when given, else the folder IT's policy names (`dataFolder`, with
 * `%USERNAME%` and the like filled in), else the default. `warning` when the policy's folder cannot be used.
 */
export function dataFolderOf(given: string | undefined, policy: MachinePolicy, env: NodeJS.ProcessEnv = process.env): { folder: string; warning: string | null } {
  return chooseDataFolder({ given, policy, env, home: os.homedir(), fallback: defaultUserDataDir(process.platform, env) });
}
