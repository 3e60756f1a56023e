import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
