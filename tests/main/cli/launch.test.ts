import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideLaunch, userArgs } from '../../../main/cli/launch';
import { runCliProcess } from '../../../main/cli/run';
import { CLI_COMMANDS } from '../../../main/cli/options';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const root = path.resolve(import.meta.dirname, '../../..');

describe('one executable: which start opens the window, which runs a command headless', () => {
  it('strips the executable (installed) or electron and the app folder (checkout)', () => {
    expect(userArgs(['C:\\Programs\\Beheerconsole\\Beheerconsole.exe', 'status', '--json'], false)).toEqual(['status', '--json']);
    expect(userArgs(['/usr/lib/electron/electron', '.', 'status'], true)).toEqual(['status']);
  });

  it('every CLI command runs headless, with its arguments as given', () => {
    for (const command of CLI_COMMANDS) {
      expect(decideLaunch([command, '--json'])).toEqual({ kind: 'cli', args: [command, '--json'] });
    }
    expect(decideLaunch(['--data-dir', 'D:\\data', 'validate', 'school.xml', '--json'])).toEqual({
      kind: 'cli',
      args: ['--data-dir', 'D:\\data', 'validate', 'school.xml', '--json'],
    });
    expect(decideLaunch(['import', 'a.xml', '--brin6', '99ZX10', '--confirm']).kind).toBe('cli');
    expect(decideLaunch(['--help'])).toEqual({ kind: 'cli', args: ['--help'] });
    expect(decideLaunch(['-h']).kind).toBe('cli');
    expect(decideLaunch(['--version'])).toEqual({ kind: 'cli', args: ['--version'] });
  });

  it('no arguments, Chromium’s own switches, a second start or a file opened with the app: the window', () => {
    expect(decideLaunch([])).toEqual({ kind: 'window', dataDir: undefined });
    expect(decideLaunch(['--no-sandbox', '--allow-file-access-from-files']).kind).toBe('window');
    expect(decideLaunch(['--original-process-start-time=13370000000000000']).kind).toBe('window');
    expect(decideLaunch(['C:\\Users\\coord\\Downloads\\school.xml']).kind).toBe('window');
    expect(decideLaunch(['--data-dir', '/tmp/tweede-coordinator'])).toEqual({ kind: 'window', dataDir: path.resolve('/tmp/tweede-coordinator') });
  });

  it('main/index.ts follows Electron’s single-instance pattern: without the lock it quits and opens nothing', () => {
    const index = fs.readFileSync(path.join(root, 'main/index.ts'), 'utf8');
    expect(index).toMatch(/if \(!app\.requestSingleInstanceLock\(\)\) \{\s*app\.quit\(\);\s*\} else \{\s*runWindow\(\);\s*\}/);
    // Everything that opens the cache or a window lives in runWindow; the CLI branch takes no lock.
    const windowPart = index.slice(index.indexOf('function runWindow'));
    expect(windowPart).toContain('app.whenReady()');
    expect(windowPart).toContain("app.on('second-instance'");
    expect(index.slice(0, index.indexOf('function runWindow')).match(/createServices\(|createMainWindow\(/g)).toBeNull();
    const headless = index.slice(index.indexOf('function runHeadless'), index.indexOf('function runWindow'));
    // The headless command waits for `ready` only so that its requests go through Chromium's network stack (issue 30).
    expect(headless).toMatch(/app\s*\.whenReady\(\)\s*\.then\(\(\) =>\s*runCliProcess\(args, \{[\s\S]*transportFactory: chromiumTransport/);
    expect(headless).toContain('runCliProcess(args');
    expect(headless).toContain('app.exit(code)');
    expect(headless).not.toContain('requestSingleInstanceLock');
  });
});

describe('a command as the installed executable runs it', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('same commands and exit codes as npm run cli, hints in the executable’s own name, and a line in cli.log', async () => {
    let out = '';
    let err = '';
    const io = { version: '0.1.0', invocation: 'Beheerconsole.exe', stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    expect(await runCliProcess(['--data-dir', dir, 'help'], io)).toBe(0);
    expect(out).toContain('Gebruik: Beheerconsole.exe <opdracht> [opties]');
    expect(await runCliProcess(['--data-dir', dir, 'import'], io)).toBe(2);
    expect(err).toContain('Noem het bestand: Beheerconsole.exe import BESTAND --brin6 99ZX10');
    expect(await runCliProcess(['--data-dir', dir, '--version'], io)).toBe(0);
    expect(out).toContain('Beheerconsole 0.1.0');
    expect(await runCliProcess(['--data-dir', dir, 'status', '--json'], io)).toBe(0);
    expect(JSON.parse(out.slice(out.lastIndexOf('{')))).toMatchObject({ locations: [] });
    const log = fs.readFileSync(path.join(dir, 'logs', 'cli.log'), 'utf8');
    expect(log).toMatch(/INFO cli.command command=help exit=0 ms=\d+ version=0.1.0/);
    expect(log).toMatch(/INFO cli.command command=import exit=2/);
    expect(log).toMatch(/INFO cli.command command=status exit=0/);
    expect(log).toMatch(/INFO cli.command command=version exit=0/);
    // A word that is no command may be a file or a person's name: only "unknown" is logged.
    expect(await runCliProcess(['--data-dir', dir, 'Jan de Vries'], io)).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'logs', 'cli.log'), 'utf8')).toMatch(/INFO cli.command command=unknown exit=2/);
  });
});
