import { expect, test } from './fixtures';
import { addLocation, expectAccessible } from './support';

test('adding a location: a wrong or duplicate Brin6-code is marked at its field, focused, and nothing is added', async ({ page, consoleServer, pageErrors }) => {
  await page.goto(consoleServer.url);
  const brin6 = page.getByLabel('Brin6-code');

  // The page's own check: marked and focused, no location added.
  await brin6.fill('99Z');
  await page.getByLabel('Naam van de school of locatie').fill('Het Lyceum');
  await page.getByRole('button', { name: 'Locatie toevoegen' }).click();
  await expect(brin6).toHaveAttribute('aria-invalid', 'true');
  await expect(brin6).toBeFocused();
  await expect(page.getByTestId('screen-error')).toHaveText(/Vul het gemarkeerde veld goed in\./);
  await expect(page.getByTestId('locations-empty')).toBeVisible();

  // Main's refusal (the location exists already) marks the same field from its issues.
  await addLocation(page, '99ZX10', 'Het Lyceum', '');
  await page.getByRole('button', { name: 'Mijn schoollocaties' }).click();
  await brin6.fill('99ZX10');
  await page.getByLabel('Naam van de school of locatie').fill('Tweede keer');
  await page.getByRole('button', { name: 'Locatie toevoegen' }).click();
  await expect(page.locator('#add-brin6-error')).toHaveText(/Locatie 99ZX10 staat al in deze console/);
  await expect(brin6).toBeFocused();
  await expect(page.getByTestId('screen-error')).not.toContainText('locations:add');
  await expectAccessible(page, 'add location with a refused field');
  expect(pageErrors).toEqual([]);
});
