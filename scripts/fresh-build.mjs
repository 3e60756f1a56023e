// Whether a built entry (out/main/cli.js, out/main/browser.js) is newer than every source file it is built from
// (main/, shared/, package.json): then it may be run instead of the sources through tsx, never stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under the folders the build is made from. */
function newestSource() {
  let newest = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mts|js|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const folder of ['main', 'shared']) walk(path.join(root, folder));
  return newest;
}

/** `built`: a path below the checkout, e.g. `out/main/browser.js`. */
export function isFreshBuild(built) {
  const file = path.join(root, built);
  return fs.existsSync(file) && fs.statSync(file).mtimeMs >= newestSource();
}
