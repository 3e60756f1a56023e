import fs from 'node:fs';
import { expect, test } from './fixtures';
import { expectAccessible } from './support';

test('"Support en updates": the line of what the logs hold, the newest log as a download, updates said honestly', async ({ page, consoleServer, pageErrors }, testInfo) => {
  await page.goto(consoleServer.url);
  await page.getByTestId('support-open').click();
  const dialog = page.getByTestId('support-dialog');
  await expect(dialog.getByRole('heading', { name: 'Support en updates' })).toBeVisible();
  await expect(dialog.getByTestId('support-log-line')).toContainText('geen namen, e-mailadressen, wachtwoorden, BSN’s of andere persoonsgegevens');
  await expect(dialog.getByTestId('support-update-line')).toHaveText(/alleen de geïnstalleerde Beheerconsole/);
  await expectAccessible(page, 'support dialog');

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Logbestand downloaden' }).click()]);
  expect(download.suggestedFilename()).toBe('browser.log');
  const saved = testInfo.outputPath('browser.log');
  await download.saveAs(saved);
  expect(fs.readFileSync(saved, 'utf8')).toMatch(/INFO app\.start mode=browser version=\d+\.\d+\.\d+/);
  await expect(dialog.getByTestId('support-message')).toContainText('browser.log is gedownload');
  await page.screenshot({ path: testInfo.outputPath('support-dialog.png') });

  // Escape closes it and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('support-open')).toBeFocused();
  expect(pageErrors).toEqual([]);
});
