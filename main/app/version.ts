import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's version from package.json; read once, at start. The nearest package.json upwards: this file runs from
 * main/app/ (tsx), from out/main/ or out/main/chunks/ (a build: where rollup puts it depends on how many entries
 * share it), or inside app.asar — the depth differs, the nearest package.json is always the app's.
 */
export function readAppVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
