import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startConsole, test } from './fixtures';
import { addLocation, addUserByHand, edexmlFile, importFile } from './support';
import { stillReadable } from '../helpers/data-folder';

/** Folders and files of the data folder whose permission bits are not 0700 / 0600. */
function openToOthers(dir: string): string[] {
  const wrong: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    let mode: number;
    try {
      mode = fs.statSync(full).mode & 0o777;
    } catch {
      continue;
    }
    if (mode !== (entry.isDirectory() ? 0o700 : 0o600)) wrong.push(`${path.relative(dir, full)} ${mode.toString(8)}`);
  }
  return wrong;
}

/**
 * Issue 34, black box: the built browser mode and the built CLI on one data folder. With encryption on nothing of the
 * pupils or colleagues is readable in it at any time; every folder is 0700 and every file 0600; exports are in the log.
 */
test('pupil data on the PC: encrypted, private to its user, every export on record (built browser mode and CLI)', async ({ page, pageErrors }, testInfo) => {
  test.setTimeout(90_000);
  const server = await startConsole();
  try {
    await page.goto(server.url);
    await addLocation(page, '99ZX10', 'Het Lyceum', '');
    const file = edexmlFile(testInfo, '99ZX10', 120, 8);
    await importFile(page, file);
    await page.getByTestId('to-confirm').click();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('nav-confirm-school')).toHaveAttribute('data-state', 'done');
    await page.getByTestId('nav-add-users').click();
    await addUserByHand(page, { voornaam: 'Xandrijn', achternaam: 'Zwartveldt', email: 'x.zwartveldt@lyceum.example' });
    await expect(page.getByTestId('user-list')).toContainText('Xandrijn Zwartveldt');

    const xml = fs.readFileSync(file, 'utf8');
    const traces = [...[...xml.matchAll(/eckid="([^"]+)"/g)].map((m) => m[1]!), ...[...xml.matchAll(/<achternaam>([^<]{6,})<\/achternaam>/g)].map((m) => m[1]!), 'Zwartveldt', 'x.zwartveldt@lyceum.example'];
    const readable = () => stillReadable(server.dataDir, traces);
    expect(readable()).toEqual([]);
    if (process.platform !== 'win32') expect(openToOthers(server.dataDir)).toEqual([]);

    // The users CSV from the window, the confirmed data from the built CLI: both in the log.
    const download = page.waitForEvent('download');
    await page.getByTestId('users-export-csv').click();
    expect((await download).suggestedFilename()).toMatch(/^gebruikers-99ZX10-\d{4}-\d{2}-\d{2}\.csv$/);
    const out = testInfo.outputPath('bevestigd.xml');
    execFileSync(process.execPath, [path.resolve('out/main/cli.js'), 'export', out, '--brin6', '99ZX10', '--data-dir', server.dataDir], { stdio: 'pipe' });
    await page.getByTestId('nav-audit').click();
    const log = page.getByTestId('audit-list');
    await expect(log).toContainText('Gebruikerslijst (CSV): 1 gebruiker → gebruikers-99ZX10-');
    await expect(log).toContainText('Bevestigde schoolgegevens (EDEXML 2.1): 120 leerlingen → bevestigd.xml');
    expect(readable()).toEqual([]);
    if (process.platform !== 'win32') expect(openToOthers(server.dataDir)).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await server.stop();
  }
});

/** Every file and folder under `dir`, with its content: what a read-only run must leave exactly as it was. */
function folderState(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return `${path.relative(dir, full)} ${entry.isFile() ? fs.readFileSync(full).toString('base64') : 'map'}`;
    })
    .sort();
}

/**
 * Issue 34, point 5, black box: a data folder its user may only read (every folder r-x, every file r--). Root may write
 * anywhere, so as root (CI) the CLI runs without the capabilities that let it (setpriv drops CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH from its bounding set): then the permission bits bind it like any user, wherever the checkout is.
 */
test('a read-only data folder: the built CLI still answers "status"; a change is refused in Dutch and nothing is written', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-alleen-lezen-'));
  const cli = path.resolve('out/main/cli.js');
  const env = { ...process.env, BEHEERCONSOLE_KEYRING: 'off', HOME: dataDir };
  execFileSync(process.execPath, [cli, 'locations', 'add', '99ZX10', '--name', 'Het Lyceum', '--data-dir', dataDir], { stdio: 'pipe', env });
  const asRoot = process.getuid?.() === 0;
  execFileSync('chmod', ['-R', 'a-w', dataDir]);
  const run = (...args: string[]) => {
    const command = asRoot ? 'setpriv' : process.execPath;
    const argv = asRoot ? ['--bounding-set=-dac_override,-dac_read_search', process.execPath, cli, ...args] : [cli, ...args];
    try {
      return { code: 0, stdout: execFileSync(command, argv, { cwd: dataDir, stdio: 'pipe', env, encoding: 'utf8' }), stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  try {
    const before = folderState(dataDir);
    const status = run('status', '--data-dir', dataDir);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('99ZX10: 0 in de wachtrij');
    const add = run('locations', 'add', '99ZX11', '--name', 'Dependance', '--data-dir', dataDir);
    expect(add.code).not.toBe(0);
    expect(add.stderr).toContain('De map met de gegevens van de console is alleen-lezen: er is niets gewijzigd.');
    expect(add.stderr).not.toMatch(/EROFS|EACCES|readonly database/i);
    expect(folderState(dataDir)).toEqual(before);
  } finally {
    execFileSync('chmod', ['-R', 'u+w', dataDir]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
