import { expect, test } from './fixtures';
import { expectAccessible, snap, startReferenceApi } from './support';

/**
 * Issue 35, point 2: the service address can be changed in *Support en updates* — tested before it is saved; an
 * address that does not answer only on "Toch opslaan"; the policy in force is shown (none here).
 */
test('the service address is changed in Support en updates: tested first, saved when it answers, or on "Toch opslaan"', async ({ page, consoleServer, pageErrors }, testInfo) => {
  const api = await startReferenceApi();
  try {
    await page.goto(consoleServer.url);
    await page.getByTestId('support-open').click();
    const dialog = page.getByTestId('support-dialog');
    const section = dialog.getByTestId('service-address');
    await expect(section.getByTestId('service-address-current')).toHaveText('Geen adres');
    await expect(section.getByTestId('service-address-source')).toContainText('nog geen adres ingesteld');
    await expect(dialog.getByTestId('support-policy')).toContainText('heeft de ICT-afdeling niets vastgelegd');

    // Not an address: said at the field, nothing saved.
    const input = section.getByLabel('Nieuw adres (https://…)');
    await input.fill('ftp://lvs.school.nl');
    await section.getByTestId('service-address-save').click();
    await expect(section.locator('.field-error')).toContainText('https://');
    await expect(input).toBeFocused();

    // An address where nothing answers: the cause, and "Toch opslaan" for who knows better (offline now).
    await input.fill('http://127.0.0.1:9/');
    await section.getByTestId('service-address-save').click();
    await expect(section.getByTestId('service-address-failed')).toContainText('De test naar dit adres lukte niet');
    await expect(section.getByTestId('service-address-current')).toHaveText('Geen adres');
    await snap(page, testInfo, 'support-address-failed');
    await section.getByTestId('service-address-force').click();
    await expect(section.getByTestId('service-address-saved')).toContainText('de console gebruikt nu http://127.0.0.1:9/');
    await expect(section.getByTestId('service-address-current')).toHaveText('http://127.0.0.1:9/');
    await expect(section.getByTestId('service-address-source')).toContainText('Ingesteld door een beheerder op deze pc');

    // The right address: tested, answered, saved at once.
    await input.fill(api.origin);
    await section.getByTestId('service-address-save').click();
    await expect(section.getByTestId('service-address-saved')).toContainText(`de console gebruikt nu ${api.origin}`);
    await expect(section.getByTestId('service-address-failed')).toHaveCount(0);
    await expectAccessible(page, 'support dialog with the service address');
    await snap(page, testInfo, 'support-address-saved');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(pageErrors).toEqual([]);
  } finally {
    await api.stop();
  }
});
