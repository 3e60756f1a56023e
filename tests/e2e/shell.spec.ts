import fs from 'node:fs';
import path from 'node:path';
import { expect, startConsole, test } from './fixtures';
import { expectAccessible } from './support';

test.describe('app shell in browser mode', () => {
  test('shows the Dutch shell with live answers from the bridge', async ({ page, consoleServer, pageErrors }, testInfo) => {
    const bridgeCalls: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/bridge/')) bridgeCalls.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(consoleServer.url);

    await expect(page.getByRole('heading', { name: 'Beheerconsole' })).toBeVisible();
    await expect(page.getByTestId('locations-empty')).toHaveText(/^Nog geen locaties\./);
    await expect(page.getByRole('heading', { name: 'Mijn schoollocaties' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Schoollocatie toevoegen' })).toBeVisible();

    // These three come from main over the bridge: version and mode, connection, pending changes.
    await expect(page.getByTestId('version')).toHaveText(/^Versie \d+\.\d+\.\d+ · browsermodus$/);
    await expect(page.getByTestId('connection')).toHaveText('Offline · nog geen centrale dienst ingesteld');
    await expect(page.getByTestId('pending')).toHaveText('Geen wijzigingen in de wachtrij');
    expect(bridgeCalls).toEqual(
      expect.arrayContaining(['200 /bridge/app:get-info', '200 /bridge/locations:get-overview', '200 /bridge/sync:get-status']),
    );

    // The token leaves the address bar as soon as the page has read it.
    expect(page.url()).not.toContain(consoleServer.token);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await expect(page).toHaveTitle('Mijn schoollocaties · Beheerconsole');

    const screenshot = testInfo.outputPath('shell.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(fs.statSync(screenshot).size).toBeGreaterThan(5_000);
    expect(pageErrors).toEqual([]);
  });

  test('the accessibility check bites: a button without a name is a serious violation', async ({ page, consoleServer }) => {
    await page.goto(consoleServer.url);
    await expect(page.getByRole('heading', { name: 'Mijn schoollocaties' })).toBeVisible();
    await expectAccessible(page, 'Mijn schoollocaties');
    await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')));
    await expect(expectAccessible(page, 'met een naamloze knop')).rejects.toThrow(/button-name \(critical\)/);
  });

  test('the page is served with the strict CSP, and inline script is blocked', async ({ page, consoleServer }) => {
    const response = await page.goto(consoleServer.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("default-src 'none'");
    const violations: string[] = [];
    page.on('console', (m) => violations.push(m.text()));
    const ran = await page.evaluate(() => {
      const w = window as unknown as { inlineRan?: boolean };
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.appendChild(s);
      return w.inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.join('\n')).toContain('Content Security Policy');
  });

  test('opened without the token, the shell says in Dutch how to open it', async ({ page, consoleServer }) => {
    await page.goto(consoleServer.origin);
    await expect(page.getByRole('alert')).toContainText('zonder toegangssleutel');
    await expect(page.getByTestId('statusbar')).toContainText('De console is niet bereikbaar.');
    // Nothing is known of the locations: no "Nog geen locaties" beside "niet bereikbaar" (issue 33).
    await expect(page.getByTestId('locations-empty')).toHaveCount(0);
  });

  test('a corrupt database is reported in the shell and left untouched', async ({ page }) => {
    const garbage = 'dit is geen database '.repeat(300);
    const server = await startConsole((dir) => fs.writeFileSync(path.join(dir, 'beheerconsole.sqlite'), garbage));
    try {
      await page.goto(server.url);
      await expect(page.getByRole('alert').first()).toContainText('is beschadigd, of versleuteld met een sleutel die hier ontbreekt');
      await expect(page.getByTestId('version')).toBeVisible();
      expect(fs.readFileSync(path.join(server.dataDir, 'beheerconsole.sqlite'), 'utf8')).toBe(garbage);
    } finally {
      await server.stop();
    }
  });
});
