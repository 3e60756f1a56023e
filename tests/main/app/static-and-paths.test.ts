import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideLaunch } from '../../../main/cli/launch';
import { defaultUserDataDir } from '../../../main/app/paths';
import { resolveStaticFile } from '../../../main/static/resolve';

describe('static file resolution (app:// and browser mode)', () => {
  const root = path.resolve('/srv/renderer');
  it('serves index.html for / and for app routes, files by extension', () => {
    expect(resolveStaticFile(root, '/')?.file).toBe(path.join(root, 'index.html'));
    expect(resolveStaticFile(root, '/locaties/99ZX10')?.file).toBe(path.join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/index-abc.js')).toEqual({
      file: path.join(root, 'assets', 'index-abc.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveStaticFile(root, '/assets/app.css?v=1')?.mimeType).toBe('text/css; charset=utf-8');
  });

  it('never leaves the root, however the path is encoded', () => {
    for (const attack of ['/../package.json', '/assets/../../x.js', '/%2e%2e/secret.js', '/..%2f..%2fsecret.js', '/a%5c..%5cb.js', '/x.js%00.css', '/%E0%A4%A']) {
      expect(resolveStaticFile(root, attack), attack).toBeNull();
    }
  });

  it('refuses file types it does not know', () => {
    expect(resolveStaticFile(root, '/beheerconsole.sqlite')).toBeNull();
    expect(resolveStaticFile(root, '/config.jsonx')).toBeNull();
  });
});

describe('data folder', () => {
  it('matches Electron userData per platform', () => {
    expect(defaultUserDataDir('linux', {}, '/home/coord')).toBe('/home/coord/.config/Beheerconsole');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/coord')).toBe('/cfg/Beheerconsole');
    expect(defaultUserDataDir('darwin', {}, '/Users/coord')).toBe('/Users/coord/Library/Application Support/Beheerconsole');
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\coord\\AppData\\Roaming' }, 'C:\\Users\\coord')).toBe(
      'C:\\Users\\coord\\AppData\\Roaming\\Beheerconsole',
    );
  });

  it('reads --data-dir in both spellings', () => {
    expect(decideLaunch(['--data-dir', '/tmp/a'])).toEqual({ kind: 'window', dataDir: path.resolve('/tmp/a') });
    expect(decideLaunch(['--data-dir=/tmp/b'])).toEqual({ kind: 'window', dataDir: path.resolve('/tmp/b') });
    expect(decideLaunch(['--data-dir', '--other'])).toEqual({ kind: 'window', dataDir: undefined });
    expect(decideLaunch([])).toEqual({ kind: 'window', dataDir: undefined });
  });
});
