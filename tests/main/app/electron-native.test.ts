import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The install script is plain JavaScript (it runs before anything is compiled).
import { ELECTRON_BINDING, planElectronNative, run, skipRequested } from '../../../scripts/electron-native.mjs';
import { ELECTRON_BINDING_PATH, chooseNativeBinding } from '../../../main/db/native-binding';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const root = path.resolve(import.meta.dirname, '../../..');
const base = {
  env: {},
  electronVersion: '45.4.1',
  betterSqlite3Version: '12.11.1',
  platform: 'win32',
  arch: 'x64',
  marker: null,
  bindingExists: false,
};

describe('npm install prepares better-sqlite3 for Node and for Electron side by side', () => {
  it('skips the Electron build, with one clear line, when ELECTRON_SKIP_BINARY_DOWNLOAD is set (as on this machine)', () => {
    for (const value of ['1', 'true', 'yes']) {
      const plan = planElectronNative({ ...base, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: value } });
      expect(plan.action).toBe('skip');
      expect(plan.line).toMatch(/skipped \(ELECTRON_SKIP_BINARY_DOWNLOAD is set\)/);
      expect(plan.line.split('\n')).toHaveLength(1);
    }
    for (const value of ['', '0', 'false']) expect(skipRequested({ ELECTRON_SKIP_BINARY_DOWNLOAD: value })).toBe(false);
  });

  it('builds when there is no Electron build, or one for another Electron, better-sqlite3, platform or architecture', () => {
    expect(planElectronNative(base).action).toBe('build');
    const built = { electron: '45.4.1', betterSqlite3: '12.11.1', platform: 'win32', arch: 'x64' };
    expect(planElectronNative({ ...base, marker: built, bindingExists: true }).action).toBe('ready');
    expect(planElectronNative({ ...base, marker: built, bindingExists: false }).action).toBe('build');
    for (const changed of [{ electron: '46.0.0' }, { betterSqlite3: '12.12.0' }, { platform: 'linux' }, { arch: 'arm64' }]) {
      expect(planElectronNative({ ...base, marker: { ...built, ...changed }, bindingExists: true }).action).toBe('build');
    }
  });

  it('skips when Electron is not installed at all', () => {
    expect(planElectronNative({ ...base, electronVersion: null })).toMatchObject({ action: 'skip', reason: 'no-electron' });
  });

  describe('run: the bookkeeping around the build', () => {
    let dir: string;
    beforeEach(() => {
      dir = makeTempDir();
      for (const [name, version] of [['electron', '45.4.1'], ['better-sqlite3', '12.11.1']] as const) {
        fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
        fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
      }
    });
    afterEach(() => removeTempDir(dir));

    const fakeBuild = (calls: string[]) => async (at: string, target: { electron: string }) => {
      calls.push(target.electron);
      fs.mkdirSync(path.dirname(path.join(at, ELECTRON_BINDING)), { recursive: true });
      fs.writeFileSync(path.join(at, ELECTRON_BINDING), 'binary');
    };

    it('builds once, records it, and the next install (or npm start) finds it ready', async () => {
      const calls: string[] = [];
      const lines: string[] = [];
      const first = await run({ root: dir, env: {}, build: fakeBuild(calls), print: (l: string) => lines.push(l) });
      expect(first).toMatchObject({ code: 0, plan: { action: 'build' } });
      const second = await run({ root: dir, env: {}, ensure: true, build: fakeBuild(calls), print: (l: string) => lines.push(l) });
      expect(second).toMatchObject({ code: 0, plan: { action: 'ready' } });
      expect(calls).toEqual(['45.4.1']);
    });

    it('a failed build does not fail npm install, says so, and npm start (ensure) refuses until it works', async () => {
      const lines: string[] = [];
      const failing = async () => {
        throw new Error('no network');
      };
      const install = await run({ root: dir, env: {}, build: failing, print: (l: string) => lines.push(l) });
      expect(install.code).toBe(0);
      expect(lines.join('\n')).toMatch(/failed: no network[\s\S]*still work/);
      const start = await run({ root: dir, env: {}, ensure: true, build: failing, print: () => {} });
      expect(start.code).toBe(1);
    });

    it('with the skip variable npm install succeeds and npm start says what to do instead', async () => {
      const lines: string[] = [];
      expect((await run({ root: dir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, print: (l: string) => lines.push(l) })).code).toBe(0);
      expect(lines).toHaveLength(1);
      expect((await run({ root: dir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, ensure: true, print: (l: string) => lines.push(l) })).code).toBe(1);
      expect(lines.at(-1)).toMatch(/npm run start:browser/);
    });
  });

  it('is the postinstall step, and npm start ensures the Electron build before it opens the window', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['postinstall']).toBe('node scripts/electron-native.mjs');
    expect(pkg.scripts['start']).toMatch(/^node scripts\/electron-native\.mjs --ensure && /);
  });

  it('after the install script ran with the skip variable, Node still loads its own build of better-sqlite3', () => {
    const script = spawnSync(process.execPath, ['scripts/electron-native.mjs'], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, encoding: 'utf8' });
    expect(script.status).toBe(0);
    expect(script.stdout.trim().split('\n')).toHaveLength(1);
    const load = spawnSync(process.execPath, ['-e', "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select 1 + 1 as two').get().two)"], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('2');
  });
});

describe('which better-sqlite3 build each runtime loads', () => {
  const exists = (files: string[]) => (file: string) => files.includes(file);
  const checkout = path.join(path.sep, 'src', 'beheerconsole');
  const electronBuild = path.join(checkout, ...ELECTRON_BINDING_PATH);

  it('the install script and main name the same Electron build', () => {
    expect(path.join(...ELECTRON_BINDING_PATH)).toBe(ELECTRON_BINDING);
  });

  it('Node (tests, CLI, browser mode) loads the default build', () => {
    expect(chooseNativeBinding({ electronVersion: undefined, moduleFile: path.join(checkout, 'out', 'main', 'index.js'), exists: () => true })).toEqual({
      kind: 'default',
      why: 'node',
    });
  });

  it('Electron from a checkout loads the side-by-side build, found from the built main or a worker chunk', () => {
    for (const moduleFile of [path.join(checkout, 'out', 'main', 'index.js'), path.join(checkout, 'out', 'main', 'chunks', 'database-x1.js')]) {
      const choice = chooseNativeBinding({ electronVersion: '45.4.1', moduleFile, exists: exists([path.join(checkout, 'package.json'), electronBuild]) });
      expect(choice).toEqual({ kind: 'electron-build', file: electronBuild });
    }
    expect(chooseNativeBinding({ electronVersion: '45.4.1', moduleFile: path.join(checkout, 'out', 'main', 'index.js'), exists: exists([path.join(checkout, 'package.json')]) })).toEqual({
      kind: 'missing',
      file: electronBuild,
    });
  });

  it('the packaged app (inside app.asar) loads the build electron-builder rebuilt for Electron', () => {
    const moduleFile = 'C:\\Users\\x\\AppData\\Local\\Programs\\Beheerconsole\\resources\\app.asar\\out\\main\\index.js';
    expect(chooseNativeBinding({ electronVersion: '45.4.1', moduleFile, exists: () => true })).toEqual({ kind: 'default', why: 'packaged' });
  });
});
