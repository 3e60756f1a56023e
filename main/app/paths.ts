import os from 'node:os';
import path from 'node:path';

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
