// `npm run cli -- …`: the built CLI (node out/main/cli.js, no TypeScript loader: ~0.8 s faster to start) when it is
// newer than every source file it is built from; otherwise the sources through tsx, so an edit is never run stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out/main/cli.js');

/** The newest modification time under the folders the CLI is built from (main/, shared/, package.json). */
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

export function useBuilt() {
  return fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const command = useBuilt() ? [process.execPath, [built, ...args]] : [process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/start.ts'), ...args]];
  const result = spawnSync(command[0], command[1], { stdio: 'inherit', cwd: process.cwd() });
  process.exitCode = result.status ?? 2;
}
