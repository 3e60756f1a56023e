import fs from 'node:fs';

/** The app's version from package.json; read once, at start. Works from source (tsx) and from `out/`. */
export function readAppVersion(): string {
  // main/app/version.ts and the bundled out/main/index.js both sit two folders below package.json.
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
