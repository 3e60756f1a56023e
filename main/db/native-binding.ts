import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Electron build of better-sqlite3, relative to the project root. `scripts/electron-native.mjs` builds it there
 * (postinstall and `npm start`); a test checks both name the same file.
 */
export const ELECTRON_BINDING_PATH = ['node_modules', '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'] as const;

export interface BindingRuntime {
  /** `process.versions.electron`: undefined in plain Node. */
  readonly electronVersion: string | undefined;
  /** This module's own file (it tells a packaged app, inside app.asar, from a development checkout). */
  readonly moduleFile: string;
  readonly exists: (file: string) => boolean;
}

export type BindingChoice =
  | { readonly kind: 'default'; readonly why: 'node' | 'packaged' }
  | { readonly kind: 'electron-build'; readonly file: string }
  | { readonly kind: 'missing'; readonly file: string };

/**
 * Which compiled better-sqlite3 this process must load. Why: one `npm install` serves Node (tests, CLI, browser mode)
 * and Electron, whose Node has another ABI; loading the wrong one fails with "compiled against a different Node.js
 * version".
 * - Node: the default build in node_modules/better-sqlite3.
 * - Packaged Electron app (inside app.asar): the default too, because electron-builder rebuilt that one for Electron.
 * - Electron from a checkout (`npm start`): the side-by-side Electron build.
 */
export function chooseNativeBinding(runtime: BindingRuntime): BindingChoice {
  if (!runtime.electronVersion) return { kind: 'default', why: 'node' };
  if (runtime.moduleFile.split(/[\\/]/).includes('app.asar')) return { kind: 'default', why: 'packaged' };
  const root = projectRoot(path.dirname(runtime.moduleFile), runtime.exists);
  const file = path.join(root, ...ELECTRON_BINDING_PATH);
  return runtime.exists(file) ? { kind: 'electron-build', file } : { kind: 'missing', file };
}

/** The nearest folder upwards with a package.json: the checkout (out/main/… when built, main/db/ from source). */
function projectRoot(from: string, exists: (file: string) => boolean): string {
  let dir = from;
  for (;;) {
    if (exists(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

/** better-sqlite3's options for this process; throws a clear line when Electron's build is missing. */
export function nativeBindingOptions(): { nativeBinding?: string } {
  const choice = chooseNativeBinding({ electronVersion: process.versions['electron'], moduleFile: fileURLToPath(import.meta.url), exists: fs.existsSync });
  switch (choice.kind) {
    case 'default':
      return {};
    case 'electron-build':
      return { nativeBinding: choice.file };
    case 'missing':
      throw new Error(
        `De Electron-versie van better-sqlite3 ontbreekt (${choice.file}). Voer "npm install" uit zonder ELECTRON_SKIP_BINARY_DOWNLOAD, ` +
          'of "node scripts/electron-native.mjs"; "npm start" doet dat ook zelf.',
      );
  }
}
