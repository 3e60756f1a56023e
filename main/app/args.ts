import path from 'node:path';

/**
 * `--data-dir DIR` (or `--data-dir=DIR`) overrides where the database and settings live.
 * Why: tests and a second coordinator on one PC each need their own folder; the default is the OS user-data folder.
 */
export function readDataDirArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      const value = argv[i + 1];
      return value && !value.startsWith('--') ? path.resolve(value) : undefined;
    }
    if (arg?.startsWith('--data-dir=')) return path.resolve(arg.slice('--data-dir='.length));
  }
  return undefined;
}
