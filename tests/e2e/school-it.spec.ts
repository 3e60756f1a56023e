import { expect, test } from './fixtures';
import { addLocation, expectAccessible, snap, startReferenceApi } from './support';

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

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * Issue 35, point 4: Windows' contrast themes (forced colors) and "more contrast": what said something only by a
 * background still shows (the current step, a primary button), and the muted text gets darker. Screenshots of both.
 */
test('high contrast: forced colours keep the current step and the buttons visible; "more contrast" darkens muted text', async ({ page, consoleServer, pageErrors }, testInfo) => {
  await page.goto(consoleServer.url);
  await addLocation(page, '99ZX10', 'Het Lyceum', '');
  const current = page.locator('.nav-item[aria-current]').first();
  const primary = page.locator('.button-primary').first();
  const hint = page.locator('.sidenav .nav-heading').first();
  await expect(current).toBeVisible();
  const before = { outline: await current.evaluate((el) => getComputedStyle(el).outlineStyle), hint: await hint.evaluate((el) => getComputedStyle(el).color) };
  expect(before.outline).toBe('none');

  await page.emulateMedia({ forcedColors: 'active' });
  await expect.poll(() => current.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  expect(await primary.evaluate((el) => parseFloat(getComputedStyle(el).borderTopWidth))).toBeGreaterThanOrEqual(2);
  await snap(page, testInfo, 'forced-colors');

  await page.emulateMedia({ forcedColors: 'none', contrast: 'more' });
  await expect.poll(() => hint.evaluate((el) => getComputedStyle(el).color)).not.toBe(before.hint);
  const background = await page.locator('.sidenav').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(contrast(await hint.evaluate((el) => getComputedStyle(el).color), background)).toBeGreaterThanOrEqual(7);
  await snap(page, testInfo, 'more-contrast');
  expect(pageErrors).toEqual([]);
});
