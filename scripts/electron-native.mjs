#!/usr/bin/env node
/**
 * Both ABIs side by side (issue 14). `npm install` builds better-sqlite3 for Node (tests, CLI, browser mode); this
 * script, run as `postinstall` and again by `npm start` (`--ensure`), builds a second copy of the same module for
 * Electron's ABI in its own folder, which the Electron entry loads through better-sqlite3's `nativeBinding` option
 * (main/db/native-binding.ts). The Node build is never touched. Packaged apps use electron-builder's own rebuild.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled, on every machine that runs `npm install`.
 * The decisions are one pure function (`planElectronNative`), tested in tests/main/app/electron-native.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Relative to the project root; node_modules/ so that `npm ci` (which deletes node_modules) removes a stale build. */
export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.electron-native');
/** The Electron build of the binding, relative to the project root (main/db/native-binding.ts names the same file). */
export const ELECTRON_BINDING = path.join(ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const MARKER = path.join(ELECTRON_NATIVE_DIR, 'built.json');

/** `ELECTRON_SKIP_BINARY_DOWNLOAD` as Electron's own installer reads it: any non-empty value but "0"/"false". */
export function skipRequested(env) {
  const value = env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * What to do, from what is installed. Pure: every input is passed in.
 * - skip: Electron is not wanted here (skip variable) or not installed; the Node build is all there is.
 * - ready: an Electron build for exactly this Electron, better-sqlite3, platform and architecture exists.
 * - build: anything else (no build yet, or one for another version).
 */
export function planElectronNative({ env, electronVersion, betterSqlite3Version, platform, arch, marker, bindingExists }) {
  if (skipRequested(env)) {
    return {
      action: 'skip',
      reason: 'skip-variable',
      line: 'beheerconsole: Electron build of better-sqlite3 skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); tests, the CLI and browser mode use the Node build.',
    };
  }
  if (!electronVersion) {
    return { action: 'skip', reason: 'no-electron', line: 'beheerconsole: Electron is not installed, so only the Node build of better-sqlite3 is prepared.' };
  }
  if (!betterSqlite3Version) {
    return { action: 'skip', reason: 'no-better-sqlite3', line: 'beheerconsole: better-sqlite3 is not installed; run npm install first.' };
  }
  const target = { electron: electronVersion, betterSqlite3: betterSqlite3Version, platform, arch };
  const same =
    marker !== null &&
    marker.electron === target.electron &&
    marker.betterSqlite3 === target.betterSqlite3 &&
    marker.platform === target.platform &&
    marker.arch === target.arch;
  if (same && bindingExists) {
    return { action: 'ready', target, line: `beheerconsole: Electron ${target.electron} build of better-sqlite3 is ready.` };
  }
  return { action: 'build', target, line: `beheerconsole: building better-sqlite3 ${target.betterSqlite3} for Electron ${target.electron} (${platform}-${arch}) beside the Node build…` };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Reads what the planner needs from the project folder. */
export function inspect(root, env = process.env) {
  return {
    env,
    electronVersion: readJson(path.join(root, 'node_modules', 'electron', 'package.json'))?.version ?? null,
    betterSqlite3Version: readJson(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'))?.version ?? null,
    platform: process.platform,
    arch: process.arch,
    marker: readJson(path.join(root, MARKER)),
    bindingExists: fs.existsSync(path.join(root, ELECTRON_BINDING)),
  };
}

/**
 * Copies better-sqlite3's sources into the staging folder (never its Node build) and rebuilds that copy for Electron
 * with @electron/rebuild (a prebuilt download first, node-gyp with Electron's headers otherwise). The project's own
 * node_modules/better-sqlite3 stays the Node build.
 */
async function rebuildForElectron(root, target) {
  const staging = path.join(root, ELECTRON_NATIVE_DIR);
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const copy = path.join(staging, 'node_modules', 'better-sqlite3');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  const nodeBuild = path.join(source, 'build');
  fs.cpSync(source, copy, { recursive: true, filter: (file) => file !== nodeBuild && !file.startsWith(nodeBuild + path.sep) });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'beheerconsole-electron-native', private: true, dependencies: { 'better-sqlite3': target.betterSqlite3 } }, null, 2),
  );
  const { rebuild } = await import('@electron/rebuild');
  // projectRootPath = staging: the search for modules must never climb to the project's own (Node) better-sqlite3.
  await rebuild({ buildPath: staging, projectRootPath: staging, electronVersion: target.electron, arch: target.arch, onlyModules: ['better-sqlite3'], force: true });
}

/**
 * Runs the plan. `build` is injectable so tests can check the bookkeeping without Electron's headers.
 * Never fails `npm install`: a failed Electron build is reported in a few clear lines and `npm start` tries again.
 * With `ensure` (npm start) a missing Electron build is an error, because the window cannot open without it.
 */
export async function run({ root, env = process.env, ensure = false, build = rebuildForElectron, print = (line) => process.stdout.write(`${line}\n`) }) {
  const plan = planElectronNative(inspect(root, env));
  if (plan.action === 'skip') {
    print(plan.line);
    if (ensure) print('beheerconsole: npm start needs Electron; install without ELECTRON_SKIP_BINARY_DOWNLOAD, or use npm run start:browser.');
    return { plan, code: ensure ? 1 : 0 };
  }
  if (plan.action === 'ready') {
    if (!ensure) print(plan.line);
    return { plan, code: 0 };
  }
  print(plan.line);
  try {
    await build(root, plan.target);
    if (!fs.existsSync(path.join(root, ELECTRON_BINDING))) throw new Error(`the rebuild left no ${ELECTRON_BINDING}`);
    fs.writeFileSync(path.join(root, MARKER), JSON.stringify({ ...plan.target, builtAt: new Date().toISOString() }, null, 2));
    print(`beheerconsole: Electron build ready in ${ELECTRON_NATIVE_DIR} (the Node build is unchanged).`);
    return { plan, code: 0 };
  } catch (error) {
    print(`beheerconsole: the Electron build of better-sqlite3 failed: ${error instanceof Error ? error.message : String(error)}`);
    print('beheerconsole: tests, the CLI and browser mode still work; npm start tries the build again (it needs internet for Electron\'s headers or a prebuilt binary).');
    return { plan, code: ensure ? 1 : 0 };
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { code } = await run({ root, ensure: process.argv.includes('--ensure') });
  process.exitCode = code;
}
